package org.tocsin.subscriber.keyword;

import java.util.Objects;
import java.util.UUID;

/**
 * One keyword.
 *
 * @param word     normalised ({@link KeywordText#normalize(String)})
 * @param language ISO 639-1 code, or null for a word several languages share (STOP, INFO)
 * @param action   what texting it does
 * @param listId   the list it joins (opt-in) or leaves (opt-out; null = every list); null otherwise
 */
public record Keyword(String word, String language, KeywordAction action, UUID listId) {
    public Keyword {
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(action, "action");
    }
}
