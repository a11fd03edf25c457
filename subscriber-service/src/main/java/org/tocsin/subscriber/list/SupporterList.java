package org.tocsin.subscriber.list;

import java.time.Instant;
import java.util.UUID;

/**
 * A list supporters join by texting its keyword.
 *
 * @param doubleOptIn joining needs a YES before the supporter gets anything
 */
public record SupporterList(UUID id, String name, String keyword, boolean doubleOptIn, Instant createdAt) {

    /** The list seeded by the migration, joined with JOIN (and START and their translations). */
    public static final UUID DEFAULT_LIST_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
}
