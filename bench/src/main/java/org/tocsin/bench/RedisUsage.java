package org.tocsin.bench;

import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;

/**
 * What the Redis server used, from its own {@code INFO}: CPU seconds (user + system) and commands
 * processed. Redis runs in its own process, so the driver JVM's CPU figure does not include it.
 */
record RedisUsage(double cpuSeconds, long commands) {

    static RedisUsage read(String host, int port) {
        try (Jedis redis = new Jedis(host, port)) {
            Map<String, String> fields = parse(redis.info("cpu") + "\n" + redis.info("stats"));
            return new RedisUsage(
                    Double.parseDouble(fields.get("used_cpu_user")) + Double.parseDouble(fields.get("used_cpu_sys")),
                    Long.parseLong(fields.get("total_commands_processed")));
        }
    }

    /** {@code INFO commandstats}: calls and microseconds per command. */
    static String commandStats(String host, int port) {
        try (Jedis redis = new Jedis(host, port)) {
            return redis.info("commandstats");
        }
    }

    /** {@code INFO}'s "name:value" lines. */
    static Map<String, String> parse(String info) {
        Map<String, String> fields = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    RedisUsage since(RedisUsage before) {
        return new RedisUsage(cpuSeconds - before.cpuSeconds, commands - before.commands);
    }
}
