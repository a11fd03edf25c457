package org.tocsin.subscriber.reply;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tocsin.contracts.UrgentActionCancelled;
import org.tocsin.contracts.UrgentActionTriggered;

/** Urgent actions, who got them, and which one a supporter's reply answers. */
@Repository
public class OpenActions {

    /** Supporter {@code supporterId} got action {@code actionId} at {@code at}. */
    record Recipient(UUID supporterId, String actionId, Instant at) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    OpenActions(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * The action a reply at {@code at} answers: of those the supporter got whose reply window is
     * still open at {@code at} (and that were not cancelled before it), the one sent last.
     */
    public Optional<OpenAction> latestFor(UUID supporterId, Instant at) {
        Timestamp when = Timestamp.from(at);
        return jdbc.sql("""
                        SELECT r.action_id, r.sent_at, a.thanks_text
                        FROM action_recipient r JOIN urgent_action a ON a.id = r.action_id
                        WHERE r.supporter_id = ? AND a.reply_until >= ? AND (a.cancelled_at IS NULL OR a.cancelled_at > ?)
                        ORDER BY r.sent_at DESC LIMIT 1""")
                .params(supporterId, when, when)
                .query((rs, i) -> new OpenAction(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                .optional();
    }

    void triggered(UrgentActionTriggered e) {
        jdbc.sql("""
                        INSERT INTO urgent_action (id, reply_until, thanks_text, triggered_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET reply_until = EXCLUDED.reply_until,
                            thanks_text = EXCLUDED.thanks_text, triggered_at = EXCLUDED.triggered_at""")
                .params(e.actionId(), timestamp(e.replyUntil()), e.thanksText(), timestamp(e.triggeredAt()))
                .update();
    }

    void cancelled(UrgentActionCancelled e) {
        Timestamp at = timestamp(e.cancelledAt() == null ? Instant.now() : e.cancelledAt());
        jdbc.sql("""
                        INSERT INTO urgent_action (id, cancelled_at) VALUES (?, ?)
                        ON CONFLICT (id) DO UPDATE SET cancelled_at = COALESCE(urgent_action.cancelled_at, EXCLUDED.cancelled_at)""")
                .params(e.actionId(), at)
                .update();
    }

    boolean known(String actionId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM urgent_action WHERE id = ?)").param(actionId)
                .query(Boolean.class).single();
    }

    /** Records who got what; a repeated event changes nothing but may move the time earlier. */
    void recipients(List<Recipient> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        batch.batchUpdate("""
                        INSERT INTO action_recipient (supporter_id, action_id, sent_at) VALUES (?, ?, ?)
                        ON CONFLICT (supporter_id, action_id) DO UPDATE
                        SET sent_at = LEAST(action_recipient.sent_at, EXCLUDED.sent_at)""",
                recipients.stream().map(r -> new Object[] {r.supporterId(), r.actionId(), Timestamp.from(r.at())}).toList());
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
