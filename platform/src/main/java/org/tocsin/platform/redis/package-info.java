/** The Redis connection (Jedis) that holds Tocsin's hot state: suppression set, rate limits, dedup keys. */
package org.tocsin.platform.redis;
