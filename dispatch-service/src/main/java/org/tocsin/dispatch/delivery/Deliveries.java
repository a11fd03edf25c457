package org.tocsin.dispatch.delivery;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.DeliveryStatus;

/** Reads and bulk changes of delivery rows that the action lifecycle needs. */
@Component
public class Deliveries {

    private final JdbcTemplate jdbc;

    Deliveries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The counts of one action: one GROUP BY over its rows (primary key index on action_id). */
    public StatusCounts counts(UUID actionId) {
        return counts(java.util.List.of(actionId)).getOrDefault(actionId, StatusCounts.NONE);
    }

    /** The counts of several actions in one query. */
    public Map<UUID, StatusCounts> counts(Collection<UUID> actionIds) {
        Map<UUID, Map<DeliveryStatus, Long>> byStatus = new HashMap<>();
        Map<UUID, Long> sent = new HashMap<>();
        if (actionIds.isEmpty()) {
            return Map.of();
        }
        jdbc.query("SELECT action_id, status, count(*), count(sent_at) FROM delivery WHERE action_id = ANY(?) "
                + "GROUP BY action_id, status", rs -> {
                    UUID action = rs.getObject(1, UUID.class);
                    byStatus.computeIfAbsent(action, a -> new HashMap<>())
                            .put(DeliveryStatus.valueOf(rs.getString(2)), rs.getLong(3));
                    sent.merge(action, rs.getLong(4), Long::sum);
                }, (Object) actionIds.toArray(UUID[]::new));
        Map<UUID, StatusCounts> out = new HashMap<>();
        byStatus.forEach((action, counts) -> out.put(action, new StatusCounts(counts, sent.getOrDefault(action, 0L))));
        return out;
    }

    /**
     * Marks every row of the action not yet handed to the provider CANCELLED. The mark is dispatch's
     * own ({@code assumed}): if the gateway reports it did send one (it took it before the cancel
     * marker was set), that report replaces the mark. Must run in the cancel's transaction.
     */
    public int cancelQueued(UUID actionId) {
        return jdbc.update("UPDATE delivery SET status = 'CANCELLED', assumed = true, updated_at = now() "
                + "WHERE action_id = ? AND status = 'QUEUED'", actionId);
    }
}
