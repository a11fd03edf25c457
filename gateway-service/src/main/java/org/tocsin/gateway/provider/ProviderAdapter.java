package org.tocsin.gateway.provider;

/** One messaging provider. Implementations are beans; the gateway picks one by {@link #name()}. */
public interface ProviderAdapter {

    /** Short name used in configuration and events, e.g. {@code twilio}. */
    String name();

    /** Hands one message to the provider and says what became of it. Never throws for a provider's answer. */
    SendOutcome send(OutboundSms message);
}
