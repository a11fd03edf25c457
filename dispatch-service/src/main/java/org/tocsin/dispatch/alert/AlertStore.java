package org.tocsin.dispatch.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.Channel;
import org.tocsin.dispatch.api.ApiException;

/** The urgent_action, urgent_action_list and idempotency_key tables. */
@Component
class AlertStore {

    /** A trigger's remembered answer. */
    record RememberedResponse(UUID actionId, int status, String json) {
    }

    private static final String COLUMNS = """
            id, title, body, channel, state, extract(epoch FROM reply_window)::bigint AS reply_window_seconds,
            scheduled_at, thanks_text, created_by, created_at, approved_by, approved_at, approval_waived,
            triggered_by, triggered_at, cancelled_by, cancelled_at, completed_at, fanout_pages, fanout_handed_over,
            fanout_finished_at""";

    private final JdbcTemplate jdbc;

    AlertStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Alert a) {
        jdbc.update("""
                INSERT INTO urgent_action (id, title, body, channel, state, reply_window, scheduled_at, thanks_text,
                                           created_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, make_interval(secs => ?), ?, ?, ?, ?, ?)""",
                a.id(), a.title(), a.body(), a.channel().name(), a.state().name(), (double) a.replyWindow().toSeconds(),
                timestamp(a.scheduledAt()), a.thanksText(), a.createdBy(), timestamp(a.createdAt()),
                timestamp(a.createdAt()));
        jdbc.batchUpdate("INSERT INTO urgent_action_list (action_id, list_id) VALUES (?, ?)", a.listIds(),
                a.listIds().size(), (ps, list) -> {
                    ps.setObject(1, a.id());
                    ps.setObject(2, list);
                });
    }

    Optional<Alert> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM urgent_action WHERE id = ?", this::alertWithoutLists, id)
                .stream().findFirst().map(a -> withLists(List.of(a)).getFirst());
    }

    Alert get(UUID id) {
        return find(id).orElseThrow(() -> ApiException.notFound("No urgent action " + id + "."));
    }

    /** Reads the action and locks its row until the transaction ends: state changes are serialised. */
    Alert lock(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM urgent_action WHERE id = ? FOR UPDATE", this::alertWithoutLists, id)
                .stream().findFirst().map(a -> withLists(List.of(a)).getFirst())
                .orElseThrow(() -> ApiException.notFound("No urgent action " + id + "."));
    }

    /** Most recent first. */
    List<Alert> list(AlertState state, int limit) {
        List<Alert> alerts = state == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM urgent_action ORDER BY created_at DESC, id LIMIT ?",
                        this::alertWithoutLists, limit)
                : jdbc.query("SELECT " + COLUMNS + " FROM urgent_action WHERE state = ? ORDER BY created_at DESC, id LIMIT ?",
                        this::alertWithoutLists, state.name(), limit);
        return withLists(alerts);
    }

    void approve(UUID id, String approver, Instant at) {
        jdbc.update("UPDATE urgent_action SET state = 'APPROVED', approved_by = ?, approved_at = ?, updated_at = now() "
                + "WHERE id = ?", approver, timestamp(at), id);
    }

    /** DRAFT → APPROVED without a second coordinator (audience at or below the threshold): armed for its time. */
    void approveWaived(UUID id) {
        jdbc.update("UPDATE urgent_action SET state = 'APPROVED', approval_waived = true, updated_at = now() WHERE id = ?", id);
    }

    void startSending(UUID id, String triggeredBy, Instant at, boolean approvalWaived) {
        jdbc.update("""
                UPDATE urgent_action SET state = 'SENDING', triggered_by = ?, triggered_at = ?,
                    approval_waived = approval_waived OR ?, fanout_cursor = NULL, fanout_finished_at = NULL,
                    fanout_owner = NULL, fanout_lease_until = NULL, updated_at = now()
                WHERE id = ?""", triggeredBy, timestamp(at), approvalWaived, id);
    }

    void cancel(UUID id, String cancelledBy, Instant at) {
        jdbc.update("UPDATE urgent_action SET state = 'CANCELLED', cancelled_by = ?, cancelled_at = ?, updated_at = now() "
                + "WHERE id = ?", cancelledBy, timestamp(at), id);
    }

    /** APPROVED actions whose time has come, locked; those another instance is firing are skipped. */
    List<UUID> lockDue(int limit) {
        return jdbc.queryForList("SELECT id FROM urgent_action WHERE state = 'APPROVED' AND scheduled_at <= now() "
                + "ORDER BY scheduled_at LIMIT ? FOR UPDATE SKIP LOCKED", UUID.class, limit);
    }

    /** SENDING → COMPLETED for every action whose fan-out finished and whose deliveries are all terminal. */
    int completeFinished() {
        return jdbc.update("""
                UPDATE urgent_action a SET state = 'COMPLETED', completed_at = now(), updated_at = now()
                WHERE state = 'SENDING' AND fanout_finished_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.action_id = a.id AND d.status IN ('QUEUED', 'SENT'))""");
    }

    Optional<RememberedResponse> remembered(String key) {
        return jdbc.query("SELECT action_id, status, response::text FROM idempotency_key WHERE key = ?",
                (rs, i) -> new RememberedResponse(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3)), key)
                .stream().findFirst();
    }

    void remember(String key, String operation, UUID actionId, String user, int status, String json) {
        jdbc.update("INSERT INTO idempotency_key (key, operation, action_id, username, status, response) "
                + "VALUES (?, ?, ?, ?, ?, ?::jsonb)", key, operation, actionId, user, status, json);
    }

    int forgetKeysOlderThan(Duration age) {
        return jdbc.update("DELETE FROM idempotency_key WHERE created_at < now() - make_interval(secs => ?)",
                (double) age.toSeconds());
    }

    private List<Alert> withLists(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return alerts;
        }
        Map<UUID, List<UUID>> lists = new HashMap<>();
        jdbc.query("SELECT action_id, list_id FROM urgent_action_list WHERE action_id = ANY(?) ORDER BY list_id",
                rs -> {
                    lists.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(rs.getObject(2, UUID.class));
                }, (Object) alerts.stream().map(Alert::id).toArray(UUID[]::new));
        return alerts.stream().map(a -> new Alert(a.id(), a.title(), a.body(), List.copyOf(lists.getOrDefault(a.id(),
                List.of())), a.channel(), a.replyWindow(), a.scheduledAt(), a.thanksText(), a.state(), a.createdBy(),
                a.createdAt(), a.approvedBy(), a.approvedAt(), a.approvalWaived(), a.triggeredBy(), a.triggeredAt(),
                a.cancelledBy(), a.cancelledAt(), a.completedAt(), a.fanoutPages(), a.fanoutHandedOver(),
                a.fanoutFinishedAt())).toList();
    }

    private Alert alertWithoutLists(ResultSet rs, int row) throws SQLException {
        return new Alert(rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("body"), List.of(),
                Channel.valueOf(rs.getString("channel")), Duration.ofSeconds(rs.getLong("reply_window_seconds")),
                instant(rs, "scheduled_at"), rs.getString("thanks_text"), AlertState.valueOf(rs.getString("state")),
                rs.getString("created_by"), instant(rs, "created_at"), rs.getString("approved_by"),
                instant(rs, "approved_at"), rs.getBoolean("approval_waived"), rs.getString("triggered_by"),
                instant(rs, "triggered_at"), rs.getString("cancelled_by"), instant(rs, "cancelled_at"),
                instant(rs, "completed_at"), rs.getInt("fanout_pages"), rs.getLong("fanout_handed_over"),
                instant(rs, "fanout_finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
