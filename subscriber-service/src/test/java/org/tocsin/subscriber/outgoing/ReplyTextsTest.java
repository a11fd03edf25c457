package org.tocsin.subscriber.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyTextsTest {

    static final ReplyTexts.Texts ENGLISH = new ReplyTexts.Texts("joined {list}", "confirm {list}", "stopped",
            "left {list}", "help", "hint", "thanks");
    static final ReplyTexts.Texts SPANISH_HELP_ONLY = new ReplyTexts.Texts(null, null, null, null, "ayuda", " ", null);

    final ReplyTexts texts = new ReplyTexts("en", Map.of("en", ENGLISH, "es", SPANISH_HELP_ONLY));

    @Test
    void usesTheLanguagesOwnTextAndFallsBackToEnglishTextByText() {
        assertThat(texts.help("es")).isEqualTo("ayuda");
        assertThat(texts.stopped("es")).isEqualTo("stopped");
        assertThat(texts.hint("es")).as("blank counts as missing").isEqualTo("hint");
        assertThat(texts.help("ru")).isEqualTo("help");
        assertThat(texts.help(null)).isEqualTo("help");
    }

    @Test
    void fillsInTheListsName() {
        assertThat(texts.joined("en", "Urgent actions")).isEqualTo("joined Urgent actions");
        assertThat(texts.leftList("es", "Clima")).isEqualTo("left Clima");
    }

    @Test
    void repliesInTheSupportersLanguageOnlyWhenTextsExistForIt() {
        assertThat(texts.languageOrFallback("es")).isEqualTo("es");
        assertThat(texts.languageOrFallback("ru")).isEqualTo("en");
        assertThat(texts.languageOrFallback(null)).isEqualTo("en");
    }

    @Test
    void refusesToStartWithoutEveryTextInTheFallbackLanguage() {
        assertThatThrownBy(() -> new ReplyTexts("en", Map.of("es", ENGLISH)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("texts.en");
        assertThatThrownBy(() -> new ReplyTexts("en", Map.of("en", SPANISH_HELP_ONLY)))
                .isInstanceOf(IllegalStateException.class);
    }
}
