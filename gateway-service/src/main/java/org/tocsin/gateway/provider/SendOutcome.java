package org.tocsin.gateway.provider;

import java.time.Duration;

/** What a provider did with one message. */
public sealed interface SendOutcome {

    /** Accepted by the provider; delivery is reported later by status callback. */
    record Sent(String providerMessageId, int segments) implements SendOutcome {
    }

    /** Not now: the provider or the sender's rate says wait. Not a failure; try again after {@code retryAfter}. */
    record Throttled(Duration retryAfter) implements SendOutcome {
    }

    /** The recipient has opted out at the provider (Twilio 21610): never send again, and record the opt-out. */
    record OptedOut(String code) implements SendOutcome {
    }

    /**
     * Refused or broken.
     *
     * @param code      the provider's error code, or a short token such as {@code network}
     * @param reason    readable reason, without the recipient's number
     * @param retryable true when the same request may succeed later (network, 5xx), false when it never will
     */
    record Failed(String code, String reason, boolean retryable) implements SendOutcome {
    }
}
