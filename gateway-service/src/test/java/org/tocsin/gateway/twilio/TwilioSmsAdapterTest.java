package org.tocsin.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tocsin.gateway.provider.OutboundSms;
import org.tocsin.gateway.provider.SendOutcome;
import org.tocsin.twiliosim.Behaviour;
import org.tocsin.twiliosim.SimulatorConfig;
import org.tocsin.twiliosim.TwilioSimulator;

/** The Twilio adapter, through the real SDK, against the simulator's answers (courier-style table). */
class TwilioSmsAdapterTest {

    private static final String SENDER = "+15005550006";
    private static final String SUPPORTER = "+447700900123";
    private static TwilioSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0).withInboundWebhookUrl(""));
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    record Case(String name, Behaviour behaviour, String optedOutTo, Function<TwilioSimulator, String> baseUrl,
                String authToken, OutboundSms sms, SendOutcome expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static OutboundSms sms(String to, String body) {
        return new OutboundSms(to, SENDER, body, null, null);
    }

    static Stream<Arguments> cases() {
        String token = SimulatorConfig.defaults().authToken();
        Function<TwilioSimulator, String> sim = TwilioSimulator::baseUrl;
        Behaviour normal = Behaviour.defaults().withCallbacks(false);
        return Stream.of(
                new Case("one GSM-7 segment", normal, null, sim, token, sms(SUPPORTER, "Free Ana now"),
                        new SendOutcome.Sent("SM*", 1)),
                new Case("161 GSM-7 characters are two segments", normal, null, sim, token, sms(SUPPORTER, "x".repeat(161)),
                        new SendOutcome.Sent("SM*", 2)),
                new Case("Cyrillic over 70 characters is UCS-2, two segments", normal, null, sim, token,
                        sms(SUPPORTER, "Д".repeat(71)), new SendOutcome.Sent("SM*", 2)),
                new Case("recipient texted STOP to the sender: 21610", normal, SUPPORTER, sim, token,
                        sms(SUPPORTER, "Free Ana"), new SendOutcome.OptedOut("21610")),
                new Case("429 from Twilio is throttled, not failed", normal.withThrottleRate(1.0), null, sim, token,
                        sms(SUPPORTER, "Free Ana"), new SendOutcome.Throttled(TwilioErrors.THROTTLE_BACKOFF)),
                new Case("invalid To: 21211, permanent", normal, null, sim, token, sms("12345", "Free Ana"),
                        new SendOutcome.Failed("21211", "invalid 'To' phone number", false)),
                new Case("wrong auth token: 20003, permanent", normal, null, sim, "wrong-token", sms(SUPPORTER, "Free Ana"),
                        new SendOutcome.Failed("20003",
                                "authentication failed: check TOCSIN_TWILIO_ACCOUNT_SID and _AUTH_TOKEN", false)),
                new Case("Twilio unreachable: retryable", normal, null, s -> "http://127.0.0.1:" + closedPort(), token,
                        sms(SUPPORTER, "Free Ana"), new SendOutcome.Failed("network", "*", true))
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsWhatTwilioAnswers(Case c) {
        simulator.behaviour(c.behaviour());
        if (c.optedOutTo() != null) {
            assertThat(simulator.sendInbound(c.optedOutTo(), SENDER, "STOP").messageSid()).startsWith("SM");
        }
        var properties = new TwilioProperties(SimulatorConfig.defaults().accountSid(), c.authToken(),
                URI.create(c.baseUrl().apply(simulator)), URI.create("http://127.0.0.1:8081"), List.of(SENDER));
        var adapter = new TwilioSmsAdapter(new TwilioConfiguration().twilioRestClient(properties));

        SendOutcome outcome = adapter.send(c.sms());

        switch (c.expected()) {
            case SendOutcome.Sent expected -> {
                var sent = (SendOutcome.Sent) outcome;
                assertThat(sent.providerMessageId()).matches("SM[0-9a-f]{32}");
                assertThat(sent.segments()).isEqualTo(expected.segments());
                assertThat(simulator.sentMessages(c.sms().to())).singleElement()
                        .satisfies(m -> assertThat(m.sid()).isEqualTo(sent.providerMessageId()));
            }
            case SendOutcome.Failed expected when "*".equals(expected.reason()) -> {
                assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Failed.class, failed -> {
                    assertThat(failed.code()).isEqualTo(expected.code());
                    assertThat(failed.retryable()).isEqualTo(expected.retryable());
                });
            }
            default -> {
                assertThat(outcome).isEqualTo(c.expected());
                assertThat(simulator.sentMessages(c.sms().to())).isEmpty();
            }
        }
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
