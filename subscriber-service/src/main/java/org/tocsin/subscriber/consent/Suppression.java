package org.tocsin.subscriber.consent;

import org.springframework.stereotype.Component;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.platform.redis.RedisProperties;
import redis.clients.jedis.JedisPooled;

/** The Redis set of numbers the gateway must not text (except the one STOP confirmation). */
@Component
class Suppression {

    private final JedisPooled jedis;
    private final String key;

    Suppression(JedisPooled jedis, RedisProperties redis) {
        this.jedis = jedis;
        this.key = redis.key(SharedRedisKeys.SUPPRESSED_PHONES);
    }

    void add(String phone) {
        jedis.sadd(key, phone);
    }

    void remove(String phone) {
        jedis.srem(key, phone);
    }
}
