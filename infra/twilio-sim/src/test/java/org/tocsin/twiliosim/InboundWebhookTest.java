package org.tocsin.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.security.RequestValidator;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A simulated supporter texting the system reaches the webhook as Twilio would deliver it. */
class InboundWebhookTest {

    private static final RequestValidator VALIDATOR = new RequestValidator(SimulatorConfig.DEFAULT_AUTH_TOKEN);

    private static WebhookReceiver gateway;
    private static TwilioSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        gateway = new WebhookReceiver();
        simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withInboundWebhookUrl(gateway.url("/webhooks/twilio/inbound")));
    }

    @AfterAll
    static void stop() {
        simulator.close();
        gateway.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
        gateway.answerWith(200);
    }

    @Test
    void postsASignedTwilioInboundWebhook() {
        InboundResult result = simulator.sendInbound("+447700900301", "+15005550006", "JOIN Ana");

        assertThat(result.messageSid()).matches("SM[0-9a-f]{32}");
        assertThat(result.webhookStatus()).isEqualTo(200);
        assertThat(result.delivered()).isTrue();
        WebhookReceiver.Received webhook = gateway.forMessage(result.messageSid()).getFirst();
        assertThat(webhook.path()).isEqualTo("/webhooks/twilio/inbound");
        assertThat(webhook.params())
                .containsEntry("MessageSid", result.messageSid())
                .containsEntry("SmsSid", result.messageSid())
                .containsEntry("SmsMessageSid", result.messageSid())
                .containsEntry("AccountSid", SimulatorConfig.DEFAULT_ACCOUNT_SID)
                .containsEntry("From", "+447700900301")
                .containsEntry("To", "+15005550006")
                .containsEntry("Body", "JOIN Ana")
                .containsEntry("NumMedia", "0")
                .containsEntry("NumSegments", "1")
                .containsEntry("SmsStatus", "received")
                .containsEntry("ApiVersion", "2010-04-01")
                .containsEntry("FromCountry", "GB")
                .containsEntry("ToCountry", "US");
        assertThat(VALIDATOR.validate(webhook.url(), webhook.params(), webhook.signature())).isTrue();
        assertThat(VALIDATOR.validate(webhook.url(), webhook.params(), "forged")).isFalse();
    }

    @Test
    void aUnicodeBodyIsSignedAndCountedAsUcs2() {
        String body = "Ж".repeat(71);
        InboundResult result = simulator.sendInbound("+380501234567", "+15005550006", body);

        WebhookReceiver.Received webhook = gateway.forMessage(result.messageSid()).getFirst();
        assertThat(webhook.params()).containsEntry("Body", body).containsEntry("NumSegments", "2")
                .containsEntry("FromCountry", "UA");
        assertThat(VALIDATOR.validate(webhook.url(), webhook.params(), webhook.signature())).isTrue();
    }

    @Test
    void reportsTheStatusTheWebhookAnswered() {
        gateway.answerWith(403);
        InboundResult result = simulator.sendInbound("+447700900302", "+15005550006", "JOIN");
        assertThat(result.webhookStatus()).isEqualTo(403);
        assertThat(result.delivered()).isFalse();
    }

    @Test
    void anUnreachableWebhookIsReportedNotThrown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TwilioSimulator unreachable = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withInboundWebhookUrl("http://127.0.0.1:" + closedPort + "/webhooks/twilio/inbound"))) {
            InboundResult result = unreachable.sendInbound("+447700900303", "+15005550006", "JOIN");
            assertThat(result.messageSid()).startsWith("SM");
            assertThat(result.webhookStatus()).isEqualTo(InboundResult.NOT_DELIVERED);
        }
    }

    @Test
    void refusesAddressesThatAreNotE164() {
        assertThatThrownBy(() -> simulator.sendInbound("447700900301", "+15005550006", "JOIN"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
        assertThatThrownBy(() -> simulator.sendInbound("+447700900301", "", "JOIN"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to");
        assertThatThrownBy(() -> simulator.sendInbound("+447700900301", "+15005550006", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body");
    }

    @Test
    void inboundMessagesAreNotListedAsSentButAppearInTwiliosList() {
        InboundResult result = simulator.sendInbound("+447700900304", "+15005550006", "hello");
        assertThat(simulator.sentMessages(null)).isEmpty();

        RawHttp http = RawHttp.of(simulator);
        RawHttp.Reply list = http.get(http.messagesPath(simulator) + "?From=%2B447700900304");
        assertThat(list.json().get("messages")).hasSize(1);
        assertThat(list.json().get("messages").get(0).get("sid").stringValue()).isEqualTo(result.messageSid());
        assertThat(list.json().get("messages").get(0).get("direction").stringValue()).isEqualTo("inbound");
        assertThat(list.json().get("messages").get(0).get("status").stringValue()).isEqualTo("received");
    }
}
