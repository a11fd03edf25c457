package org.tocsin.gateway.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One message ready for a provider.
 *
 * @param to             recipient, E.164
 * @param from           sender number (or sender id) from the pool
 * @param body           text
 * @param statusCallback where the provider reports delivery, or null
 * @param validity       how long the provider may hold it before giving up, or null
 */
public record OutboundSms(String to, String from, String body, URI statusCallback, Duration validity) {
    public OutboundSms {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(body, "body");
    }
}
