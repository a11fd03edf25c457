package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    private static final StackEndpoints ENDPOINTS = new StackEndpoints("127.0.0.1:19092",
            "jdbc:postgresql://127.0.0.1:15432/tocsin", "tocsin", "tocsin", "redis://127.0.0.1:16379",
            "http://127.0.0.1:8089",
            Map.of(ServiceApp.GATEWAY, 8081, ServiceApp.DISPATCH, 8082, ServiceApp.SUBSCRIBER, 8083));
    private static final List<String> SENDERS = List.of("+15005550006", "+15005550007");

    private static Map<String, String> env(ServiceApp app) {
        return ServiceEnvironment.forService(app, ENDPOINTS, SENDERS, 4242);
    }

    @Test
    void everyServiceGetsItsPortKafkaTheDemoProfileAndTheLaunchersPid() {
        assertThat(env(ServiceApp.GATEWAY)).containsEntry("SERVER_PORT", "8081");
        assertThat(env(ServiceApp.DISPATCH)).containsEntry("SERVER_PORT", "8082");
        assertThat(env(ServiceApp.SUBSCRIBER)).containsEntry("SERVER_PORT", "8083");
        for (ServiceApp app : ServiceApp.values()) {
            assertThat(env(app))
                    .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
                    .containsEntry("SPRING_PROFILES_ACTIVE", "demo")
                    .containsEntry("TOCSIN_PARENT_PID", "4242");
        }
    }

    @Test
    void theGatewayTalksToTheSimulatorAndSignsAgainstItsOwnUrl() {
        assertThat(env(ServiceApp.GATEWAY))
                .containsEntry("TOCSIN_TWILIO_API_BASE_URL", "http://127.0.0.1:8089")
                .containsEntry("TOCSIN_TWILIO_PUBLIC_BASE_URL", "http://127.0.0.1:8081")
                .containsEntry("TOCSIN_TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000000")
                .containsEntry("TOCSIN_TWILIO_AUTH_TOKEN", "tocsin-local-auth-token")
                .containsEntry("TOCSIN_TWILIO_SENDERS", "+15005550006,+15005550007")
                .containsEntry("TOCSIN_REDIS_URL", "redis://127.0.0.1:16379")
                .doesNotContainKeys("SPRING_DATASOURCE_URL");
    }

    @Test
    void subscriberGetsPostgresAndRedisButNoTwilio() {
        assertThat(env(ServiceApp.SUBSCRIBER))
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:15432/tocsin")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "tocsin")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "tocsin")
                .containsEntry("TOCSIN_REDIS_URL", "redis://127.0.0.1:16379")
                .doesNotContainKeys("TOCSIN_TWILIO_AUTH_TOKEN");
    }

    @Test
    void dispatchGetsPostgresAndRedisForCancellationsButNoTwilio() {
        assertThat(env(ServiceApp.DISPATCH))
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:15432/tocsin")
                .containsEntry("TOCSIN_REDIS_URL", "redis://127.0.0.1:16379")
                .doesNotContainKeys("TOCSIN_TWILIO_AUTH_TOKEN");
    }

    @Test
    void theSimulatorPostsInboundTextsToTheGatewaysWebhook() {
        assertThat(ENDPOINTS.inboundWebhookUrl()).isEqualTo("http://127.0.0.1:8081/webhooks/twilio/inbound");
    }
}
