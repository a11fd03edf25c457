package org.tocsin.gateway.twilio;

import com.twilio.base.Page;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.tocsin.gateway.provider.OutboundSms;
import org.tocsin.gateway.provider.ProviderAdapter;
import org.tocsin.gateway.provider.ProviderLookupException;
import org.tocsin.gateway.provider.SendOutcome;
import org.tocsin.platform.logging.PhoneMasking;

/** Sends SMS and WhatsApp messages through Twilio's Messages API with the official SDK. */
@Component
class TwilioSmsAdapter implements ProviderAdapter {

    /** Pages of 50 looked at, newest first, when looking for a message after a crash. */
    private static final int MAX_LOOKUP_PAGES = 4;
    private static final long LOOKUP_PAGE_SIZE = 50;
    /** Twilio's longest ValidityPeriod (10 hours). */
    private static final long MAX_VALIDITY_SECONDS = 36_000;

    private final TwilioRestClient client;
    /** The public base URL as status callbacks start with it; fails at start-up when it is missing. */
    private final String publicBase;

    TwilioSmsAdapter(TwilioRestClient client, TwilioProperties properties) {
        this.client = client;
        this.publicBase = TwilioWebhooks.base(properties.publicBaseUrl());
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public SendOutcome send(OutboundSms sms) {
        var creator = Message.creator(new PhoneNumber(TwilioAddresses.of(sms.to(), sms.channel())),
                new PhoneNumber(TwilioAddresses.of(sms.from(), sms.channel())), sms.body());
        if (sms.statusCallback() != null) {
            creator.setStatusCallback(sms.statusCallback());
        }
        if (sms.validity() != null) {
            creator.setValidityPeriod((int) Math.clamp(sms.validity().toSeconds(), 1, MAX_VALIDITY_SECONDS));
        }
        try {
            Message message = creator.create(client);
            return new SendOutcome.Sent(message.getSid(), segments(message));
        } catch (ApiException e) {
            return TwilioErrors.outcome(e.getCode(), e.getStatusCode(), PhoneMasking.maskAll(e.getMessage()));
        } catch (ApiConnectionException e) {
            return new SendOutcome.Failed("network", "Twilio unreachable: " + PhoneMasking.maskAll(e.getMessage()), true);
        }
    }

    /**
     * Lists the recipient's messages, newest first, and stops at the first one older than {@code since}.
     * Not filtered by DateSent on Twilio's side: a message Twilio accepted but has not sent yet has no
     * DateSent, and it is exactly the one that must be found. Twilio's dates have whole seconds.
     */
    @Override
    public Optional<String> findSent(OutboundSms sms, Instant since) {
        String to = TwilioAddresses.of(sms.to(), sms.channel());
        String from = TwilioAddresses.of(sms.from(), sms.channel());
        Instant earliest = since.truncatedTo(ChronoUnit.SECONDS);
        MessageReader reader = Message.reader().setTo(new PhoneNumber(to)).setPageSize(LOOKUP_PAGE_SIZE);
        try {
            Page<Message> page = reader.firstPage(client);
            for (int pages = 1; ; pages++) {
                for (Message message : page.getRecords()) {
                    if (message.getDateCreated() != null && message.getDateCreated().toInstant().isBefore(earliest)) {
                        return Optional.empty();
                    }
                    if (matches(message, from, sms.body())) {
                        return Optional.of(message.getSid());
                    }
                }
                if (!page.hasNextPage() || pages >= MAX_LOOKUP_PAGES) {
                    return Optional.empty();
                }
                page = reader.nextPage(page, client);
            }
        } catch (TwilioException e) {
            throw new ProviderLookupException("cannot list Twilio messages: " + PhoneMasking.maskAll(e.getMessage()), e);
        }
    }

    private static boolean matches(Message message, String from, String body) {
        return message.getDirection() != Message.Direction.INBOUND
                && body.equals(message.getBody())
                && (message.getFrom() == null || from.equals(message.getFrom().toString()));
    }

    @Override
    public URI statusCallback(String messageId, String actionId, String supporterId) {
        return TwilioWebhooks.statusCallback(publicBase, messageId, actionId, supporterId);
    }

    private static int segments(Message message) {
        try {
            return Integer.parseInt(message.getNumSegments());
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
