package org.tocsin.subscriber;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Phone numbers no other test of this JVM uses (UK mobile range, E.164). */
public final class TestPhones {

    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong(10_000_000L, 90_000_000L));

    private TestPhones() {
    }

    public static String next() {
        return "+4477" + NEXT.getAndIncrement();
    }
}
