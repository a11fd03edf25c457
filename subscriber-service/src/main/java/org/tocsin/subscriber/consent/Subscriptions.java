package org.tocsin.subscriber.consent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tocsin.contracts.ConsentState;

/** Current state per supporter and list, kept in step with the ledger in the same transaction. */
@Repository
class Subscriptions {

    record Subscription(UUID listId, ConsentState state, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    Subscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Subscription> of(UUID supporterId) {
        return jdbc.sql("SELECT list_id, state, updated_at FROM subscription WHERE supporter_id = ? ORDER BY list_id")
                .param(supporterId)
                .query((rs, i) -> new Subscription(rs.getObject(1, UUID.class), ConsentState.valueOf(rs.getString(2)),
                        rs.getTimestamp(3).toInstant()))
                .list();
    }

    Optional<ConsentState> stateOf(UUID supporterId, UUID listId) {
        return jdbc.sql("SELECT state FROM subscription WHERE supporter_id = ? AND list_id = ?")
                .params(supporterId, listId).query(String.class).optional().map(ConsentState::valueOf);
    }

    void set(UUID supporterId, UUID listId, ConsentState state, Instant at) {
        jdbc.sql("""
                        INSERT INTO subscription (supporter_id, list_id, state, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (supporter_id, list_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at""")
                .params(supporterId, listId, state.name(), Timestamp.from(at))
                .update();
    }
}
