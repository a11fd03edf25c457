package org.tocsin.subscriber.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeywordEngineTest {

    static final UUID DEFAULT_LIST = UUID.fromString("00000000-0000-4000-8000-000000000001");
    static final UUID CLIMATE_LIST = UUID.fromString("11111111-2222-4333-8444-555555555555");
    static final UUID CLIMATE_STOP_LIST = UUID.fromString("66666666-2222-4333-8444-555555555555");

    // the seeded keywords, plus a campaign list's keyword and a list-specific opt-out word an admin added
    static final KeywordSet KEYWORDS = KeywordSet.of(Stream.concat(SeededKeywords.all().stream(), Stream.of(
            new Keyword("CLIMATE", null, KeywordAction.OPT_IN, CLIMATE_LIST),
            new Keyword("NOCLIMATE", "en", KeywordAction.OPT_OUT, CLIMATE_STOP_LIST))).toList());

    static Command interpret(String text) {
        return KeywordEngine.interpret(text, KEYWORDS);
    }

    // Each seeded word as typed in several ways: as seeded, lower case, capitalised, padded, with trailing
    // punctuation, with a leading Spanish mark, after a newline.
    static Stream<Arguments> variantsOf(KeywordAction action) {
        List<Arguments> cases = new ArrayList<>();
        for (Keyword k : SeededKeywords.withAction(action)) {
            String w = k.word();
            String lower = w.toLowerCase(Locale.ROOT);
            String capitalised = w.charAt(0) + lower.substring(1);
            for (String typed : List.of(w, lower, capitalised, "  " + w + "  ", w + "!", lower + ".", w + "?!",
                    "¡" + capitalised + "!", "\n" + lower + "\n", "\u00A0" + w, "\"" + w + "\"")) {
                cases.add(Arguments.of(k, typed));
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> optOutWords() {
        return variantsOf(KeywordAction.OPT_OUT);
    }

    static Stream<Arguments> optInWords() {
        return variantsOf(KeywordAction.OPT_IN);
    }

    static Stream<Arguments> helpWords() {
        return variantsOf(KeywordAction.HELP);
    }

    static Stream<Arguments> confirmWords() {
        return variantsOf(KeywordAction.CONFIRM);
    }

    static Stream<Arguments> declineWords() {
        return variantsOf(KeywordAction.DECLINE);
    }

    @Test
    void seedsTheRequiredWordsInEnglishRussianSpanishAndFrench() {
        Set<String> words = SeededKeywords.all().stream().map(Keyword::word).collect(Collectors.toSet());
        assertThat(words).contains("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
                "START", "UNSTOP", "JOIN", "HELP", "INFO", "YES", "NO");
        for (KeywordAction action : KeywordAction.values()) {
            assertThat(SeededKeywords.withAction(action)).extracting(Keyword::language)
                    .as("languages of %s", action).contains("ru", "fr");
        }
        for (KeywordAction action : List.of(KeywordAction.OPT_OUT, KeywordAction.OPT_IN, KeywordAction.HELP,
                KeywordAction.CONFIRM)) {
            assertThat(SeededKeywords.withAction(action)).extracting(Keyword::language).as("languages of %s", action)
                    .contains("en", "es");
        }
    }

    @Test
    void everySeededWordIsStoredInItsNormalisedForm() {
        for (Keyword k : SeededKeywords.all()) {
            assertThat(KeywordText.normalize(k.word())).as(k.word()).isEqualTo(k.word());
            assertThat(KeywordText.isSingleWord(k.word())).as(k.word()).isTrue();
        }
    }

    @ParameterizedTest(name = "{1} stops everything")
    @MethodSource("optOutWords")
    void everyOptOutWordInEveryLanguageLeavesEveryList(Keyword keyword, String typed) {
        assertThat(interpret(typed)).isEqualTo(new Command.OptOut(keyword, null));
    }

    @ParameterizedTest(name = "{1} joins the default list")
    @MethodSource("optInWords")
    void everyOptInWordInEveryLanguageJoinsItsList(Keyword keyword, String typed) {
        assertThat(interpret(typed)).isEqualTo(new Command.OptIn(keyword, DEFAULT_LIST, null));
    }

    @ParameterizedTest(name = "{1} asks for help")
    @MethodSource("helpWords")
    void everyHelpWordInEveryLanguageAsksForHelp(Keyword keyword, String typed) {
        assertThat(interpret(typed)).isEqualTo(new Command.Help(keyword));
    }

    @ParameterizedTest(name = "{1} is a yes")
    @MethodSource("confirmWords")
    void everyYesWordInEveryLanguageConfirms(Keyword keyword, String typed) {
        assertThat(interpret(typed)).isEqualTo(new Command.Confirm(keyword));
    }

    @ParameterizedTest(name = "{1} is a no")
    @MethodSource("declineWords")
    void everyNoWordInEveryLanguageDeclines(Keyword keyword, String typed) {
        assertThat(interpret(typed)).isEqualTo(new Command.Decline(keyword));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource
    void accentsAndCompatibilityFormsDoNotMatter(String typed, String word) {
        assertThat(interpret(typed).matched()).isNotNull().extracting(Keyword::word).isEqualTo(word);
    }

    static Stream<Arguments> accentsAndCompatibilityFormsDoNotMatter() {
        return Stream.of(
                Arguments.of("ARRÊT", "ARRET"), Arguments.of("arrêt", "ARRET"), Arguments.of("Arret", "ARRET"),
                Arguments.of("désabonner", "DESABONNER"), Arguments.of("DÉSINSCRIRE", "DESINSCRIRE"),
                Arguments.of("Sí", "SI"), Arguments.of("sí.", "SI"), Arguments.of("¿Ayuda?", "AYUDA"),
                Arguments.of("ＳＴＯＰ", "STOP"), Arguments.of("Стоп", "СТОП"), Arguments.of("ПОМОЩЬ!", "ПОМОЩЬ"),
                Arguments.of("STOP🙏", "STOP"), Arguments.of("STOP 🙏", "STOP"), Arguments.of("-- stop", "STOP"));
    }

    @ParameterizedTest(name = "\"{0}\" joins as {1}")
    @MethodSource
    void anOptInWordCarriesTheSupportersName(String typed, String name) {
        Command command = interpret(typed);
        assertThat(command).isInstanceOf(Command.OptIn.class);
        assertThat(((Command.OptIn) command).firstName()).isEqualTo(name);
    }

    static Stream<Arguments> anOptInWordCarriesTheSupportersName() {
        return Stream.of(
                Arguments.of("JOIN Maria", "Maria"),
                Arguments.of("join   maria  lopez.", "maria lopez"),
                Arguments.of("JOIN\nMaria!", "Maria"),
                Arguments.of("UNIRSE José", "José"),
                Arguments.of("ПОДПИСАТЬСЯ Мария", "Мария"),
                Arguments.of("REJOINDRE Zoé", "Zoé"),
                Arguments.of("CLIMATE Ana", "Ana"),
                Arguments.of("JOIN", null),
                Arguments.of("JOIN 12345", null),
                Arguments.of("JOIN !!!", null),
                Arguments.of("JOIN " + "A".repeat(80), "A".repeat(KeywordEngine.MAX_NAME_LENGTH)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"STOP CLIMATE", "stop climate", "Stop Climate!", "STOP  CLIMATE please", "ARRÊT climate",
            "СТОП CLIMATE", "BAJA climate", "NOCLIMATE", "noclimate please"})
    void stopFollowedByAListKeywordLeavesOnlyThatList(String typed) {
        Command command = interpret(typed);
        assertThat(command).isInstanceOf(Command.OptOut.class);
        assertThat(((Command.OptOut) command).listId()).isIn(CLIMATE_LIST, CLIMATE_STOP_LIST);
        assertThat(((Command.OptOut) command).everyList()).isFalse();
    }

    @Test
    void stopFollowedByTheDefaultListsKeywordLeavesTheDefaultList() {
        assertThat(interpret("STOP JOIN")).isInstanceOf(Command.OptOut.class)
                .extracting(c -> ((Command.OptOut) c).listId()).isEqualTo(DEFAULT_LIST);
    }

    @ParameterizedTest(name = "\"{0}\" stops everything")
    @ValueSource(strings = {"STOP", "STOP please", "STOP STOP", "STOP YES", "STOP HELP", "stop all", "STOP Maria",
            "STOP 123", "UNSUBSCRIBE me", "СТОП пожалуйста"})
    void stopWithAnythingButAListKeywordStillLeavesEveryList(String typed) {
        Command command = interpret(typed);
        assertThat(command).isInstanceOf(Command.OptOut.class);
        assertThat(((Command.OptOut) command).everyList()).as(typed).isTrue();
    }

    @Test
    void stopAllIsAnOptOutWordOfItsOwn() {
        // STOPALL is a full opt-out word; what follows it is read like after STOP
        assertThat(interpret("STOPALL")).isEqualTo(new Command.OptOut(KEYWORDS.find("STOPALL").orElseThrow(), null));
    }

    @Test
    void optOutAndHelpWordsWinOverCampaignKeywordsAndRepliesInTheSameText() {
        assertThat(interpret("STOP CLIMATE")).isInstanceOf(Command.OptOut.class);
        assertThat(interpret("HELP CLIMATE")).isInstanceOf(Command.Help.class);
        assertThat(interpret("STOP YES")).isInstanceOf(Command.OptOut.class);
        assertThat(interpret("HELP yes")).isInstanceOf(Command.Help.class);
        assertThat(interpret("INFO JOIN")).isInstanceOf(Command.Help.class);
        assertThat(interpret("CLIMATE")).isEqualTo(new Command.OptIn(KEYWORDS.find("CLIMATE").orElseThrow(), CLIMATE_LIST, null));
    }

    @ParameterizedTest(name = "\"{0}\" is no keyword")
    @NullSource
    @ValueSource(strings = {"", "   ", "!!!", "hello", "Maria", "Maria Lopez", "STOPPING", "JOINED", "nonstop",
            "YESTERDAY", "I will be there", "12345", "🙏", "S T O P", "please stop", "ДАВАЙ"})
    void anythingElseIsUnrecognised(String typed) {
        assertThat(interpret(typed)).isEqualTo(new Command.Unrecognised());
    }

    @Test
    void theEngineIsPureTheSameTextAlwaysMeansTheSame() {
        assertThat(interpret("JOIN Maria")).isEqualTo(interpret("JOIN Maria"));
    }
}
