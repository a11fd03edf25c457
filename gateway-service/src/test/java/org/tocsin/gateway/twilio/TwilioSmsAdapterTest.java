package org.tocsin.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tocsin.gateway.provider.OutboundSms;
import org.tocsin.gateway.provider.ProviderLookupException;
import org.tocsin.gateway.provider.SendOutcome;
import org.tocsin.gateway.support.FaultyTwilioProxy;
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
        var adapter = new TwilioSmsAdapter(new TwilioConfiguration().twilioRestClient(properties), properties);

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

    @Test
    void aTwilio503IsReportedAfterOneRequestNotRetriedBehindTheGatewaysBack() {
        try (var proxy = new FaultyTwilioProxy(simulator.baseUrl())) {
            proxy.failNext(SUPPORTER, 1);

            SendOutcome outcome = adapter(proxy.baseUrl()).send(sms(SUPPORTER, "Free Ana"));

            assertThat(outcome).isEqualTo(new SendOutcome.Failed("20503", "Twilio service unavailable", true));
            assertThat(proxy.sendsTo(SUPPORTER)).isEqualTo(1);
            assertThat(simulator.sentMessages(SUPPORTER)).isEmpty();
        }
    }

    @Test
    void aTwilio429IsReportedAfterOneRequest() {
        simulator.behaviour(Behaviour.defaults().withCallbacks(false).withThrottleRate(1.0));
        try (var proxy = new FaultyTwilioProxy(simulator.baseUrl())) {

            SendOutcome outcome = adapter(proxy.baseUrl()).send(sms(SUPPORTER, "Free Ana"));

            assertThat(outcome).isInstanceOf(SendOutcome.Throttled.class);
            assertThat(proxy.sendsTo(SUPPORTER)).isEqualTo(1);
        }
    }

    @Test
    void aWhatsAppMessageIsAddressedTheWayTwilioWantsIt() {
        simulator.behaviour(Behaviour.defaults().withCallbacks(false));

        var sent = (SendOutcome.Sent) adapter(simulator.baseUrl()).send(
                new OutboundSms(SUPPORTER, SENDER, "Hola", null, null, org.tocsin.contracts.Channel.WHATSAPP));

        assertThat(simulator.sentMessages("whatsapp:" + SUPPORTER)).singleElement().satisfies(m -> {
            assertThat(m.sid()).isEqualTo(sent.providerMessageId());
            assertThat(m.from()).isEqualTo("whatsapp:" + SENDER);
        });
    }

    @Test
    void findsAMessageTwilioAcceptedSinceAGivenTimeWithTheSameSenderAndBody() {
        simulator.behaviour(Behaviour.defaults().withCallbacks(false));
        var adapter = adapter(simulator.baseUrl());
        Instant before = Instant.now().minusSeconds(2);
        var sent = (SendOutcome.Sent) adapter.send(sms(SUPPORTER, "Free Ana"));
        adapter.send(sms(SUPPORTER, "Another text"));
        simulator.sendInbound(SUPPORTER, SENDER, "Free Ana"); // the same text, but from the supporter

        assertThat(adapter.findSent(sms(SUPPORTER, "Free Ana"), before)).contains(sent.providerMessageId());
        assertThat(adapter.findSent(sms(SUPPORTER, "Free Ana"), Instant.now().plusSeconds(5))).isEmpty();
        assertThat(adapter.findSent(sms(SUPPORTER, "Not sent"), before)).isEmpty();
        assertThat(adapter.findSent(new OutboundSms(SUPPORTER, "+15005550007", "Free Ana", null, null), before)).isEmpty();
        assertThat(adapter.findSent(sms("+447700900999", "Free Ana"), before)).isEmpty();
    }

    @Test
    void aLookupTwilioCannotAnswerIsAnErrorNotANo() {
        var adapter = adapter("http://127.0.0.1:" + closedPort());

        assertThatThrownBy(() -> adapter.findSent(sms(SUPPORTER, "Free Ana"), Instant.now()))
                .isInstanceOf(ProviderLookupException.class);
    }

    @Test
    void statusCallbackCarriesOurIdsOnThePublicUrl() {
        var properties = new TwilioProperties(SimulatorConfig.defaults().accountSid(), "token",
                URI.create(simulator.baseUrl()), URI.create("https://tocsin.example.org/gw/"), List.of(SENDER));
        var adapter = new TwilioSmsAdapter(new TwilioConfiguration().twilioRestClient(properties), properties);

        assertThat(adapter.statusCallback("m-1", "a 2", null)).hasToString(
                "https://tocsin.example.org/gw/webhooks/twilio/status?mid=m-1&a=a+2");
        assertThat(adapter.statusCallback("m-1", "a2", "s3")).hasToString(
                "https://tocsin.example.org/gw/webhooks/twilio/status?mid=m-1&a=a2&s=s3");
    }

    private static TwilioSmsAdapter adapter(String baseUrl) {
        var properties = new TwilioProperties(SimulatorConfig.defaults().accountSid(), SimulatorConfig.defaults().authToken(),
                URI.create(baseUrl), URI.create("http://127.0.0.1:8081"), List.of(SENDER));
        return new TwilioSmsAdapter(new TwilioConfiguration().twilioRestClient(properties), properties);
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
