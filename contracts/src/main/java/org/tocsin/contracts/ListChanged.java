package org.tocsin.contracts;

import java.time.Instant;

/**
 * A supporter list was created or changed. Compacted, keyed by list id: dispatch learns which
 * lists exist (and refuses actions to unknown ones) without calling subscriber-service.
 *
 * @param listId      the list
 * @param name        its name
 * @param doubleOptIn whether joining needs a YES
 * @param occurredAt  when
 */
public record ListChanged(String listId, String name, boolean doubleOptIn, Instant occurredAt) {
}
