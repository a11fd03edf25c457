package org.tocsin.subscriber.consent;

import java.util.List;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.platform.redis.RedisProperties;
import org.tocsin.platform.transaction.WrittenBeforeCommit;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPooled;

/** The Redis set of numbers the gateway must not text (except the one STOP confirmation). */
@Component
class Suppression {

    /** A number to put into the set ({@code suppressed}) or take out of it. */
    record Change(String phone, boolean suppressed) {
    }

    private final JedisPooled jedis;
    private final String key;
    /** A batch's opt-outs go in with one command just before it commits: nothing in it reads the set. */
    private final WrittenBeforeCommit<String> addedBeforeCommit;

    Suppression(JedisPooled jedis, RedisProperties redis) {
        this.jedis = jedis;
        this.key = redis.key(SharedRedisKeys.SUPPRESSED_PHONES);
        this.addedBeforeCommit = new WrittenBeforeCommit<>(phones -> jedis.sadd(key, phones.toArray(String[]::new)), () -> { });
    }

    /**
     * Adds {@code phone} just before the current transaction commits, so before anything it
     * commits (the STOP confirmation) exists; if that fails, the transaction rolls back.
     */
    void addBeforeCommit(String phone) {
        addedBeforeCommit.add(phone);
    }

    /** Applies {@code changes} in their order, in one round trip. */
    void apply(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (Change change : changes) {
                if (change.suppressed()) {
                    pipeline.sadd(key, change.phone());
                } else {
                    pipeline.srem(key, change.phone());
                }
            }
            pipeline.sync();
        }
    }
}
