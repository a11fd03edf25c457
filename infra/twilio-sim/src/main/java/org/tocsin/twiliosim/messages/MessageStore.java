package org.tocsin.twiliosim.messages;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Every message the simulator knows, in memory, without a global lock: a concurrent map by SID,
 * plus an insertion queue that forgets the oldest message once the cap is reached.
 */
public final class MessageStore {

    private volatile int capacity;
    private final Map<String, MessageRecord> bySid = new ConcurrentHashMap<>();
    private final Queue<String> insertionOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    public MessageStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Keeps at most {@code most} messages from now on, forgetting the oldest beyond it at once. */
    public void keepAtMost(int most) {
        if (most < 1) {
            throw new IllegalArgumentException("a store keeps at least one message, asked to keep " + most);
        }
        capacity = most;
        while (size.get() > most && forgetOldest()) {
            // forgot one
        }
    }

    /** The next creation sequence number. */
    public long nextSequence() {
        return sequence.incrementAndGet();
    }

    public void add(MessageRecord message) {
        bySid.put(message.sid(), message);
        insertionOrder.add(message.sid());
        if (size.incrementAndGet() > capacity) {
            forgetOldest();
        }
    }

    /** Forgets the oldest message; false when there was none. */
    private boolean forgetOldest() {
        String oldest = insertionOrder.poll();
        if (oldest == null) {
            return false;
        }
        bySid.remove(oldest);
        size.decrementAndGet();
        return true;
    }

    public MessageRecord find(String sid) {
        return bySid.get(sid);
    }

    /** Replaces the message atomically; {@code null} when it is no longer stored. */
    MessageRecord update(String sid, UnaryOperator<MessageRecord> change) {
        return bySid.computeIfPresent(sid, (key, current) -> change.apply(current));
    }

    /** Matching messages, oldest first. */
    public List<MessageRecord> list(Predicate<MessageRecord> filter) {
        return bySid.values().stream()
                .filter(filter)
                .sorted(Comparator.comparingLong(MessageRecord::sequence))
                .toList();
    }

    public int size() {
        return bySid.size();
    }

    public void clear() {
        insertionOrder.clear();
        bySid.clear();
        size.set(0);
    }
}
