package org.tocsin.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tocsin.gateway.provider.SendOutcome;

class TwilioErrorsTest {

    static Stream<Arguments> twilioAnswers() {
        return Stream.of(
                Arguments.of(21610, 400, new SendOutcome.OptedOut("21610")),
                Arguments.of(20429, 429, new SendOutcome.Throttled(TwilioErrors.THROTTLE_BACKOFF)),
                Arguments.of(null, 429, new SendOutcome.Throttled(TwilioErrors.THROTTLE_BACKOFF)),
                Arguments.of(21211, 400, new SendOutcome.Failed("21211", "invalid 'To' phone number", false)),
                Arguments.of(21614, 400, new SendOutcome.Failed("21614", "'To' number is not a mobile number", false)),
                Arguments.of(20003, 401, new SendOutcome.Failed("20003",
                        "authentication failed: check TOCSIN_TWILIO_ACCOUNT_SID and _AUTH_TOKEN", false)),
                Arguments.of(30001, 400, new SendOutcome.Failed("30001", "queue overflow", true)),
                Arguments.of(20500, 500, new SendOutcome.Failed("20500", "Twilio internal error", true)),
                Arguments.of(99999, 503, new SendOutcome.Failed("99999", "odd", true)),
                Arguments.of(99999, 400, new SendOutcome.Failed("99999", "odd", false)),
                Arguments.of(null, 502, new SendOutcome.Failed("http-502", "odd", true)),
                Arguments.of(null, null, new SendOutcome.Failed("network", "no answer from Twilio: odd", true)));
    }

    @ParameterizedTest(name = "code {0}, HTTP {1}")
    @MethodSource("twilioAnswers")
    void mapsEachTwilioAnswerToAnOutcome(Integer code, Integer httpStatus, SendOutcome expected) {
        assertThat(TwilioErrors.outcome(code, httpStatus, "odd")).isEqualTo(expected);
    }
}
