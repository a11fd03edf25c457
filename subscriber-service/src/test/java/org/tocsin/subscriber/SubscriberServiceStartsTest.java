package org.tocsin.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.tocsin.contracts.Topics;
import org.tocsin.testkit.http.ServiceChecks;
import org.tocsin.testkit.spring.KafkaListenerChecks;
import org.tocsin.testkit.spring.RealInfrastructure;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tocsin.security.users[0].name=coordinator",
        "tocsin.security.users[0].password={noop}secret",
        "tocsin.security.users[0].roles=COORDINATOR"})
@RealInfrastructure
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // its Kafka consumers must not answer other classes' messages
class SubscriberServiceStartsTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Value("${spring.threads.virtual.enabled}")
    boolean virtualThreads;

    @Test
    void healthIsUpWithEverythingItDependsOn() {
        ServiceChecks.assertHealthy(port, "db", "kafka", "redis");
    }

    @Test
    void flywayCreatedItsTablesInItsOwnSchema() {
        var tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'subscriber'", String.class);

        assertThat(tables).contains("supporter", "supporter_list", "consent_ledger", "subscription", "outbox",
                "keyword", "processed_message", "urgent_action", "action_recipient", "action_response");
        assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo("subscriber");
    }

    @Test
    void kafkaListenersRunOnPlatformThreadsWhileTheServiceHasVirtualThreadsEnabled() throws Exception {
        // the premise: without the service's own customizer, Spring Boot would give them virtual threads
        assertThat(virtualThreads).isTrue();
        assertThat(listeners.getListenerContainers()).isNotEmpty();
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            var executor = container.getContainerProperties().getListenerTaskExecutor();
            assertThat(executor).as(container.getListenerId()).isNotNull();
            assertThat(executor.submit(() -> Thread.currentThread().isVirtual()).get()).as(container.getListenerId()).isFalse();
        }
    }

    @Test
    void itsListenersReadTheTopicsTheContractSaysItsGroupReads() {
        KafkaListenerChecks.assertListenersReadExactly(listeners, Topics.READ_BY_SUBSCRIBER);
    }

    @Test
    void prometheusExportsMetricsTaggedWithTheService() {
        ServiceChecks.assertPrometheusMetrics(port, "subscriber-service");
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
