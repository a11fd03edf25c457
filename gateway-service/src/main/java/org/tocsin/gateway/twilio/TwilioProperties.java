package org.tocsin.gateway.twilio;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Twilio account and addresses, from the environment ({@code TOCSIN_TWILIO_*}); the auth token is a
 * secret and is never committed.
 *
 * @param accountSid    account SID ({@code AC…})
 * @param authToken     auth token: signs webhooks and authenticates API calls
 * @param apiBaseUrl    Twilio's API, or the simulator's address in tests and the local stack
 * @param publicBaseUrl the gateway's address as Twilio sees it: webhook signatures cover the full URL
 * @param senders       the sender numbers of the pool, E.164
 */
@ConfigurationProperties("tocsin.twilio")
public record TwilioProperties(String accountSid, String authToken,
                               @DefaultValue(TwilioProperties.TWILIO_API) URI apiBaseUrl,
                               URI publicBaseUrl,
                               @DefaultValue List<String> senders) {

    static final String TWILIO_API = "https://api.twilio.com";

    boolean usesRealTwilio() {
        return URI.create(TWILIO_API).equals(apiBaseUrl);
    }
}
