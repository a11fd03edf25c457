package org.tocsin.platform.redis;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Redis is ({@code TOCSIN_REDIS_URL}) and the prefix of every key this deployment writes, so
 * that several deployments (or tests) can share one server.
 *
 * @param url       e.g. {@code redis://127.0.0.1:16379}
 * @param keyPrefix prepended to every key, e.g. {@code tocsin:}
 * @param poolSize  connections kept in the pool
 */
@ConfigurationProperties("tocsin.redis")
public record RedisProperties(URI url, @DefaultValue("tocsin:") String keyPrefix, @DefaultValue("32") int poolSize) {

    /** A key in this deployment's namespace. */
    public String key(String... parts) {
        return keyPrefix + String.join(":", parts);
    }
}
