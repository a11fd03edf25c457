package org.tocsin.subscriber.consent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.ConsentState;

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

    ConsentLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void append(UUID supporterId, UUID listId, ConsentState state, String cause, String evidence,
                String providerMessageId, Channel channel, Instant occurredAt) {
        jdbc.sql("""
                        INSERT INTO consent_ledger (supporter_id, list_id, state, cause, evidence, provider_message_id,
                                                    channel, occurred_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(supporterId, listId, state.name(), cause, evidence, providerMessageId,
                        (channel == null ? Channel.SMS : channel).name(), Timestamp.from(occurredAt))
                .update();
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
