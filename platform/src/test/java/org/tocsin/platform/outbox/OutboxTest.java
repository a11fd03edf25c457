package org.tocsin.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.contracts.ConsentChanged;
import org.tocsin.contracts.ConsentState;
import org.tocsin.contracts.Topics;
import org.tocsin.testkit.TestInfrastructure;
import org.tocsin.testkit.spring.RealInfrastructure;

@SpringBootTest(properties = {"tocsin.outbox.poll-interval=50ms"})
@RealInfrastructure
class OutboxTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Autowired
    Outbox outbox;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    KafkaProperties kafka;

    @Test
    void aCommittedEventReachesKafkaInOrderAndARolledBackOneNever() {
        String phone = "+4477009" + System.nanoTime() % 100000;
        String key = "s-" + phone;
        transactions.executeWithoutResult(tx -> {
            jdbc.update("INSERT INTO note VALUES (1, 'joined')");
            outbox.publish(Topics.CONSENT, key, consent(phone, ConsentState.SUBSCRIBED, "JOIN"));
        });
        try {
            transactions.executeWithoutResult(tx -> {
                outbox.publish(Topics.CONSENT, key, consent(phone, ConsentState.PENDING, "rolled back"));
                throw new IllegalStateException("the change fails");
            });
        } catch (IllegalStateException expected) {
            // its event must not be published
        }
        transactions.executeWithoutResult(tx ->
                outbox.publish(Topics.CONSENT, key, consent(phone, ConsentState.UNSUBSCRIBED, "STOP")));

        List<ConsentChanged> seen = consume(key, 2);

        assertThat(seen).extracting(ConsentChanged::evidence).containsExactly("JOIN", "STOP");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE published_at IS NULL", Integer.class)).isZero();
    }

    @Test
    void aTransactionsEventsAreWrittenAtCommitInTheOrderTheyWerePublished() {
        String phone = "+4477008" + System.nanoTime() % 100000;
        String key = "s-" + phone;
        int events = Outbox.ROWS_PER_INSERT * 2 + 7;
        long before = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM outbox", Long.class);
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < events; i++) {
                outbox.publish(Topics.CONSENT, key, consent(phone, ConsentState.SUBSCRIBED, "e" + i));
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE id > ?", Integer.class, before))
                    .as("written when the transaction commits, not before").isZero();
        });

        List<String> written = jdbc.queryForList("SELECT payload->>'evidence' FROM outbox WHERE id > ? AND event_key = ?"
                + " ORDER BY id", String.class, before, key);
        assertThat(written).hasSize(events);
        for (int i = 0; i < events; i++) {
            assertThat(written.get(i)).isEqualTo("e" + i);
        }
        assertThat(consume(key, events)).extracting(ConsentChanged::evidence).isEqualTo(written);
    }

    @Test
    void refusesToPublishOutsideATransaction() {
        assertThatThrownBy(() -> outbox.publish(Topics.CONSENT, "k", consent("+1", ConsentState.SUBSCRIBED, "x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
    }

    private static ConsentChanged consent(String phone, ConsentState state, String evidence) {
        return new ConsentChanged("s-" + phone, phone, ConsentChanged.ALL_LISTS, state, null, null, evidence, Instant.now());
    }

    private List<ConsentChanged> consume(String key, int expected) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfrastructure.uniqueName("outboxtest"));
        List<ConsentChanged> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, Object>(config)) {
            consumer.subscribe(List.of(Topics.CONSENT));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        seen.add((ConsentChanged) record.value());
                    }
                }
            }
            // anything else for this key would show up now, too
            for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(record.key())) {
                    seen.add((ConsentChanged) record.value());
                }
            }
        }
        return seen;
    }
}
