package org.tocsin.gateway.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.tocsin.contracts.Channel;

/**
 * One message ready for a provider.
 *
 * @param to             recipient, E.164
 * @param from           sender number (or sender id) from the pool
 * @param body           text
 * @param statusCallback where the provider reports delivery, or null
 * @param validity       how long the provider may hold it before giving up, or null
 * @param channel        SMS or WhatsApp (the provider addresses both numbers accordingly)
 */
public record OutboundSms(String to, String from, String body, URI statusCallback, Duration validity, Channel channel) {
    public OutboundSms {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(body, "body");
        channel = channel == null ? Channel.SMS : channel;
    }

    /** An SMS. */
    public OutboundSms(String to, String from, String body, URI statusCallback, Duration validity) {
        this(to, from, body, statusCallback, validity, Channel.SMS);
    }
}
