package org.tocsin.platform.redis;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;

/** A pooled Jedis client and its health, for services that set {@code tocsin.redis.url}. */
@AutoConfiguration
@ConditionalOnProperty("tocsin.redis.url")
@EnableConfigurationProperties(RedisProperties.class)
public class RedisAutoConfiguration {

    @Bean(destroyMethod = "close")
    JedisPooled jedis(RedisProperties properties) {
        var pool = new GenericObjectPoolConfig<Connection>();
        pool.setMaxTotal(properties.poolSize());
        pool.setMaxIdle(properties.poolSize());
        pool.setJmxEnabled(false);
        return new JedisPooled(pool, properties.url());
    }

    @Bean
    HealthIndicator redisHealthIndicator(JedisPooled jedis) {
        return () -> {
            try {
                return "PONG".equals(jedis.ping()) ? Health.up().build() : Health.down().build();
            } catch (RuntimeException e) {
                return Health.down(e).build();
            }
        };
    }
}
