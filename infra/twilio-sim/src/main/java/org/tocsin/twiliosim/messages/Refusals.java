package org.tocsin.twiliosim.messages;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.tocsin.twiliosim.RefusedSend;

/** The latest sends the Messages API refused, oldest first, forgetting the oldest beyond a cap. */
public final class Refusals {

    private final int capacity;
    private final Queue<RefusedSend> refused = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    public Refusals(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    void add(RefusedSend send) {
        refused.add(send);
        if (size.incrementAndGet() > capacity && refused.poll() != null) {
            size.decrementAndGet();
        }
    }

    /** Refused sends to {@code to} ({@code null}: all), oldest first. */
    public List<RefusedSend> list(String to) {
        return refused.stream().filter(send -> to == null || to.equals(send.to())).toList();
    }

    public void clear() {
        refused.clear();
        size.set(0);
    }
}
