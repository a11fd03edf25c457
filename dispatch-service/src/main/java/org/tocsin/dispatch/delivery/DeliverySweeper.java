package org.tocsin.dispatch.delivery;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tocsin.dispatch.fanout.FanoutProperties;

/**
 * Every targeted recipient must reach a terminal state: a row still QUEUED or SENT long after its
 * message stopped being sendable (validity plus a margin for late reports) becomes EXPIRED. Safe with
 * several instances: each statement only touches rows that are still pending.
 */
@Component
class DeliverySweeper {

    private static final Logger log = LoggerFactory.getLogger(DeliverySweeper.class);

    /**
     * Pending rows older than the limit, action by action: each action's are found through the one
     * partial index of pending rows, {@code delivery_pending (action_id, created_at)}, so the fan-out
     * does not pay for a second index by age on every row it writes. The outer status check is what
     * PostgreSQL re-checks on a row a status report changed meanwhile, so that report is not overwritten.
     */
    static final String EXPIRE_STUCK = """
            UPDATE delivery SET status = 'EXPIRED', assumed = true, updated_at = now(),
                failure_reason = COALESCE(failure_reason, 'no final status within ' || ?)
            WHERE status IN ('QUEUED', 'SENT') AND (action_id, supporter_id) IN (
                SELECT stuck.action_id, stuck.supporter_id
                FROM urgent_action a CROSS JOIN LATERAL (
                    SELECT d.action_id, d.supporter_id FROM delivery d
                    WHERE d.action_id = a.id AND d.status IN ('QUEUED', 'SENT')
                      AND d.created_at < now() - make_interval(secs => ?)
                    LIMIT ?) stuck
                WHERE a.triggered_at IS NOT NULL
                LIMIT ?)""";

    private final JdbcTemplate jdbc;
    private final Duration expireAfter;
    private final int batch;

    DeliverySweeper(JdbcTemplate jdbc, DeliveryProperties properties, FanoutProperties fanout) {
        this.jdbc = jdbc;
        this.expireAfter = properties.expireAfter() != null ? properties.expireAfter()
                : fanout.validity().plus(properties.expiryMargin());
        this.batch = properties.sweepBatch();
    }

    @Scheduled(fixedDelayString = "${tocsin.dispatch.delivery.sweep-interval:1m}",
            initialDelayString = "${tocsin.dispatch.delivery.sweep-interval:1m}")
    void expireStuckDeliveries() {
        int total = 0;
        int n;
        do {
            n = jdbc.update(EXPIRE_STUCK, expireAfter.toString(), (double) expireAfter.toSeconds(), batch, batch);
            total += n;
        } while (n == batch);
        if (total > 0) {
            log.info("Expired {} deliveries stuck for more than {}", total, expireAfter);
        }
    }
}
