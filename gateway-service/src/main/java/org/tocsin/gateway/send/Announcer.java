package org.tocsin.gateway.send;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that messages' SENT events are published ({@code sent:<id>} without the {@code ?}), as
 * soon as Kafka acknowledged them: a delivery report waits for that (SentMessages). One thread writes
 * whatever has queued up since its last round trip in one Redis pipeline, instead of one round trip
 * per message.
 */
final class Announcer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Announcer.class);
    private static final int MAX_PER_ROUND_TRIP = 1_000;

    private record Announcement(String messageId, String providerMessageId, CompletableFuture<Void> done) {
    }

    /** Queued by close(): what was queued before it is still written. */
    private static final Announcement STOP = new Announcement("", "", new CompletableFuture<>());

    private final SendGate gate;
    private final BlockingQueue<Announcement> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    Announcer(SendGate gate) {
        this.gate = gate;
        this.writer = Thread.ofVirtual().name("send-announcer").start(this::writeUntilClosed);
    }

    /** Completes once {@code messageId} is recorded as announced; fails when Redis refused it. */
    CompletableFuture<Void> announce(String messageId, String providerMessageId) {
        var announcement = new Announcement(messageId, providerMessageId, new CompletableFuture<>());
        if (closed) {
            announcement.done().completeExceptionally(new IllegalStateException("the gateway is stopping"));
        } else {
            queue.add(announcement);
        }
        return announcement.done();
    }

    private void writeUntilClosed() {
        List<Announcement> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_PER_ROUND_TRIP - 1);
            stop = batch.removeIf(a -> a == STOP);
            if (!batch.isEmpty()) {
                write(batch);
            }
            batch.clear();
        }
        queue.forEach(a -> a.done().completeExceptionally(new IllegalStateException("the gateway is stopping")));
    }

    private static void fail(List<Announcement> batch, RuntimeException e) {
        batch.forEach(a -> a.done().completeExceptionally(e));
    }

    private void write(List<Announcement> batch) {
        Map<String, String> ids = new LinkedHashMap<>();
        batch.forEach(a -> ids.put(a.messageId(), a.providerMessageId()));
        try {
            gate.announced(ids);
        } catch (RuntimeException e) {
            // their polls fail and are redelivered: the redelivery finds '?<id>' and announces again
            log.warn("Could not record {} SENT event(s) as published", batch.size(), e);
            fail(batch, e);
            return;
        }
        batch.forEach(a -> a.done().complete(null));
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        queue.add(STOP);
        writer.join();
    }
}
