package org.tocsin.gateway.send;

import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.tocsin.platform.redis.RedisProperties;
import redis.clients.jedis.JedisPooled;

/**
 * What the gateway remembers of the messages it sent ({@code sent:<messageId>}), for the status
 * webhook: a delivery report can reach us before our own SENT event is out (the provider calls back
 * as soon as it answered the send), and it should not overtake it.
 */
@Component
public class SentMessages {

    private static final Duration POLL = Duration.ofMillis(20);
    /** How long a report waits when its message is not recorded at all yet. */
    private static final Duration UNRECORDED_WAIT = Duration.ofMillis(250);

    private final JedisPooled redis;
    private final RedisProperties keys;

    public SentMessages(JedisPooled redis, RedisProperties keys) {
        this.redis = redis;
        this.keys = keys;
    }

    static String key(RedisProperties keys, String messageId) {
        return keys.key("sent", messageId);
    }

    /**
     * Waits until the SENT event of {@code messageId} is published: up to {@code timeout} while the
     * provider's acceptance is recorded but not yet announced, and only briefly while nothing is recorded
     * yet (the provider's answer to the send may still be on its way, or the message is not ours).
     *
     * @param onWait     called once, if it has to wait at all
     * @return true when it is announced (or the message was dead-lettered), false after the wait
     */
    public boolean awaitAnnounced(String messageId, Duration timeout, Runnable onWait) throws InterruptedException {
        Instant start = Instant.now();
        boolean waiting = false;
        while (true) {
            String value = redis.get(key(keys, messageId));
            if (value != null && !value.startsWith(SendGate.UNANNOUNCED)) {
                return true;
            }
            Duration waited = Duration.between(start, Instant.now());
            if (waited.compareTo(value == null ? min(UNRECORDED_WAIT, timeout) : timeout) >= 0) {
                return false;
            }
            if (!waiting) {
                onWait.run();
                waiting = true;
            }
            Thread.sleep(POLL);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
