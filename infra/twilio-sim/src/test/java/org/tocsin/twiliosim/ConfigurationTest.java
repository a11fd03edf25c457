package org.tocsin.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults, environment and validation of the simulator's configuration and behaviour. */
class ConfigurationTest {

    @Test
    void defaultsMatchTheLocalStack() {
        SimulatorConfig config = SimulatorConfig.defaults();
        assertThat(config.port()).isEqualTo(8089);
        assertThat(config.accountSid()).isEqualTo("AC00000000000000000000000000000000");
        assertThat(config.authToken()).isEqualTo("tocsin-local-auth-token");
        assertThat(config.inboundWebhookUrl()).isEqualTo("http://127.0.0.1:8081/webhooks/twilio/inbound");
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.toString()).doesNotContain("tocsin-local-auth-token");
    }

    @Test
    void theEnvironmentOverridesTheDefaults() {
        SimulatorConfig config = TwilioSimulatorMain.configFrom(Map.of(
                "TOCSIN_SIM_PORT", "9099",
                "TOCSIN_TWILIO_ACCOUNT_SID", "AC" + "1".repeat(32),
                "TOCSIN_TWILIO_AUTH_TOKEN", "secret",
                "TOCSIN_SIM_INBOUND_WEBHOOK_URL", "http://gateway:8081/webhooks/twilio/inbound",
                "TOCSIN_SIM_BIND_ADDRESS", "0.0.0.0",
                "TOCSIN_SIM_MAX_STORED_MESSAGES", "1000"));
        assertThat(config).isEqualTo(new SimulatorConfig(9099, "AC" + "1".repeat(32), "secret",
                "http://gateway:8081/webhooks/twilio/inbound", "0.0.0.0", 1000));
        assertThat(TwilioSimulatorMain.configFrom(Map.of())).isEqualTo(SimulatorConfig.defaults());
        assertThat(TwilioSimulatorMain.configFrom(Map.of("TOCSIN_SIM_INBOUND_WEBHOOK_URL", "")).inboundWebhookUrl())
                .isNull();
        assertThatThrownBy(() -> TwilioSimulatorMain.configFrom(Map.of("TOCSIN_SIM_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TOCSIN_SIM_PORT");
    }

    @Test
    void anImpossibleBehaviourIsRefused() {
        assertThatThrownBy(() -> Behaviour.defaults().withFailureRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Behaviour.defaults().withThrottleRate(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Behaviour.defaults().withPerSenderMps(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Behaviour.defaults().withErrorCode(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portZeroPicksAFreePortAndBaseUrlPointsAtIt() {
        try (TwilioSimulator simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0))) {
            assertThat(simulator.port()).isPositive();
            assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port());
        }
    }

    @Test
    void keepingFewerMessagesLastsUntilAResetRestoresTheConfiguredNumber() {
        try (TwilioSimulator simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withInboundWebhookUrl(null).withMaxStoredMessages(4))) {
            texts(simulator, 6);
            assertThat(simulator.storedMessages()).isEqualTo(4);
            simulator.keepMessages(2);
            assertThat(simulator.storedMessages()).isEqualTo(2);
            texts(simulator, 3);
            assertThat(simulator.storedMessages()).isEqualTo(2);
            simulator.reset();
            texts(simulator, 6);
            assertThat(simulator.storedMessages()).isEqualTo(4);
        }
    }

    private static void texts(TwilioSimulator simulator, int count) {
        for (int i = 0; i < count; i++) {
            simulator.sendInbound("+4477009003" + (10 + i), "+15005550006", "hello");
        }
    }
}
