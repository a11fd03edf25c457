package org.tocsin.contracts.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tocsin.contracts.sms.SmsSegments.Encoding.GSM_7;
import static org.tocsin.contracts.sms.SmsSegments.Encoding.UCS_2;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tocsin.contracts.sms.SmsSegments.Encoding;

class SmsSegmentsTest {

    private static final String EMOJI = "\uD83D\uDE00"; // 😀, one code point, two UTF-16 units

    static Stream<Arguments> boundaries() {
        return Stream.of(
                Arguments.of("empty body is still one message", "", GSM_7, 0, 1),
                Arguments.of("160 GSM chars fit one message", "a".repeat(160), GSM_7, 160, 1),
                Arguments.of("161 GSM chars split", "a".repeat(161), GSM_7, 161, 2),
                Arguments.of("306 GSM chars = 2 x 153", "a".repeat(306), GSM_7, 306, 2),
                Arguments.of("307 GSM chars need a third", "a".repeat(307), GSM_7, 307, 3),
                Arguments.of("extension chars count 2: 80 euros = 160", "€".repeat(80), GSM_7, 160, 1),
                Arguments.of("81 euros = 162 septets, 76 per segment", "€".repeat(81), GSM_7, 162, 2),
                Arguments.of("euro ending exactly at 153 stays", "a".repeat(151) + "€" + "a".repeat(153), GSM_7, 306, 2),
                Arguments.of("euro straddling 153 moves to the next segment",
                        "a".repeat(152) + "€" + "a".repeat(152), GSM_7, 306, 3),
                Arguments.of("every extension char counts 2", "^{}\\[~]|€\f", GSM_7, 20, 1),
                Arguments.of("Greek capitals of the GSM table are GSM", "ΔΦΓΛΩΠΨΣΘΞ", GSM_7, 10, 1),
                Arguments.of("70 Cyrillic fit one UCS-2 message", "Ж".repeat(70), UCS_2, 70, 1),
                Arguments.of("71 Cyrillic split", "Ж".repeat(71), UCS_2, 71, 2),
                Arguments.of("134 Cyrillic = 2 x 67", "Ж".repeat(134), UCS_2, 134, 2),
                Arguments.of("135 Cyrillic need a third", "Ж".repeat(135), UCS_2, 135, 3),
                Arguments.of("emoji ending exactly at 67 stays", "Ж".repeat(65) + EMOJI + "Ж".repeat(67), UCS_2, 134, 2),
                Arguments.of("emoji straddling 67 moves to the next segment",
                        "Ж".repeat(66) + EMOJI + "Ж".repeat(66), UCS_2, 134, 3),
                Arguments.of("35 emoji = 70 units, one message", EMOJI.repeat(35), UCS_2, 70, 1),
                Arguments.of("36 emoji = 72 units, 33 per segment", EMOJI.repeat(36), UCS_2, 72, 2),
                Arguments.of("one emoji turns GSM text into UCS-2", "Free Ana now " + EMOJI, UCS_2, 15, 1),
                Arguments.of("one Cyrillic char turns 100 GSM chars into 2 UCS-2 segments",
                        "a".repeat(100) + "Ж", UCS_2, 101, 2),
                Arguments.of("mixed GSM text with extension chars", "Act now: 5€ [urgent] ~ok", GSM_7, 28, 1),
                Arguments.of("lower-case c cedilla is not in the GSM table", "façade", UCS_2, 6, 1),
                Arguments.of("accented letters of the GSM table", "èéùìòÇØøÅåÆæßÉÄÖÑÜäöñüà¡¿§£¥¤", GSM_7, 29, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boundaries")
    void countsSegmentsAtTheBoundaries(String name, String text, Encoding encoding, int units, int segments) {
        assertThat(SmsSegments.count(text)).isEqualTo(new SmsSegments.Count(encoding, units, segments));
    }

    @Test
    void nullCountsAsAnEmptyBody() {
        assertThat(SmsSegments.count(null)).isEqualTo(new SmsSegments.Count(GSM_7, 0, 1));
    }

    @Test
    void aLoneSurrogateIsOneUcs2Unit() {
        String text = "\uD83D" + "Ж".repeat(70);
        assertThat(SmsSegments.count(text)).isEqualTo(new SmsSegments.Count(UCS_2, 71, 2));
    }

    @Test
    void tellsWhetherTextIsGsm7() {
        assertThat(SmsSegments.isGsm7("JOIN €5 {x}")).isTrue();
        assertThat(SmsSegments.isGsm7("JOIN Ж")).isFalse();
        assertThat(SmsSegments.isGsm7("`backtick`")).isFalse();
    }
}
