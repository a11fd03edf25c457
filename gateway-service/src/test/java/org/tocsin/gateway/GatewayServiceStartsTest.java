package org.tocsin.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tocsin.testkit.http.ServiceChecks;
import org.tocsin.testkit.spring.RealInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tocsin.twilio.account-sid=AC00000000000000000000000000000000",
        "tocsin.twilio.auth-token=test-token",
        "tocsin.gateway.enabled=false",
        "tocsin.security.users[0].name=admin",
        "tocsin.security.users[0].password={noop}secret",
        "tocsin.security.users[0].roles=ADMIN"})
@RealInfrastructure
@ExtendWith(OutputCaptureExtension.class)
class GatewayServiceStartsTest {

    @LocalServerPort
    int port;

    @Test
    void healthIsUpWithKafkaAndRedis() {
        ServiceChecks.assertHealthy(port, "kafka", "redis");
    }

    @Test
    void prometheusExportsMetricsTaggedWithTheService() {
        ServiceChecks.assertPrometheusMetrics(port, "gateway-service");
    }

    @Test
    void publishesItsOpenApiDocument() {
        ServiceChecks.assertOpenApiDocument(port);
    }

    @Test
    void webhookRequestsRunOnPlatformThreads(@Autowired ServletWebServerApplicationContext context)
            throws Exception {
        var server = (TomcatWebServer) context.getWebServer();
        var requestThreads = server.getTomcat().getConnector().getProtocolHandler().getExecutor();
        var virtual = new CompletableFuture<Boolean>();

        requestThreads.execute(() -> virtual.complete(Thread.currentThread().isVirtual()));

        assertThat(virtual.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aFailedKafkaSendIsLoggedWithoutWhatItCarried(@Autowired ProducerListener<Object, Object> listener,
                                                      CapturedOutput output) {
        listener.onError(new ProducerRecord<>("tocsin.inbound.v1", "+447700900123", "JOIN Maria, I live at 5 Elm St"),
                null, new IllegalStateException("broker gone"));

        assertThat(output).contains("broker gone").doesNotContain("Elm St").doesNotContain("447700900123");
    }

    @Test
    void apisNeedAUserAndErrorsAreProblemJson() {
        ServiceChecks.assertApisNeedAUser(port, "admin", "secret");
    }
}
