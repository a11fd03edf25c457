package org.tocsin.dispatch.stats;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.ResponseKind;
import org.tocsin.dispatch.api.ApiException;
import org.tocsin.dispatch.delivery.Deliveries;
import org.tocsin.dispatch.delivery.StatusCounts;

/** A few aggregate queries per request, each on an index of the action's rows. */
@Component
class StatsQueries {

    private final JdbcTemplate jdbc;
    private final Deliveries deliveries;

    StatsQueries(JdbcTemplate jdbc, Deliveries deliveries) {
        this.jdbc = jdbc;
        this.deliveries = deliveries;
    }

    StatsView stats(UUID id) {
        record Action(String state, Instant triggeredAt) {
        }
        Action action = jdbc.query("SELECT state, triggered_at FROM urgent_action WHERE id = ?",
                        (rs, i) -> new Action(rs.getString(1), instant(rs.getTimestamp(2))), id)
                .stream().findFirst().orElseThrow(() -> ApiException.notFound("No urgent action " + id + "."));
        StatusCounts counts = deliveries.counts(id);

        Map<ResponseKind, Long> responses = new EnumMap<>(ResponseKind.class);
        for (ResponseKind kind : ResponseKind.values()) {
            responses.put(kind, 0L);
        }
        // only answers from supporters this action targeted
        jdbc.query("SELECT r.kind, count(*) FROM response r JOIN delivery d "
                        + "ON d.action_id = r.action_id AND d.supporter_id = r.supporter_id "
                        + "WHERE r.action_id = ? GROUP BY r.kind",
                rs -> {
                    responses.put(ResponseKind.valueOf(rs.getString(1)), rs.getLong(2));
                }, id);
        long replied = responses.values().stream().mapToLong(Long::longValue).sum();

        Double[] replyTimes = jdbc.queryForObject("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s), percentile_cont(0.9) WITHIN GROUP (ORDER BY s)
                FROM (SELECT greatest(0, extract(epoch FROM r.responded_at - d.sent_at))::float8 AS s
                      FROM response r JOIN delivery d ON d.action_id = r.action_id AND d.supporter_id = r.supporter_id
                      WHERE r.action_id = ? AND d.sent_at IS NOT NULL) reply_times""",
                (rs, i) -> new Double[] {rs.getObject(1, Double.class), rs.getObject(2, Double.class)}, id);

        long optedOutSince = 0;
        if (action.triggeredAt() != null) {
            List<String> lists = jdbc.queryForList("SELECT list_id::text FROM urgent_action_list WHERE action_id = ?",
                    String.class, id);
            Long n = jdbc.queryForObject("""
                    SELECT count(DISTINCT d.supporter_id) FROM delivery d
                    JOIN consent_opt_out o ON o.supporter_id = d.supporter_id
                    WHERE d.action_id = ? AND o.occurred_at >= ? AND (o.list_id = '*' OR o.list_id = ANY(?))""",
                    Long.class, id, Timestamp.from(action.triggeredAt()), lists.toArray(String[]::new));
            optedOutSince = n == null ? 0 : n;
        }

        Map<DeliveryStatus, Long> byStatus = new EnumMap<>(counts.byStatus());
        return new StatsView(id, action.state(), action.triggeredAt(), counts.targeted(), counts.of(DeliveryStatus.QUEUED),
                counts.of(DeliveryStatus.SUPPRESSED), counts.sent(), counts.of(DeliveryStatus.DELIVERED),
                counts.of(DeliveryStatus.UNDELIVERED), counts.of(DeliveryStatus.FAILED),
                counts.of(DeliveryStatus.CANCELLED), counts.of(DeliveryStatus.EXPIRED), replied, responses,
                optedOutSince, replyTimes[0], replyTimes[1], byStatus, Instant.now());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
