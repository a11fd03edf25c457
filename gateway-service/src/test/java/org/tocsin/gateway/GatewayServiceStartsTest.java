package org.tocsin.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tocsin.testkit.http.ServiceChecks;
import org.tocsin.testkit.spring.RealInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tocsin.twilio.account-sid=AC00000000000000000000000000000000",
        "tocsin.twilio.auth-token=test-token",
        "tocsin.security.users[0].name=admin",
        "tocsin.security.users[0].password={noop}secret",
        "tocsin.security.users[0].roles=ADMIN"})
@RealInfrastructure
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
    void apisNeedAUserAndErrorsAreProblemJson() {
        ServiceChecks.assertApisNeedAUser(port, "admin", "secret");
    }
}
