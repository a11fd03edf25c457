package org.tocsin.dispatch.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TypeMismatchDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/** Helpers for batch listeners: pick the events out of a poll, apply them all or isolate a bad one. */
public final class EventBatches {

    private static final Logger log = LoggerFactory.getLogger(EventBatches.class);

    private EventBatches() {
    }

    /** The values of type {@code type}, in order; tombstones, unreadable records and other types are skipped. */
    public static <T> List<T> values(List<ConsumerRecord<String, Object>> records, Class<T> type) {
        List<T> out = new ArrayList<>(records.size());
        for (ConsumerRecord<String, Object> record : records) {
            if (type.isInstance(record.value())) {
                out.add(type.cast(record.value()));
            } else if (record.value() != null) {
                log.warn("Skipping a {} on {} at offset {}: expected {}", record.value().getClass().getSimpleName(),
                        record.topic(), record.offset(), type.getSimpleName());
            } else if (record.headers().lastHeader("springDeserializerExceptionValue") != null) {
                log.warn("Skipping an unreadable record on {}-{} at offset {}", record.topic(), record.partition(),
                        record.offset());
            }
        }
        return out;
    }

    /**
     * Applies {@code events} in one transaction. When the data itself is refused (a value the schema
     * rejects), applies them one by one and skips the refused ones, so one bad event cannot stop the
     * topic; any other failure (database unreachable) propagates and the batch is retried.
     */
    public static <T> void apply(List<T> events, TransactionTemplate transactions, Consumer<List<T>> apply) {
        if (events.isEmpty()) {
            return;
        }
        try {
            transactions.executeWithoutResult(status -> apply.accept(events));
        } catch (DataIntegrityViolationException | TypeMismatchDataAccessException batchRefused) {
            for (T event : events) {
                try {
                    transactions.executeWithoutResult(status -> apply.accept(List.of(event)));
                } catch (DataIntegrityViolationException | TypeMismatchDataAccessException refused) {
                    log.warn("Skipping a {} the database refused: {}", event.getClass().getSimpleName(),
                            refused.getMostSpecificCause().getMessage());
                }
            }
        }
    }
}
