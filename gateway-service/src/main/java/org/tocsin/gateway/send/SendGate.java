package org.tocsin.gateway.send;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.gateway.redis.LuaScript;
import org.tocsin.gateway.redis.PipelinedCalls;
import org.tocsin.platform.redis.RedisProperties;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZAddParams;

/**
 * The Redis side of a send: one atomic Lua call ({@code admit.lua}) decides whether a message may go
 * now (not sent before, action not cancelled, recipient not suppressed, a token in the sender's
 * bucket) and claims it; the other methods record what became of the provider call.
 *
 * <p>Keys: {@code sent:<messageId>} holds the provider id once sent ({@code ?<id>} while its SENT
 * event is not yet published, {@code x:<code>} once dead-lettered); {@code sending:<messageId>}
 * holds the claim {@code <leaseUntilMs>:<claimedAtMs>}; {@code inflight:<phone>} the ids whose
 * provider call is under way; {@code window:<sender>} the sender's sends that may have reached the
 * provider within its last window (admit.lua explains it).
 *
 * <p>Every call goes through {@link PipelinedCalls}: under load, the admissions and settlements of
 * many sends share one round trip.
 */
final class SendGate implements AutoCloseable {

    private static final LuaScript ADMIT = LuaScript.fromClasspath(SendGate.class, "admit.lua");
    /** The provider's rate is per second (Twilio's MPS). */
    static final Duration PROVIDER_WINDOW = Duration.ofSeconds(1);
    /** Above this many segments per window a sender is not tracked send by send (the list would cost more than it saves). */
    static final int MAX_WINDOW_CAPACITY = 1_000;

    static final String UNANNOUNCED = "?";
    static final String DEAD_LETTERED = "x:";

    private final JedisPooled redis;
    private final RedisProperties keys;
    private final SendProperties properties;
    private final PipelinedCalls calls;
    /** How long {@code sent:<id>} and a settled claim are kept. */
    private final SetParams sentTtl;

    SendGate(JedisPooled redis, RedisProperties keys, SendProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.properties = properties;
        this.sentTtl = SetParams.setParams().px(properties.sentTtl().toMillis());
        this.calls = new PipelinedCalls(redis, "send-gate-redis");
    }

    /** What the gate said. */
    sealed interface Admission {
    }

    /** Handled before: {@code value} is the provider id, {@code ?<id>} or {@code x:<code>}. */
    record Duplicate(String value) implements Admission {
    }

    record Cancelled() implements Admission {
    }

    record Suppressed() implements Admission {
    }

    /** Another worker holds a live claim on this message: ask again in a moment. */
    record Busy(Duration leaseLeft) implements Admission {
    }

    /** Messages to this phone are in flight and this one must come after them (a STOP confirmation). */
    record InFlight() implements Admission {
    }

    /** No token yet: ask again after {@code wait}. */
    record Throttled(Duration retryAfter) implements Admission {
    }

    /**
     * Claimed: send it. {@code staleSince} is set when an earlier holder's claim had lapsed, i.e. it may
     * have reached the provider before dying: look there first. {@code window} is this send's entry in
     * the sender's window, null when the sender has none.
     */
    record Claimed(Instant claimedAt, Instant staleSince, WindowEntry window) implements Admission {
    }

    /**
     * A send in {@code window:<sender>}: settling it records when its provider call returned, in Redis's
     * clock. {@code grantedAt} is Redis's time during the admission and {@code askedAtNanos} our
     * {@link System#nanoTime()} just before asking for it.
     */
    record WindowEntry(String key, String member, long grantedAt, long askedAtNanos) {

        /**
         * Redis's time now, or a little later, never earlier: Redis's clock was at most
         * {@code grantedAt} when we asked, and as much time has passed on its clock as on ours since.
         * It errs late by the admission's round trip, which keeps the send in the window a little
         * longer; asking Redis for its time instead would cost a script call per send.
         */
        long redisTimeAtLeast(long nowNanos) {
            long elapsedNanos = Math.max(0, nowNanos - askedAtNanos);
            return grantedAt + (elapsedNanos + 999_999) / 1_000_000 + 1;
        }
    }

    Admission admit(OutboundMessageRequested request, String sender, int cost, boolean priority,
                    boolean waitForInflight) {
        List<String> keyList = List.of(
                sentKey(request.messageId()),
                keys.key(SharedRedisKeys.CANCELLED_ACTIONS),
                keys.key(SharedRedisKeys.SUPPRESSED_PHONES),
                keys.key("rate", sender),
                keys.key("rate-priority", sender),
                claimKey(request.messageId()),
                inflightKey(request.to()),
                windowKey(sender));
        List<String> args = List.of(
                request.messageId(),
                request.actionId() == null ? "" : request.actionId(),
                request.to(),
                request.purpose().reachesOptedOut() ? "1" : "0",
                Integer.toString(cost),
                Double.toString(properties.rateFor(sender)),
                Double.toString(properties.senderBurst()),
                priority ? "1" : "0",
                waitForInflight ? "1" : "0",
                Long.toString(properties.claimLease().toMillis()),
                Long.toString(properties.sentTtl().toMillis()),
                Long.toString(properties.inflightTtl().toMillis()),
                Integer.toString(windowCapacity(properties.rateFor(sender))),
                Long.toString(PROVIDER_WINDOW.toMillis()));
        long askedAtNanos = System.nanoTime();
        @SuppressWarnings("unchecked")
        List<Object> answer = (List<Object>) calls.run(pipeline -> ADMIT.queueIn(redis, pipeline, keyList, args));
        String outcome = (String) answer.get(0);
        String detail = (String) answer.get(1);
        Instant now = Instant.ofEpochMilli(Long.parseLong((String) answer.get(2)));
        return switch (outcome) {
            case "DUPLICATE" -> new Duplicate(detail);
            case "CANCELLED" -> new Cancelled();
            case "SUPPRESSED" -> new Suppressed();
            case "BUSY" -> new Busy(Duration.ofMillis(Long.parseLong(detail)));
            case "INFLIGHT" -> new InFlight();
            case "THROTTLED" -> new Throttled(Duration.ofMillis(Long.parseLong(detail)));
            case "OK" -> {
                String member = (String) answer.get(3);
                WindowEntry window = member.isEmpty()
                        ? null
                        : new WindowEntry(windowKey(sender), member, now.toEpochMilli(), askedAtNanos);
                yield detail.isEmpty()
                        ? new Claimed(now, null, window)
                        : new Claimed(Instant.ofEpochMilli(Long.parseLong(detail)),
                                Instant.ofEpochMilli(Long.parseLong(detail)), window);
            }
            default -> throw new IllegalStateException("admit.lua answered " + outcome);
        };
    }

    /*
     * Each of the settling calls below also records in the sender's window when the provider call
     * returned: the latest time the request can have reached the provider.
     */

    /**
     * The provider accepted it: remember it as sent (not yet announced), drop the claim and the
     * in-flight marker, all at once.
     */
    void sent(OutboundMessageRequested request, Claimed claim, String providerMessageId) {
        settle(request, claim, UNANNOUNCED + providerMessageId, "");
    }

    /**
     * Its SENT event is published (Kafka acknowledged it): a redelivery is now a silent duplicate.
     * Does not wait (Kafka's callback thread calls it); shares a round trip with the other calls. If
     * Redis refuses, the future fails and so does the poll: its redelivery finds {@code ?<id>} and
     * announces again.
     */
    CompletableFuture<Void> announced(String messageId, String providerMessageId) {
        return calls.submit(pipeline -> pipeline.set(sentKey(messageId), providerMessageId, sentTtl)::get)
                .thenApply(ok -> null);
    }

    /** Certainly not sent (refused, throttled by the provider): drop the claim and the in-flight marker. */
    void notSent(OutboundMessageRequested request, Claimed claim) {
        settle(request, claim, "", "");
    }

    /**
     * Perhaps sent (no clear answer): keep the claim's start but end its lease, so the next attempt
     * asks the provider before sending again.
     */
    void unknown(OutboundMessageRequested request, Claimed claim) {
        settle(request, claim, "", lapsedClaim(claim.claimedAt()));
    }

    /** Given up for good: a redelivery is a silent duplicate. */
    void deadLettered(OutboundMessageRequested request, Claimed claim, String code) {
        settle(request, claim, DEAD_LETTERED + (code == null ? "" : code), "");
    }

    /** The provider says this number opted out (Twilio 21610): suppress it like a STOP. */
    void suppress(String phone) {
        redis.sadd(keys.key(SharedRedisKeys.SUPPRESSED_PHONES), phone);
    }

    /*
     * Plain commands, not a script: each state in between is safe. Once sent:<id> is set an admission
     * answers DUPLICATE whatever the claim says; a claim or in-flight marker left behind by a crash
     * expires; a window entry not yet moved keeps its in-flight score, which is later than the real one.
     */
    private void settle(OutboundMessageRequested request, Claimed claim, String sentValue, String claimValue) {
        WindowEntry window = claim.window();
        long returnedAt = window == null ? 0 : window.redisTimeAtLeast(System.nanoTime());
        calls.run(pipeline -> {
            List<Response<?>> answers = new ArrayList<>(4);
            if (!sentValue.isEmpty()) {
                answers.add(pipeline.set(sentKey(request.messageId()), sentValue, sentTtl));
            }
            answers.add(claimValue.isEmpty()
                    ? pipeline.del(claimKey(request.messageId()))
                    : pipeline.set(claimKey(request.messageId()), claimValue, sentTtl));
            answers.add(pipeline.srem(inflightKey(request.to()), request.messageId()));
            if (window != null) {
                answers.add(pipeline.zadd(window.key(), returnedAt, window.member(), ZAddParams.zAddParams().xx()));
            }
            return () -> answers.stream().map(Response::get).toList(); // an error reply throws here
        });
    }

    /** After the lanes stopped: waits for the calls already queued. */
    @Override
    public void close() throws InterruptedException {
        calls.close();
    }

    /**
     * Segments the provider takes from one sender per window: the rate, rounded up (a fractional rate
     * is spaced by the bucket); 0, no window, above {@link #MAX_WINDOW_CAPACITY}.
     */
    static int windowCapacity(double ratePerSecond) {
        double perWindow = ratePerSecond * PROVIDER_WINDOW.toMillis() / 1000.0;
        return perWindow > MAX_WINDOW_CAPACITY ? 0 : (int) Math.max(1, Math.ceil(perWindow - 1e-9));
    }

    String sentKey(String messageId) {
        return SentMessages.key(keys, messageId);
    }

    String claimKey(String messageId) {
        return keys.key("sending", messageId);
    }

    String inflightKey(String phone) {
        return keys.key("inflight", phone);
    }

    String windowKey(String sender) {
        return keys.key("window", sender);
    }

    /** A claim whose holder died at {@code claimedAt}: its lease has ended. */
    static String lapsedClaim(Instant claimedAt) {
        return "0:" + claimedAt.toEpochMilli();
    }
}
