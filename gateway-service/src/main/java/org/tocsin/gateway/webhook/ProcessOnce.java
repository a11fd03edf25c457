package org.tocsin.gateway.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;
import org.tocsin.gateway.redis.LuaScript;
import org.tocsin.gateway.redis.PipelinedCalls;
import org.tocsin.platform.redis.RedisProperties;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * Makes a webhook's effect happen once per provider message id, even when the provider delivers it
 * twice at the same time. A delivery first takes a short "processing" claim ({@code SET NX PX}); it
 * marks the id as seen ({@code SET … EX 48h}) only after its event is durably in Kafka, and gives
 * the claim back if publishing failed, so the provider's retry can do the work again. The "seen"
 * marks go out through one writer, many webhooks' marks in one round trip, and nobody waits for them.
 */
@Component
public class ProcessOnce implements AutoCloseable {

    private static final String DONE = "done";
    private static final String PROCESSING = "processing:";
    private static final Duration POLL = Duration.ofMillis(50);
    private static final LuaScript RELEASE = LuaScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""");

    private final JedisPooled redis;
    private final RedisProperties redisProperties;
    private final WebhookProperties properties;
    private final SetParams seen;
    private final PipelinedCalls marks;

    public ProcessOnce(JedisPooled redis, RedisProperties redisProperties, WebhookProperties properties) {
        this.redis = redis;
        this.redisProperties = redisProperties;
        this.properties = properties;
        this.seen = SetParams.setParams().ex(properties.seenTtl().toSeconds());
        this.marks = new PipelinedCalls(redis, "webhook-seen-marks");
    }

    /** What a delivery may do. */
    public sealed interface Turn {
    }

    /** This delivery does the work; it must then call {@link #done} or {@link #release}. */
    public record Claimed(String key, String token) implements Turn {
    }

    /** Processed before: acknowledge without doing anything. */
    public record AlreadyDone() implements Turn {
    }

    /** Another delivery is still working on it after the wait: answer "try again later". */
    public record StillInProgress() implements Turn {
    }

    /**
     * Claims {@code id} (e.g. {@code inbound:SM…}); when another delivery holds it, waits up to
     * {@link WebhookProperties#concurrentWait()} for it to finish or give up.
     */
    public Turn claim(String... id) {
        String key = redisProperties.key(prefixed(id));
        String token = PROCESSING + UUID.randomUUID();
        Instant deadline = Instant.now().plus(properties.concurrentWait());
        while (true) {
            if ("OK".equals(redis.set(key, token, SetParams.setParams().nx().px(properties.processingTtl().toMillis())))) {
                return new Claimed(key, token);
            }
            String current = redis.get(key);
            if (DONE.equals(current)) {
                return new AlreadyDone();
            }
            if (current != null && Instant.now().isAfter(deadline)) {
                return new StillInProgress();
            }
            if (current != null) {
                sleep();
            }
        }
    }

    /**
     * The work is durable: remember the id for {@link WebhookProperties#seenTtl()}. Queued, not
     * waited for: the webhook is answered meanwhile, and a repeat that arrives first sees the claim
     * and waits for the mark (a lost mark lets the claim lapse, as a failed {@code SET} did before).
     */
    public CompletableFuture<String> done(Claimed claim) {
        return marks.submit(pipeline -> pipeline.set(claim.key(), DONE, seen)::get);
    }

    /** The work failed: let a later delivery try again. */
    public void release(Claimed claim) {
        RELEASE.run(redis, List.of(claim.key()), List.of(claim.token()));
    }

    /** Sends the marks already queued. */
    @Override
    public void close() throws InterruptedException {
        marks.close();
    }

    private static String[] prefixed(String... id) {
        String[] parts = new String[id.length + 1];
        parts[0] = "webhook";
        System.arraycopy(id, 0, parts, 1, id.length);
        return parts;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a concurrent webhook", e);
        }
    }
}
