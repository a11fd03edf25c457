package org.tocsin.contracts;

import java.time.Instant;

/**
 * A provider refused a send because the recipient opted out with the provider itself (Twilio
 * 21610): Tocsin records the opt-out as if the supporter had texted STOP.
 *
 * @param phone      the recipient, E.164
 * @param provider   e.g. {@code twilio}
 * @param code       the provider's code
 * @param occurredAt when the provider said so
 */
public record OptOutReportedByProvider(String phone, String provider, String code, Instant occurredAt) {
}
