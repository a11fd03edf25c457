package org.tocsin.subscriber.keyword;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An immutable snapshot of every keyword, by normalised word. */
public record KeywordSet(Map<String, Keyword> byWord) {

    public KeywordSet {
        byWord = Map.copyOf(byWord);
    }

    public static KeywordSet of(Collection<Keyword> keywords) {
        return new KeywordSet(keywords.stream().collect(Collectors.toMap(Keyword::word, Function.identity())));
    }

    /** The keyword for a word as typed, if it is one. */
    public Optional<Keyword> find(String word) {
        return Optional.ofNullable(byWord.get(KeywordText.normalize(word)));
    }
}
