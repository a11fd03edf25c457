package org.tocsin.contracts;

import java.time.Instant;

/**
 * A supporter's consent for a list changed. Compacted topic, keyed by {@link #key()}: the newest
 * event per supporter and list is the current state, so a new consumer can rebuild its view.
 *
 * @param supporterId   the supporter
 * @param phone         their number, E.164
 * @param listId        the list, or {@link #ALL_LISTS} when they left every list
 * @param state         the new state
 * @param firstName     the name they gave, or null
 * @param language      their language (ISO 639-1), or null
 * @param evidence      the exact inbound text or API call that caused the change
 * @param occurredAt    when it was recorded
 */
public record ConsentChanged(String supporterId, String phone, String listId, ConsentState state,
                             String firstName, String language, String evidence, Instant occurredAt) {

    /** List id meaning every list (STOP without a list keyword). */
    public static final String ALL_LISTS = "*";

    /** The Kafka key: one value per supporter and list. */
    public String key() {
        return supporterId + "/" + listId;
    }
}
