package org.tocsin.subscriber.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeywordTextTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            " Arrêt! | ARRET",
            "стоп.   | СТОП",
            "sí      | SI",
            "¿ayuda? | AYUDA",
            "ＪＯＩＮ | JOIN",
            "...     | ''",
            "o'neill | O'NEILL"})
    void normalisesCaseAccentsWidthAndSurroundingPunctuation(String word, String normalized) {
        assertThat(KeywordText.normalize(word)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"CLIMATE, true", "JOIN2026, true", "СТОП, true", "TWO WORDS, false", "O'NEILL, false", "'', false"})
    void aKeywordIsOneWordOfLettersAndDigits(String normalized, boolean single) {
        assertThat(KeywordText.isSingleWord(normalized)).isEqualTo(single);
    }
}
