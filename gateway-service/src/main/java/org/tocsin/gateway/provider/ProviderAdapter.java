package org.tocsin.gateway.provider;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** One messaging provider. Implementations are beans; the gateway picks one by {@link #name()}. */
public interface ProviderAdapter {

    /** Short name used in configuration and events, e.g. {@code twilio}. */
    String name();

    /** Hands one message to the provider and says what became of it. Never throws for a provider's answer. */
    SendOutcome send(OutboundSms message);

    /**
     * The provider's id of a message it already accepted with this recipient, sender channel and
     * body, created at or after {@code since}; empty when it has none. Used after a crash, when
     * nobody knows whether the last attempt reached the provider.
     *
     * @throws ProviderLookupException when the provider cannot be asked (then nobody may resend yet)
     */
    Optional<String> findSent(OutboundSms message, Instant since);

    /** Where the provider should report the delivery of our message, carrying our ids so no lookup is needed. */
    URI statusCallback(String messageId, String actionId, String supporterId);
}
