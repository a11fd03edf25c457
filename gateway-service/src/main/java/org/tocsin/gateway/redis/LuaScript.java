package org.tocsin.gateway.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script from the classpath, run by its SHA (loaded again when Redis has forgotten it, e.g. after a restart). */
public final class LuaScript {

    private final String source;
    private volatile String sha;

    private LuaScript(String source) {
        this.source = source;
    }

    /** A script given as text. */
    public static LuaScript of(String source) {
        return new LuaScript(source);
    }

    /** Loads {@code resource} relative to {@code owner}'s package. */
    public static LuaScript fromClasspath(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script " + resource + " next to " + owner.getName());
            }
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script; the answer is what Jedis makes of the script's reply (strings, longs, lists). */
    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        String known = sha;
        if (known != null) {
            try {
                return redis.evalsha(known, keys, args);
            } catch (JedisNoScriptException e) {
                // Redis restarted or SCRIPT FLUSH: load it again below
            }
        }
        return redis.evalsha(load(redis), keys, args);
    }

    /**
     * Queues the script in {@code pipeline} (loading it first, through {@code redis}, if this JVM has not
     * yet); reading the answer throws {@link JedisNoScriptException} if Redis had forgotten it, and the
     * next call loads it again.
     */
    public Supplier<Object> queueIn(UnifiedJedis redis, AbstractPipeline pipeline, List<String> keys, List<String> args) {
        String known = sha;
        String queuedSha = known != null ? known : load(redis);
        Response<Object> answer = pipeline.evalsha(queuedSha, keys, args);
        return () -> {
            try {
                return answer.get();
            } catch (JedisNoScriptException e) {
                if (queuedSha.equals(sha)) {
                    sha = null;
                }
                throw e;
            }
        };
    }

    private String load(UnifiedJedis redis) {
        String loaded = redis.scriptLoad(source);
        sha = loaded;
        return loaded;
    }
}
