package org.tocsin.gateway.send;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs one poll's records concurrently, one virtual thread per key, each key's records in order
 * (a supporter's messages keep their order), and returns only once every record reached an
 * outcome. If any record failed, it throws, so the container commits nothing of the batch and
 * redelivers it (records that did finish are then recognised as duplicates).
 */
final class KeyOrderedBatch {

    /** Handles one record. */
    @FunctionalInterface
    interface RecordHandler {
        void handle(ConsumerRecord<String, Object> record) throws Exception;
    }

    private KeyOrderedBatch() {
    }

    static void run(String threadPrefix, List<ConsumerRecord<String, Object>> records, RecordHandler handler)
            throws Exception {
        Map<Object, List<ConsumerRecord<String, Object>>> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<String, Object> record : records) {
            Object key = record.key() != null ? record.key() : record; // no key: no order to keep
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
        }
        List<Future<?>> running = new ArrayList<>(byKey.size());
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(threadPrefix, 0).factory())) {
            for (List<ConsumerRecord<String, Object>> sameKey : byKey.values()) {
                running.add(threads.submit(() -> {
                    for (ConsumerRecord<String, Object> record : sameKey) {
                        handler.handle(record); // a failure stops this key: later records must not overtake it
                    }
                    return null;
                }));
            }
        }
        Exception failure = null;
        for (Future<?> result : running) {
            try {
                result.get();
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
