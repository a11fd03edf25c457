package org.tocsin.gateway.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.platform.redis.RedisProperties;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.testkit.TestInfrastructure;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ZAddParams;

/** The admission script (admit.lua) and the gate around it, against the real Redis (6.2) of the test kit. */
class SendGateTest {

    private static final String SENDER = "+15005550006";
    private static JedisPooled redis;
    private final RedisProperties keys = new RedisProperties(URI.create("redis://unused"),
            TestInfrastructure.uniqueName("send_gate") + ":", 4);

    @BeforeAll
    static void connect() {
        Infrastructure infrastructure = TestInfrastructure.shared();
        redis = new JedisPooled(infrastructure.redisHost(), infrastructure.redisPort());
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    private final List<SendGate> gates = new java.util.ArrayList<>();

    @AfterEach
    void closeGates() throws InterruptedException {
        for (SendGate gate : gates) {
            gate.close();
        }
    }

    // ---- token bucket --------------------------------------------------------------------------

    @Test
    void neverGrantsMoreThanBurstPlusRateOverAnyWindow() throws Exception {
        double rate = 20;
        double burst = 5;
        SendGate gate = gate(rate, burst);
        var granted = new ConcurrentLinkedQueue<Instant>();
        Instant end = Instant.now().plusMillis(2_500);
        var workers = new java.util.ArrayList<java.util.concurrent.Future<Object>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                workers.add(threads.submit(() -> {
                    while (Instant.now().isBefore(end)) {
                        OutboundMessageRequested request = request(newPhone());
                        switch (gate.admit(request, SENDER, 1, false, false)) {
                            case SendGate.Claimed claimed -> {
                                granted.add(claimed.claimedAt());
                                gate.sent(request, claimed, "SM-" + request.messageId());
                            }
                            case SendGate.Throttled throttled -> Thread.sleep(throttled.retryAfter());
                            case SendGate.Admission other -> throw new AssertionError("unexpected " + other);
                        }
                    }
                    return null;
                }));
            }
        }
        for (var worker : workers) {
            worker.get(); // rethrows what a worker threw
        }

        List<Long> times = granted.stream().map(Instant::toEpochMilli).sorted().toList();
        for (long window : List.of(0L, 50L, 100L, 250L, 500L, 1_000L, 2_000L)) {
            double allowed = burst + rate * window / 1000.0;
            for (int i = 0; i < times.size(); i++) {
                long start = times.get(i);
                long inWindow = times.stream().filter(t -> t >= start && t <= start + window).count();
                assertThat((double) inWindow).as("grants in %d ms from %d", window, start).isLessThanOrEqualTo(allowed);
            }
        }
        // and it does refill: over the run, well over the burst went through
        long elapsed = times.getLast() - times.getFirst();
        assertThat((double) times.size()).isGreaterThanOrEqualTo(burst + rate * elapsed / 1000.0 / 2);
    }

    @Test
    void throttledAnswerSaysHowLongToWaitAndWaitingThatLongIsEnough() throws Exception {
        SendGate gate = gate(10, 2);
        assertThat(gate.admit(request(newPhone()), SENDER, 1, false, false)).isInstanceOf(SendGate.Claimed.class);
        assertThat(gate.admit(request(newPhone()), SENDER, 1, false, false)).isInstanceOf(SendGate.Claimed.class);

        var throttled = (SendGate.Throttled) gate.admit(request(newPhone()), SENDER, 1, false, false);

        assertThat(throttled.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
        Thread.sleep(throttled.retryAfter());
        assertThat(gate.admit(request(newPhone()), SENDER, 1, false, false)).isInstanceOf(SendGate.Claimed.class);
    }

    @Test
    void aMessageCostlierThanTheBurstGoesFromAFullBucketAndLeavesItInDebt() {
        SendGate gate = gate(10, 1);

        assertThat(gate.admit(request(newPhone()), SENDER, 3, false, false)).isInstanceOf(SendGate.Claimed.class);
        var throttled = (SendGate.Throttled) gate.admit(request(newPhone()), SENDER, 1, false, false);

        // -2 tokens after the 3-segment message: 3 tokens at 10/s before the next one
        assertThat(throttled.retryAfter()).isGreaterThan(Duration.ofMillis(200)).isLessThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void eachSenderHasItsOwnBucket() {
        SendGate gate = gate(1, 1);
        assertThat(gate.admit(request(newPhone()), SENDER, 1, false, false)).isInstanceOf(SendGate.Claimed.class);
        assertThat(gate.admit(request(newPhone()), SENDER, 1, false, false)).isInstanceOf(SendGate.Throttled.class);
        assertThat(gate.admit(request(newPhone()), "+15005550007", 1, false, false)).isInstanceOf(SendGate.Claimed.class);
    }

    @Test
    void theTransactionalLaneGetsTheNextTokenBeforeOtherLanes() throws Exception {
        SendGate gate = gate(10, 1);
        assertThat(gate.admit(request(newPhone()), SENDER, 1, false, false)).isInstanceOf(SendGate.Claimed.class);

        var confirmation = (SendGate.Throttled) gate.admit(request(newPhone()), SENDER, 1, true, false);
        Thread.sleep(confirmation.retryAfter());

        // the bucket has refilled, but the token is kept for the waiting transactional message
        assertThat(gate.admit(request(newPhone()), SENDER, 1, false, false)).isInstanceOf(SendGate.Throttled.class);
        assertThat(gate.admit(request(newPhone()), SENDER, 1, true, false)).isInstanceOf(SendGate.Claimed.class);
    }

    // ---- the provider's window ---------------------------------------------------------------------

    /**
     * Two gateways share a sender at 10 per second; each request takes a random time to reach the
     * provider after its grant, as on a loaded machine. A token bucket alone lets 11 arrive within one
     * second whenever an earlier request travelled longer than a later one; the window must not.
     */
    @Test
    void neverMoreThanTheRateArrivesAtTheProviderInAnySecondWhateverTheJitter() throws Exception {
        int rate = 10;
        List<SendGate> gateways = List.of(gate(rate, 1), gate(rate, 1));
        var arrivals = new ConcurrentLinkedQueue<Instant>();
        Instant end = Instant.now().plusMillis(3_500);
        var workers = new java.util.ArrayList<java.util.concurrent.Future<Object>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                SendGate gate = gateways.get(t % 2);
                workers.add(threads.submit(() -> {
                    var random = java.util.concurrent.ThreadLocalRandom.current();
                    while (Instant.now().isBefore(end)) {
                        OutboundMessageRequested request = request(newPhone());
                        switch (gate.admit(request, SENDER, 1, false, false)) {
                            case SendGate.Claimed claimed -> {
                                Thread.sleep(random.nextInt(40)); // the request on its way to the provider
                                arrivals.add(Instant.now());
                                Thread.sleep(random.nextInt(10)); // the answer on its way back
                                gate.sent(request, claimed, "SM-" + request.messageId());
                            }
                            case SendGate.Throttled throttled -> Thread.sleep(throttled.retryAfter());
                            case SendGate.Admission other -> throw new AssertionError("unexpected " + other);
                        }
                    }
                    return null;
                }));
            }
        }
        for (var worker : workers) {
            worker.get();
        }

        List<Instant> times = arrivals.stream().sorted().toList();
        for (int i = 0; i < times.size(); i++) {
            Instant start = times.get(i);
            long inOneSecond = times.stream().filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(1))).count();
            assertThat(inOneSecond).as("arrivals in the second from the %dth", i).isLessThanOrEqualTo(rate);
        }
        // and it keeps sending: more than three windows' worth went through
        assertThat(times).hasSizeGreaterThan(3 * rate);
    }

    @Test
    void aMultiSegmentMessageTakesOnePlacePerSegmentInTheWindow() throws Exception {
        SendGate gate = gate(2, 4); // the bucket would let 4 segments go at once; the provider takes 2 a second
        OutboundMessageRequested twoSegments = request(newPhone());
        var claim = (SendGate.Claimed) gate.admit(twoSegments, SENDER, 2, false, false);
        gate.sent(twoSegments, claim, "SM1");

        var throttled = (SendGate.Throttled) gate.admit(request(newPhone()), SENDER, 1, false, false);

        // a window after the first send's score, which errs late by a few ms (at most 50, the test below)
        assertThat(throttled.retryAfter()).isGreaterThan(Duration.ofMillis(800)).isLessThanOrEqualTo(Duration.ofMillis(1_051));
        // and that is enough: the answer never comes early
        Thread.sleep(throttled.retryAfter());
        assertThat(gate.admit(request(newPhone()), SENDER, 1, false, false)).isInstanceOf(SendGate.Claimed.class);
    }

    @Test
    void aSettledSendScoredAheadOfRedisTimeIsWaitedForByItsScore() throws Exception {
        SendGate gate = gate(1, 4); // the bucket would let more go; the provider takes 1 a second
        OutboundMessageRequested first = request(newPhone());
        var claim = (SendGate.Claimed) gate.admit(first, SENDER, 1, false, false);
        gate.sent(first, claim, "SM1");
        // a settled score errs late: here by 100 ms, as a slow round trip would make it
        long redisNow = (Long) redis.eval("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)");
        redis.zadd(claim.window().key(), redisNow + 100, claim.window().member(), ZAddParams.zAddParams().xx());

        var throttled = (SendGate.Throttled) gate.admit(request(newPhone()), SENDER, 1, false, false);

        assertThat(throttled.retryAfter()).isGreaterThan(Duration.ofMillis(1_050));
        Thread.sleep(throttled.retryAfter());
        assertThat(gate.admit(request(newPhone()), SENDER, 1, false, false)).isInstanceOf(SendGate.Claimed.class);
    }

    @Test
    void aSendStillInFlightCountsUntilItsCallReturns() {
        SendGate gate = gate(1, 2);
        OutboundMessageRequested inFlight = request(newPhone());
        var claim = (SendGate.Claimed) gate.admit(inFlight, SENDER, 1, false, false);

        // whenever the first request reaches the provider, a second one could land in the same second
        var throttled = (SendGate.Throttled) gate.admit(request(newPhone()), SENDER, 1, false, false);
        assertThat(throttled.retryAfter()).isGreaterThan(Duration.ofMillis(1_000));

        gate.sent(inFlight, claim, "SM1");
        // returned just now: it may have arrived just now, so a full second from now
        var stillThrottled = (SendGate.Throttled) gate.admit(request(newPhone()), SENDER, 1, false, false);
        assertThat(stillThrottled.retryAfter()).isGreaterThan(Duration.ofMillis(900));
    }

    /**
     * Settling scores a send by when its call returned, worked out from Redis's time at the admission
     * and our elapsed time since (no script call): never before Redis's time at the settling, and late
     * by no more than the round trips around it.
     */
    @Test
    void aSettledSendIsScoredNoEarlierThanRedisTimeWhenItsCallReturned() throws Exception {
        SendGate gate = gate(5, 1);
        OutboundMessageRequested request = request(newPhone());
        var claim = (SendGate.Claimed) gate.admit(request, SENDER, 1, false, false);
        Thread.sleep(300); // the provider call

        long before = redisMillis();
        gate.sent(request, claim, "SM1");
        long after = redisMillis();

        Double score = redis.zscore(gate.windowKey(SENDER), claim.window().member());
        assertThat(score).isNotNull();
        assertThat(score.longValue()).isGreaterThan(before).isLessThanOrEqualTo(after + 50);
        assertThat(score.longValue()).isGreaterThanOrEqualTo(claim.claimedAt().toEpochMilli() + 300);
    }

    private static long redisMillis() {
        return (Long) redis.eval("local t = redis.call('TIME') return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)");
    }

    @Test
    void aVeryHighRateKeepsNoWindow() {
        assertThat(SendGate.windowCapacity(1)).isEqualTo(1);
        assertThat(SendGate.windowCapacity(0.2)).isEqualTo(1);
        assertThat(SendGate.windowCapacity(2.5)).isEqualTo(3);
        assertThat(SendGate.windowCapacity(100)).isEqualTo(100);
        assertThat(SendGate.windowCapacity(1_000_000)).isZero();
        SendGate gate = gate(1_000_000, 1_000_000);
        var claim = (SendGate.Claimed) gate.admit(request(newPhone()), SENDER, 1, false, false);
        assertThat(claim.window()).isNull();
        assertThat(redis.exists(gate.windowKey(SENDER))).isFalse();
    }

    // ---- checks before the bucket ------------------------------------------------------------------

    @Test
    void aSentMessageIsADuplicate() {
        SendGate gate = gate(100, 100);
        OutboundMessageRequested request = request(newPhone());
        var claim = (SendGate.Claimed) gate.admit(request, SENDER, 1, false, false);
        gate.sent(request, claim, "SM1");
        assertThat(gate.admit(request, SENDER, 1, false, false)).isEqualTo(new SendGate.Duplicate("?SM1"));

        gate.announced(request.messageId(), "SM1").join();

        assertThat(gate.admit(request, SENDER, 1, false, false)).isEqualTo(new SendGate.Duplicate("SM1"));
    }

    @Test
    void aCancelledActionSendsNothingMore() {
        SendGate gate = gate(100, 100);
        redis.sadd(keys.key(SharedRedisKeys.CANCELLED_ACTIONS), "action-1");

        assertThat(gate.admit(request(newPhone(), "action-1", Purpose.ALERT), SENDER, 1, false, false))
                .isInstanceOf(SendGate.Cancelled.class);
        assertThat(gate.admit(request(newPhone(), "action-2", Purpose.ALERT), SENDER, 1, false, false))
                .isInstanceOf(SendGate.Claimed.class);
    }

    @Test
    void aSuppressedNumberGetsOnlyItsOptOutConfirmation() {
        SendGate gate = gate(100, 100);
        String phone = newPhone();
        redis.sadd(keys.key(SharedRedisKeys.SUPPRESSED_PHONES), phone);

        for (Purpose purpose : Purpose.values()) {
            var admission = gate.admit(request(phone, null, purpose), SENDER, 1, false, false);
            if (purpose == Purpose.OPT_OUT_CONFIRMATION) {
                assertThat(admission).as(purpose.name()).isInstanceOf(SendGate.Claimed.class);
            } else {
                assertThat(admission).as(purpose.name()).isInstanceOf(SendGate.Suppressed.class);
            }
        }
    }

    @Test
    void aLiveClaimMakesOthersWaitAndALapsedOneIsReportedStale() {
        SendGate gate = gate(100, 100);
        OutboundMessageRequested request = request(newPhone());
        var first = (SendGate.Claimed) gate.admit(request, SENDER, 1, false, false);
        assertThat(first.staleSince()).isNull();

        var busy = (SendGate.Busy) gate.admit(request, SENDER, 1, false, false);
        assertThat(busy.leaseLeft()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));

        // the holder could not tell whether the provider got it: the next claim is stale, from the first claim's time
        gate.unknown(request, first);
        var second = (SendGate.Claimed) gate.admit(request, SENDER, 1, false, false);
        assertThat(second.staleSince()).isEqualTo(first.claimedAt());

        // a crashed holder's claim (as left in Redis) is stale too
        OutboundMessageRequested crashed = request(newPhone());
        Instant then = Instant.ofEpochMilli(Instant.now().minusSeconds(90).toEpochMilli());
        redis.set(gate.claimKey(crashed.messageId()), SendGate.lapsedClaim(then));
        var reclaimed = (SendGate.Claimed) gate.admit(crashed, SENDER, 1, false, false);
        assertThat(reclaimed.claimedAt()).isEqualTo(then);
        assertThat(reclaimed.staleSince()).isEqualTo(then);
    }

    @Test
    void anOptOutConfirmationWaitsForMessagesInFlightToThatPhone() {
        SendGate gate = gate(100, 100);
        String phone = newPhone();
        OutboundMessageRequested alert = request(phone);
        OutboundMessageRequested confirmation = request(phone, null, Purpose.OPT_OUT_CONFIRMATION);
        var alertClaim = (SendGate.Claimed) gate.admit(alert, SENDER, 1, false, false);

        assertThat(gate.admit(confirmation, SENDER, 1, true, true)).isInstanceOf(SendGate.InFlight.class);

        gate.notSent(alert, alertClaim); // the alert's provider call returned
        assertThat(gate.admit(confirmation, SENDER, 1, true, true)).isInstanceOf(SendGate.Claimed.class);
        assertThat(redis.smembers(gate.inflightKey(phone))).containsExactly(confirmation.messageId());
    }

    @Test
    void settlingClearsTheClaimAndTheInFlightMarker() {
        SendGate gate = gate(100, 100);
        OutboundMessageRequested request = request(newPhone());
        var claim = (SendGate.Claimed) gate.admit(request, SENDER, 1, false, false);
        assertThat(redis.exists(gate.claimKey(request.messageId()))).isTrue();

        gate.deadLettered(request, claim, "21211");

        assertThat(redis.exists(gate.claimKey(request.messageId()))).isFalse();
        assertThat(redis.exists(gate.inflightKey(request.to()))).isFalse();
        assertThat(gate.admit(request, SENDER, 1, false, false)).isEqualTo(new SendGate.Duplicate("x:21211"));
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private SendGate gate(double rate, double burst) {
        var properties = new SendProperties(true, "test", 100, Duration.ofMinutes(10), rate, burst, Map.of(), 16, 1, 5,
                Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofHours(48), Duration.ofSeconds(5));
        // a fresh sender bucket per test: the prefix is per test instance
        SendGate gate = new SendGate(redis, keys, properties);
        gates.add(gate);
        return gate;
    }

    private static OutboundMessageRequested request(String phone) {
        return request(phone, null, Purpose.ALERT);
    }

    private static OutboundMessageRequested request(String phone, String actionId, Purpose purpose) {
        return new OutboundMessageRequested(UUID.randomUUID().toString(), Lane.URGENT, Channel.SMS, phone, "Free Ana",
                actionId, null, purpose, Instant.now(), null);
    }

    private static final java.util.concurrent.atomic.AtomicLong NUMBERS = new java.util.concurrent.atomic.AtomicLong(
            java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000));

    private static String newPhone() {
        return "+44771" + NUMBERS.incrementAndGet();
    }
}
