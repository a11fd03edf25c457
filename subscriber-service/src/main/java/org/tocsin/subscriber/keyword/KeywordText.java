package org.tocsin.subscriber.keyword;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** How a word is compared: case, accents, width and surrounding punctuation do not matter. */
public final class KeywordText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[\\p{P}\\p{S}]+|[\\p{P}\\p{S}]+$");
    private static final Pattern SINGLE_WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private KeywordText() {
    }

    /** E.g. {@code " Arrêt! "} becomes {@code ARRET}, {@code "стоп."} becomes {@code СТОП}. */
    public static String normalize(String word) {
        if (word == null) {
            return "";
        }
        // NFKD splits accents off their letters and folds full-width and other compatibility forms.
        String plain = MARKS.matcher(Normalizer.normalize(word, Normalizer.Form.NFKD)).replaceAll("");
        return EDGE_PUNCTUATION.matcher(plain.strip()).replaceAll("").toUpperCase(Locale.ROOT);
    }

    /** True if {@code normalized} is one word of letters and digits, as a keyword must be. */
    public static boolean isSingleWord(String normalized) {
        return normalized != null && SINGLE_WORD.matcher(normalized).matches();
    }
}
