package org.tocsin.testkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/** The way the services use it: auto-configured DataSource, KafkaTemplate and listener, nothing else set. */
@SpringBootTest(properties = "spring.kafka.consumer.auto-offset-reset=earliest")
@RealInfrastructure
class RealInfrastructureBootTest {

    private static final String TOPIC = "kit-boot-greetings";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean
        Greetings greetings() {
            return new Greetings();
        }
    }

    static class Greetings {

        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        @KafkaListener(topics = TOPIC, groupId = "${tocsin.test-infra.context-id}")
        void receive(String greeting) {
            received.add(greeting);
        }
    }

    @Autowired
    Environment environment;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    Greetings greetings;

    @Test
    void theAutoConfiguredDataSourceUsesTheContextsOwnDatabase() {
        assertThat(jdbc.queryForObject("SELECT current_database()", String.class))
                .isEqualTo(environment.getProperty("tocsin.test-infra.context-id"))
                .startsWith("realinfrastructureboottest_");
    }

    @Test
    void theAutoConfiguredTemplateAndListenerTalkThroughTheBroker() throws Exception {
        kafka.send(TOPIC, "+447700900123", "hello").get(30, TimeUnit.SECONDS);

        assertThat(greetings.received.poll(30, TimeUnit.SECONDS)).isEqualTo("hello");
    }

    @Test
    void kafkaInfoChatterStaysQuietAfterSpringBootSetUpLogging() {
        assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.consumer.ConsumerConfig").isInfoEnabled()).isFalse();
        assertThat(LoggerFactory.getLogger(RealInfrastructureBootTest.class).isInfoEnabled()).isTrue();
    }
}
