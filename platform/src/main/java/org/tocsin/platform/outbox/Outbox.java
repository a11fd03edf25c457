package org.tocsin.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tocsin.contracts.EventJson;
import org.tocsin.platform.transaction.WrittenBeforeCommit;

/**
 * Writes events to the service's {@code outbox} table inside the caller's transaction: if the
 * change rolls back, so does its event; if it commits, the relay publishes the event. A
 * transaction's events are written together just before it commits, in the order they were
 * published (a batch of inbound messages publishes a few hundred).
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
    private final WrittenBeforeCommit<Row> rows;

    Outbox(JdbcTemplate jdbc, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.rows = new WrittenBeforeCommit<>(this::insert, relay::wakeUp);
    }

    /** Queues {@code event} for {@code topic} under {@code key}. Must run inside a transaction. */
    public void publish(String topic, String key, Object event) {
        rows.add(new Row(topic, key, event.getClass().getSimpleName(),
                new String(EventJson.write(event), StandardCharsets.UTF_8)));
    }

    private void insert(List<Row> all) {
        for (int from = 0; from < all.size(); from += ROWS_PER_INSERT) {
            List<Row> chunk = all.subList(from, Math.min(all.size(), from + ROWS_PER_INSERT));
            jdbc.update(INSERT,
                    chunk.stream().map(Row::topic).toArray(String[]::new),
                    chunk.stream().map(Row::key).toArray(String[]::new),
                    chunk.stream().map(Row::type).toArray(String[]::new),
                    chunk.stream().map(Row::payload).toArray(String[]::new));
        }
    }

    private record Row(String topic, String key, String type, String payload) {
    }
}
