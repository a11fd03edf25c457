package org.tocsin.gateway.send;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What one poll's records started and must see finished before the poll's offsets are committed:
 * their events' Kafka acknowledgements and what follows them (the SENT announcement). Records of
 * the poll run concurrently and add to it; the poll waits for all of it once, at its end, so the
 * producer batches the events instead of sending and waiting for them one at a time.
 */
final class PendingOutcomes {

    private final ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();

    void add(CompletableFuture<?> outcome) {
        pending.add(outcome);
    }

    List<CompletableFuture<?>> all() {
        return List.copyOf(pending);
    }
}
