package org.tocsin.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PhoneMaskingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            +447700900123  | +44********23
            +15005550006   | +1********06
            +79161234567   | +7********67
            +33612345678   | +33*******78
            +2348031234567 | +234********67
            07700900123    | *********23
            """)
    void masksOneNumberKeepingCountryCodeAndLastTwoDigits(String phone, String masked) {
        assertThat(PhoneMasking.mask(phone)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Sent to +447700900123 ok                  | Sent to +44********23 ok
            from=+79161234567,to=+15005550006         | from=+7********67,to=+1********06
            call +44 7700 900123 now                  | call +44********23 now
            order 42 has 3 items                      | order 42 has 3 items
            sid SM0123456789abcdef0123456789abcdef    | sid SM0123456789abcdef0123456789abcdef
            at 2026-11-21T10:15:30Z                   | at 2026-11-21T10:15:30Z
            action 12345646-8dda-47c9-939b-6875e98511be | action 12345646-8dda-47c9-939b-6875e98511be
            id 5ed099ae-8e8e-456e-8917-785179520123   | id 5ed099ae-8e8e-456e-8917-785179520123
            call +44 7700-900123 now                  | call +44********23 now
            """)
    void masksNumbersInsideTextButLeavesOtherDigitsAlone(String text, String expected) {
        assertThat(PhoneMasking.maskAll(text)).isEqualTo(expected);
    }

    @Test
    void theLogPatternMasksMessagesAndExceptions() {
        var context = new LoggerContext();
        var layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("maskedMsg", MaskedMessageConverter::new);
        layout.getInstanceConverterMap().put("maskedEx", MaskedThrowableConverter::new);
        layout.setPattern("%maskedMsg%n%maskedEx");
        layout.start();
        Logger logger = context.getLogger("test");
        var event = new LoggingEvent("test", logger, ch.qos.logback.classic.Level.WARN,
                "send to {} failed", new IllegalStateException("number +447700900123 is blocked"),
                new Object[] {"+79161234567"});

        String line = layout.doLayout(event);

        assertThat(line).contains("send to +7********67 failed")
                .contains("number +44********23 is blocked")
                .doesNotContain("79161234567").doesNotContain("7700900123");
    }
}
