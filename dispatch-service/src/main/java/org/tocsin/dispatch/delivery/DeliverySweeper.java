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
            n = jdbc.update("""
                    UPDATE delivery SET status = 'EXPIRED', assumed = true, updated_at = now(),
                        failure_reason = COALESCE(failure_reason, 'no final status within ' || ?)
                    WHERE (action_id, supporter_id) IN (
                        SELECT action_id, supporter_id FROM delivery
                        WHERE status IN ('QUEUED', 'SENT') AND created_at < now() - make_interval(secs => ?)
                        LIMIT ?)""", expireAfter.toString(), (double) expireAfter.toSeconds(), batch);
            total += n;
        } while (n == batch);
        if (total > 0) {
            log.info("Expired {} deliveries stuck for more than {}", total, expireAfter);
        }
    }
}
