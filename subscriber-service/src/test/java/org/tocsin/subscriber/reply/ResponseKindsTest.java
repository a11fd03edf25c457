package org.tocsin.subscriber.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tocsin.contracts.ResponseKind;
import org.tocsin.subscriber.keyword.Keyword;
import org.tocsin.subscriber.keyword.KeywordAction;
import org.tocsin.subscriber.keyword.KeywordEngine;
import org.tocsin.subscriber.keyword.KeywordSet;

class ResponseKindsTest {

    static final KeywordSet KEYWORDS = KeywordSet.of(List.of(
            new Keyword("YES", "en", KeywordAction.CONFIRM, null), new Keyword("SI", "es", KeywordAction.CONFIRM, null),
            new Keyword("ДА", "ru", KeywordAction.CONFIRM, null), new Keyword("OUI", "fr", KeywordAction.CONFIRM, null),
            new Keyword("NO", null, KeywordAction.DECLINE, null), new Keyword("НЕТ", "ru", KeywordAction.DECLINE, null),
            new Keyword("NON", "fr", KeywordAction.DECLINE, null),
            new Keyword("JOIN", "en", KeywordAction.OPT_IN, UUID.randomUUID())));

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "YES            | YES",
            "yes!           | YES",
            "Yes, count me in | YES",
            "Sí             | YES",
            "si             | YES",
            "Да             | YES",
            "oui.           | YES",
            "No             | NO",
            "no way         | NO",
            "нет            | NO",
            "Non!           | NO",
            "Maria          | OTHER",
            "Maria Lopez    | OTHER",
            "I signed it    | OTHER",
            "JOIN           | OTHER",
            "yesterday      | OTHER"})
    void normalisesARepliesMeaningInEveryLanguage(String reply, ResponseKind kind) {
        assertThat(ResponseKinds.of(KeywordEngine.interpret(reply, KEYWORDS))).isEqualTo(kind);
    }
}
