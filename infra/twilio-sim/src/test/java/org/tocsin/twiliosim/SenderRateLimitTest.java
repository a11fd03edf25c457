package org.tocsin.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-sender MPS and random throttling are answered 429 / 20429, as Twilio does. */
class SenderRateLimitTest {

    private static final String SENDER = "+15005550006";
    private static final String OTHER_SENDER = "+15005550007";

    private static TwilioSimulator simulator;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0).withInboundWebhookUrl(null));
        http = RawHttp.of(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private RawHttp.Reply send(String from, String to) {
        return http.postForm(http.messagesPath(simulator), Map.of("To", to, "From", from, "Body", "Urgent action"));
    }

    @Test
    void theExcessOverPerSenderMpsIs429AndOtherSendersAreUnaffected() {
        simulator.behaviour(Behaviour.defaults().withPerSenderMps(2));

        long start = System.nanoTime();
        List<RawHttp.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replies.add(send(SENDER, "+44770090050" + i));
        }
        RawHttp.Reply other = send(OTHER_SENDER, "+447700900509");
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Only conclusive when the burst fit in one second (it takes a few ms unless the machine stalls).
        assumeTrue(elapsedMillis < 900, "burst took " + elapsedMillis + " ms");

        assertThat(replies).extracting(RawHttp.Reply::status).containsExactly(201, 201, 429, 429);
        RawHttp.Reply throttled = replies.get(2);
        assertThat(throttled.json().get("code").intValue()).isEqualTo(20429);
        assertThat(throttled.json().get("status").intValue()).isEqualTo(429);
        assertThat(throttled.json().get("more_info").stringValue()).isEqualTo("https://www.twilio.com/docs/errors/20429");
        assertThat(other.status()).isEqualTo(201);
        assertThat(simulator.sentMessages(null)).hasSize(3);
    }

    @Test
    void theSdkSeesTheThrottleAsApiException20429() {
        simulator.behaviour(Behaviour.defaults().withThrottleRate(1.0));
        ApiException error = catchThrowableOfType(ApiException.class,
                () -> Message.creator(new PhoneNumber("+447700900510"), new PhoneNumber(SENDER), "hi")
                        .create(SimulatorRoutingHttpClient.restClient(simulator)));
        assertThat(error.getCode()).isEqualTo(20429);
        assertThat(error.getStatusCode()).isEqualTo(429);
    }

    @Test
    void aThrottleRateOfOneRefusesEverySendAndZeroNone() {
        simulator.behaviour(Behaviour.defaults().withThrottleRate(1.0));
        for (int i = 0; i < 5; i++) {
            assertThat(send(SENDER, "+447700900520").status()).isEqualTo(429);
        }
        simulator.behaviour(Behaviour.defaults().withThrottleRate(0.0));
        assertThat(send(SENDER, "+447700900520").status()).isEqualTo(201);
        assertThat(simulator.sentMessages(null)).hasSize(1);
    }

    @Test
    void aMessagingServiceIsLimitedAsOneSender() {
        simulator.behaviour(Behaviour.defaults().withPerSenderMps(1));
        String service = "MG" + "cd".repeat(16);
        long start = System.nanoTime();
        RawHttp.Reply first = http.postForm(http.messagesPath(simulator),
                Map.of("To", "+447700900530", "MessagingServiceSid", service, "Body", "a"));
        RawHttp.Reply second = http.postForm(http.messagesPath(simulator),
                Map.of("To", "+447700900531", "MessagingServiceSid", service, "Body", "b"));
        assumeTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 900, "burst too slow to judge");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("status").stringValue()).isEqualTo("accepted");
        assertThat(second.status()).isEqualTo(429);
    }
}
