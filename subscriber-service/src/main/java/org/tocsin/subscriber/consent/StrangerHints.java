package org.tocsin.subscriber.consent;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.tocsin.platform.redis.RedisProperties;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * At most one "text JOIN to join" per number per {@code hint-interval}: a stranger (or an
 * auto-responder answering our hint) never gets a second one the same day, so no loop can start.
 */
@Component
class StrangerHints {

    private final JedisPooled jedis;
    private final RedisProperties redis;
    private final Duration interval;

    StrangerHints(JedisPooled jedis, RedisProperties redis,
                  @Value("${tocsin.subscriber.hint-interval:24h}") Duration interval) {
        this.jedis = jedis;
        this.redis = redis;
        this.interval = interval;
    }

    /** True the first time per interval for this number (and claims it). */
    boolean claim(String phone) {
        return "OK".equals(jedis.set(key(phone), "1", once()));
    }

    /** {@link #claim} for many numbers in one round trip: those claimed now. */
    Set<String> claimAll(Collection<String> phones) {
        Set<String> claimed = new HashSet<>();
        if (phones.isEmpty()) {
            return claimed;
        }
        Map<String, Response<String>> answers = new LinkedHashMap<>();
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (String phone : phones) {
                answers.put(phone, pipeline.set(key(phone), "1", once()));
            }
            pipeline.sync();
        }
        answers.forEach((phone, answer) -> {
            if ("OK".equals(answer.get())) {
                claimed.add(phone);
            }
        });
        return claimed;
    }

    private SetParams once() {
        return SetParams.setParams().nx().ex(interval.toSeconds());
    }

    String key(String phone) {
        return redis.key("hint-sent", phone);
    }
}
