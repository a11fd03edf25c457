package org.tocsin.dispatch.stats;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.contracts.ResponseRecorded;
import org.tocsin.contracts.Topics;
import org.tocsin.dispatch.kafka.EventBatches;

/**
 * Keeps one response per (action, supporter), the earliest: a redelivered or repeated answer changes
 * nothing. Responses to actions this deployment does not know are ignored.
 */
@Component
class ResponseRecordedListener {

    private static final Logger log = LoggerFactory.getLogger(ResponseRecordedListener.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    ResponseRecordedListener(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @KafkaListener(topics = Topics.RESPONSES, batch = "true")
    void onResponses(List<ConsumerRecord<String, Object>> records) {
        List<ResponseRecorded> responses = EventBatches.values(records, ResponseRecorded.class).stream()
                .filter(ResponseRecordedListener::wellFormed)
                .toList();
        EventBatches.apply(responses, transactions, this::apply);
    }

    private void apply(List<ResponseRecorded> responses) {
        jdbc.batchUpdate("""
                INSERT INTO response (action_id, supporter_id, kind, text, provider_message_id, responded_at)
                SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM urgent_action WHERE id = ?)
                ON CONFLICT (action_id, supporter_id) DO UPDATE SET
                    kind = excluded.kind, text = excluded.text, provider_message_id = excluded.provider_message_id,
                    responded_at = excluded.responded_at
                WHERE excluded.responded_at < response.responded_at""",
                responses, responses.size(), (ps, r) -> {
                    UUID action = UUID.fromString(r.actionId());
                    ps.setObject(1, action);
                    ps.setObject(2, UUID.fromString(r.supporterId()));
                    ps.setString(3, r.kind().name());
                    ps.setString(4, r.text());
                    ps.setString(5, r.providerMessageId());
                    ps.setTimestamp(6, Timestamp.from(r.respondedAt() == null ? Instant.now() : r.respondedAt()));
                    ps.setObject(7, action);
                });
    }

    private static boolean wellFormed(ResponseRecorded r) {
        try {
            UUID.fromString(r.actionId());
            UUID.fromString(r.supporterId());
        } catch (RuntimeException e) {
            log.warn("Skipping a ResponseRecorded with a malformed action or supporter id");
            return false;
        }
        return r.kind() != null;
    }
}
