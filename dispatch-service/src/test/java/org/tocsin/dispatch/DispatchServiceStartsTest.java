package org.tocsin.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.tocsin.contracts.Topics;
import org.tocsin.testkit.http.ServiceChecks;
import org.tocsin.testkit.spring.KafkaListenerChecks;
import org.tocsin.testkit.spring.RealInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.consumer.group-id=dispatch-test-${tocsin.test-infra.context-id}",
        "tocsin.security.users[0].name=coordinator",
        "tocsin.security.users[0].password={noop}secret",
        "tocsin.security.users[0].roles=COORDINATOR"})
@RealInfrastructure
class DispatchServiceStartsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void healthIsUpWithEverythingItDependsOn() {
        ServiceChecks.assertHealthy(port, "db", "kafka", "redis");
    }

    @Test
    void flywayCreatedItsTablesInItsOwnSchema() {
        var tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'dispatch'", String.class);

        assertThat(tables).contains("urgent_action", "urgent_action_list", "delivery", "consent_view", "outbox",
                "known_list", "consent_opt_out", "response", "idempotency_key");
        assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo("dispatch");
    }

    @Test
    void itsListenersReadTheTopicsTheContractSaysItsGroupReads() {
        KafkaListenerChecks.assertListenersReadExactly(listeners, Topics.READ_BY_DISPATCH);
    }

    @Test
    void prometheusExportsMetricsTaggedWithTheService() {
        ServiceChecks.assertPrometheusMetrics(port, "dispatch-service");
    }

    @Test
    void publishesItsOpenApiDocument() {
        ServiceChecks.assertOpenApiDocument(port);
    }

    @Test
    void apisNeedAUserAndErrorsAreProblemJson() {
        ServiceChecks.assertApisNeedAUser(port, "coordinator", "secret");
    }
}
