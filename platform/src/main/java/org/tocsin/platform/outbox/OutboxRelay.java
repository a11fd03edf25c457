package org.tocsin.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.platform.kafka.EventSerializer;

/**
 * Publishes committed outbox rows to Kafka in id order, then marks them published. A PostgreSQL
 * advisory lock lets one instance relay at a time, which keeps each key's events in order; a crash
 * between send and mark re-sends a batch, so consumers must be idempotent (they are: events carry
 * ids and consumers upsert).
 */
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    // Any constant shared by the instances of one service: they all use the same schema's outbox.
    private static final long RELAY_LOCK = 0x70C5_1A0B0DL;

    private record Row(long id, String topic, String key, String type, String payload) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Producer<String, byte[]> producer;
    private final OutboxProperties properties;
    private final Counter published;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile Thread worker;
    private volatile Instant lastCleanup = Instant.EPOCH;

    OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, Producer<String, byte[]> producer,
                OutboxProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.producer = producer;
        this.properties = properties;
        this.published = Counter.builder("tocsin.outbox.published").description("Events relayed from the outbox to Kafka")
                .register(meters);
    }

    void wakeUp() {
        wakeUps.release();
    }

    /** Publishes what is waiting now; returns how many rows it published. For the loop and for tests. */
    int relayOnce() {
        Integer count = transactions.execute(status -> {
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, RELAY_LOCK);
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            List<Row> rows = jdbc.query("SELECT id, topic, event_key, event_type, payload::text FROM outbox "
                            + "WHERE published_at IS NULL ORDER BY id LIMIT ?",
                    (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                    properties.batchSize());
            if (rows.isEmpty()) {
                return 0;
            }
            send(rows);
            jdbc.update("UPDATE outbox SET published_at = now() WHERE id = ANY(?)",
                    (Object) rows.stream().map(Row::id).toArray(Long[]::new));
            return rows.size();
        });
        published.increment(count == null ? 0 : count);
        return count == null ? 0 : count;
    }

    private void send(List<Row> rows) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            var record = new ProducerRecord<String, byte[]>(row.topic(), row.key(), row.payload().getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventSerializer.TYPE_HEADER, row.type().getBytes(StandardCharsets.UTF_8));
            acks.add(producer.send(record));
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while relaying the outbox", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not take the outbox batch; it will be retried", e);
        }
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                int n = relayOnce();
                cleanUpNowAndThen();
                if (n < properties.batchSize()) {
                    wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Outbox relay failed, retrying: {}", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void cleanUpNowAndThen() {
        if (lastCleanup.isAfter(Instant.now().minusSeconds(600))) {
            return;
        }
        lastCleanup = Instant.now();
        jdbc.update("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => ?)",
                (double) properties.keepPublished().toSeconds());
    }

    @Override
    public void start() {
        worker = Thread.ofPlatform().daemon().name("outbox-relay").start(this::loop);
    }

    @Override
    public void stop() {
        Thread t = worker;
        worker = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
