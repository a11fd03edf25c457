package org.tocsin.gateway.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import org.springframework.stereotype.Component;
import org.tocsin.gateway.provider.OutboundSms;
import org.tocsin.gateway.provider.ProviderAdapter;
import org.tocsin.gateway.provider.SendOutcome;
import org.tocsin.platform.logging.PhoneMasking;

/** Sends SMS through Twilio's Messages API with the official SDK. */
@Component
class TwilioSmsAdapter implements ProviderAdapter {

    private final TwilioRestClient client;

    TwilioSmsAdapter(TwilioRestClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public SendOutcome send(OutboundSms sms) {
        var creator = Message.creator(new PhoneNumber(sms.to()), new PhoneNumber(sms.from()), sms.body());
        if (sms.statusCallback() != null) {
            creator.setStatusCallback(sms.statusCallback());
        }
        if (sms.validity() != null) {
            creator.setValidityPeriod((int) Math.max(1, sms.validity().toSeconds()));
        }
        try {
            Message message = creator.create(client);
            return new SendOutcome.Sent(message.getSid(), segments(message));
        } catch (ApiException e) {
            return TwilioErrors.outcome(e.getCode(), e.getStatusCode(), PhoneMasking.maskAll(e.getMessage()));
        } catch (ApiConnectionException e) {
            return new SendOutcome.Failed("network", "Twilio unreachable: " + e.getMessage(), true);
        }
    }

    private static int segments(Message message) {
        try {
            return Integer.parseInt(message.getNumSegments());
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
