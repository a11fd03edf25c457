package org.tocsin.dispatch.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.MessageStatusChanged;
import org.tocsin.contracts.OutboundMessageDeadLettered;
import org.tocsin.contracts.Topics;
import org.tocsin.dispatch.kafka.EventBatches;

/**
 * Moves delivery rows as the gateway reports, found by primary key (action, supporter: every report
 * of an action's message carries both) and checked against the message id. States only move forward:
 * QUEUED → SENT → a terminal state, and a terminal state is never left for another one the gateway
 * reports (a late SENT after DELIVERED changes nothing). The one exception is a status dispatch
 * assumed itself (CANCELLED on cancel, EXPIRED by the sweeper): the gateway's report of what really
 * happened to that message replaces it. So the result does not depend on redelivery or order.
 */
@Component
class DeliveryStatusListener {

    /** One report; {@code actionId} and {@code supporterId} null when it is not an urgent action's message. */
    private record StatusUpdate(UUID actionId, UUID supporterId, String messageId, DeliveryStatus status,
                                String providerMessageId, String errorCode, String reason, Instant at) {

        boolean ofAnAction() {
            return actionId != null && supporterId != null;
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Counter applied;
    private final Counter ignored;

    DeliveryStatusListener(JdbcTemplate jdbc, TransactionTemplate transactions, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.applied = Counter.builder("tocsin.dispatch.delivery.status.updates").tag("outcome", "applied")
                .description("Status reports that moved a delivery row").register(meters);
        this.ignored = Counter.builder("tocsin.dispatch.delivery.status.updates").tag("outcome", "ignored")
                .description("Status reports that changed nothing (repeats, late, or not an urgent action's)")
                .register(meters);
    }

    @KafkaListener(topics = Topics.MESSAGE_STATUS, batch = "true",
            concurrency = "${tocsin.dispatch.delivery.status-consumers:2}")
    void onStatusChanged(List<ConsumerRecord<String, Object>> records) {
        List<StatusUpdate> updates = EventBatches.values(records, MessageStatusChanged.class).stream()
                .filter(e -> e.messageId() != null && e.status() != null && e.status() != DeliveryStatus.QUEUED)
                .map(e -> new StatusUpdate(uuid(e.actionId()), uuid(e.supporterId()), e.messageId(), e.status(),
                        e.providerMessageId(), e.errorCode(), null, e.occurredAt() == null ? Instant.now() : e.occurredAt()))
                .toList();
        EventBatches.apply(updates, transactions, this::apply);
    }

    @KafkaListener(topics = Topics.OUTBOUND_DEAD_LETTER, batch = "true")
    void onDeadLettered(List<ConsumerRecord<String, Object>> records) {
        List<StatusUpdate> updates = EventBatches.values(records, OutboundMessageDeadLettered.class).stream()
                .filter(e -> e.request() != null)
                .map(e -> new StatusUpdate(uuid(e.request().actionId()), uuid(e.request().supporterId()),
                        e.request().messageId(), DeliveryStatus.FAILED, null, e.errorCode(),
                        e.reason() == null ? "dead-lettered after " + e.attempts() + " attempts" : e.reason(),
                        e.at() == null ? Instant.now() : e.at()))
                .toList();
        EventBatches.apply(updates, transactions, this::apply);
    }

    private void apply(List<StatusUpdate> reports) {
        List<StatusUpdate> updates = reports.stream().filter(StatusUpdate::ofAnAction).toList();
        int[][] moved = jdbc.batchUpdate("""
                UPDATE delivery SET status = ?,
                    provider_message_id = COALESCE(?, provider_message_id),
                    error_code = COALESCE(?, error_code),
                    failure_reason = COALESCE(?, failure_reason),
                    assumed = false,
                    updated_at = now()
                WHERE action_id = ? AND supporter_id = ? AND message_id = ? AND status <> ?
                  AND (status = 'QUEUED' OR (status = 'SENT' AND ?) OR assumed)""",
                updates, updates.size(), (ps, u) -> {
                    ps.setString(1, u.status().name());
                    ps.setString(2, u.providerMessageId());
                    ps.setString(3, u.errorCode());
                    ps.setString(4, u.reason());
                    ps.setObject(5, u.actionId());
                    ps.setObject(6, u.supporterId());
                    ps.setString(7, u.messageId());
                    ps.setString(8, u.status().name());
                    ps.setBoolean(9, u.status().terminal());
                });
        // The provider had it: the earliest such report is when it was sent (reply times start there),
        // whatever the state machine did with the report.
        List<StatusUpdate> handedOver = updates.stream().filter(DeliveryStatusListener::reachedProvider).toList();
        jdbc.batchUpdate("""
                UPDATE delivery SET sent_at = ?, provider_message_id = COALESCE(provider_message_id, ?)
                WHERE action_id = ? AND supporter_id = ? AND message_id = ? AND (sent_at IS NULL OR sent_at > ?)""",
                handedOver, handedOver.size(), (ps, u) -> {
                    ps.setTimestamp(1, Timestamp.from(u.at()));
                    ps.setString(2, u.providerMessageId());
                    ps.setObject(3, u.actionId());
                    ps.setObject(4, u.supporterId());
                    ps.setString(5, u.messageId());
                    ps.setTimestamp(6, Timestamp.from(u.at()));
                });
        long changed = 0;
        for (int[] batch : moved) {
            for (int n : batch) {
                changed += Math.max(n, 0);
            }
        }
        applied.increment(changed);
        ignored.increment(reports.size() - changed);
    }

    /** An id from an event, or null when absent or not a uuid (then no delivery row is its). */
    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean reachedProvider(StatusUpdate u) {
        return switch (u.status()) {
            case SENT, DELIVERED, UNDELIVERED -> true;
            case FAILED -> u.providerMessageId() != null;
            default -> false;
        };
    }
}
