package org.tocsin.subscriber.supporter;

import java.time.Instant;
import java.util.UUID;

/**
 * A person who texted us and whose consent we record.
 *
 * @param optedOutAt when they last left every list, or null if they have joined since (or never left)
 */
public record Supporter(UUID id, String phone, String firstName, String language, Instant optedOutAt,
                        Instant createdAt) {
}
