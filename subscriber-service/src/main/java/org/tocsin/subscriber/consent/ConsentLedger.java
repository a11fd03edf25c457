package org.tocsin.subscriber.consent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.ConsentState;
import org.tocsin.platform.transaction.WrittenBeforeCommit;

/**
 * The append-only record of every consent change with its evidence. There is deliberately no update
 * or delete here, and the database refuses both (a trigger, migration V2).
 */
@Repository
class ConsentLedger {

    /** One ledger row; {@code listId} null means every list. */
    record Entry(long id, UUID listId, ConsentState state, String cause, String evidence, String providerMessageId,
                 String channel, Instant occurredAt) {
    }

    private final JdbcClient jdbc;
    /** Appended rows are written together just before the transaction commits: nothing reads them sooner. */
    private final WrittenBeforeCommit<Appended> appended;

    ConsentLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.appended = new WrittenBeforeCommit<>(this::insert, () -> { });
    }

    /** Appends a row when the current transaction commits (and never if it rolls back). */
    void append(UUID supporterId, UUID listId, ConsentState state, String cause, String evidence,
                String providerMessageId, Channel channel, Instant occurredAt) {
        appended.add(new Appended(supporterId, listId, state, cause, evidence, providerMessageId,
                channel == null ? Channel.SMS : channel, occurredAt));
    }

    private record Appended(UUID supporterId, UUID listId, ConsentState state, String cause, String evidence,
                            String providerMessageId, Channel channel, Instant occurredAt) {
    }

    private void insert(List<Appended> rows) {
        jdbc.sql("""
                        INSERT INTO consent_ledger (supporter_id, list_id, state, cause, evidence, provider_message_id,
                                                    channel, occurred_at)
                        SELECT t.supporter_id, t.list_id, t.state, t.cause, t.evidence, t.provider_message_id, t.channel,
                               t.occurred_at
                        FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::timestamptz[]) WITH ORDINALITY
                             AS t(supporter_id, list_id, state, cause, evidence, provider_message_id, channel, occurred_at, n)
                        ORDER BY t.n""")
                .params(column(rows, r -> r.supporterId().toString()),
                        column(rows, r -> r.listId() == null ? null : r.listId().toString()),
                        column(rows, r -> r.state().name()),
                        column(rows, Appended::cause),
                        column(rows, Appended::evidence),
                        column(rows, Appended::providerMessageId),
                        column(rows, r -> r.channel().name()),
                        column(rows, r -> r.occurredAt().toString()))
                .update();
    }

    private static String[] column(List<Appended> rows, Function<Appended, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    List<Entry> of(UUID supporterId) {
        return jdbc.sql("""
                        SELECT id, list_id, state, cause, evidence, provider_message_id, channel, occurred_at
                        FROM consent_ledger WHERE supporter_id = ? ORDER BY id""")
                .param(supporterId)
                .query((rs, i) -> new Entry(rs.getLong("id"), rs.getObject("list_id", UUID.class),
                        ConsentState.valueOf(rs.getString("state")), rs.getString("cause"), rs.getString("evidence"),
                        rs.getString("provider_message_id"), rs.getString("channel"),
                        rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }
}
