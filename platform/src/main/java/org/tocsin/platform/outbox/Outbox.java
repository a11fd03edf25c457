package org.tocsin.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tocsin.contracts.EventJson;

/**
 * Writes events to the service's {@code outbox} table inside the caller's transaction: if the
 * change rolls back, so does its event; if it commits, the relay publishes the event.
 *
 * <p>A transaction's events are written together just before it commits, one statement for all of
 * them in the order they were published: a batch of inbound messages publishes a few hundred, and
 * one round trip each was a large part of applying them. Nothing reads the outbox inside the
 * transaction that writes it.
 */
public class Outbox {

    /** Rows per INSERT when a transaction publishes very many events. */
    static final int ROWS_PER_INSERT = 1_000;
    private static final String INSERT = """
            INSERT INTO outbox (topic, event_key, event_type, payload)
            SELECT t.topic, t.event_key, t.event_type, t.payload::jsonb
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS t(topic, event_key, event_type, payload, n)
            ORDER BY t.n""";

    private final JdbcTemplate jdbc;
    private final OutboxRelay relay;

    Outbox(JdbcTemplate jdbc, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
    }

    /** Queues {@code event} for {@code topic} under {@code key}. Must run inside a transaction. */
    public void publish(String topic, String key, Object event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.publish needs a transaction: the event must commit with its change");
        }
        var row = new Row(topic, key, event.getClass().getSimpleName(),
                new String(EventJson.write(event), StandardCharsets.UTF_8));
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        } else if (!TransactionSynchronizationManager.getSynchronizations().contains(pending)) {
            // an inner transaction (REQUIRES_NEW) while an outer one is suspended: its own rows, now
            insert(List.of(row));
            TransactionSynchronizationManager.registerSynchronization(new WakeUpAfterCommit());
            return;
        }
        pending.rows.add(row);
    }

    private void insert(List<Row> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            jdbc.update(INSERT,
                    chunk.stream().map(Row::topic).toArray(String[]::new),
                    chunk.stream().map(Row::key).toArray(String[]::new),
                    chunk.stream().map(Row::type).toArray(String[]::new),
                    chunk.stream().map(Row::payload).toArray(String[]::new));
        }
    }

    private record Row(String topic, String key, String type, String payload) {
    }

    /** One transaction's events, written before it commits. */
    private final class Pending implements TransactionSynchronization {

        private final List<Row> rows = new ArrayList<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            insert(rows);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
            if (status == STATUS_COMMITTED) {
                relay.wakeUp();
            }
        }
    }

    private final class WakeUpAfterCommit implements TransactionSynchronization {
        @Override
        public void afterCompletion(int status) {
            if (status == STATUS_COMMITTED) {
                relay.wakeUp();
            }
        }
    }
}
