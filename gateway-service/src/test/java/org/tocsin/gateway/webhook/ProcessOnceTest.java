package org.tocsin.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tocsin.platform.redis.RedisProperties;
import org.tocsin.testkit.TestInfrastructure;
import redis.clients.jedis.JedisPooled;

/** Once per provider message id, with the "seen" marks written after the answer; real Redis (6.2). */
class ProcessOnceTest {

    private static JedisPooled redis;
    private final RedisProperties keys = new RedisProperties(URI.create("redis://unused"),
            TestInfrastructure.uniqueName("process_once") + ":", 4);
    private final WebhookProperties properties = new WebhookProperties(Duration.ofHours(48), Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ofSeconds(2));

    @BeforeAll
    static void connect() {
        var infrastructure = TestInfrastructure.shared();
        redis = new JedisPooled(infrastructure.redisHost(), infrastructure.redisPort());
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Test
    void aMarkedIdIsDoneForEveryLaterDeliveryAndKeptForTheSeenTtl() throws Exception {
        try (ProcessOnce once = new ProcessOnce(redis, keys, properties)) {
            String sid = newSid();
            var claimed = (ProcessOnce.Claimed) once.claim("inbound", sid);

            assertThat(once.done(claimed).get()).isEqualTo("OK");

            assertThat(once.claim("inbound", sid)).isInstanceOf(ProcessOnce.AlreadyDone.class);
            assertThat(redis.ttl(claimed.key())).isBetween(Duration.ofHours(47).toSeconds(), Duration.ofHours(48).toSeconds());
        }
    }

    @Test
    void deliveriesThatArriveBeforeTheMarkWaitForItInsteadOfDoingTheWorkAgain() throws Exception {
        String sid = newSid();
        try (ProcessOnce once = new ProcessOnce(redis, keys, properties);
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var claimed = (ProcessOnce.Claimed) once.claim("inbound", sid);
            int count = 8;
            long getsBefore = getCalls();
            CountDownLatch started = new CountDownLatch(count);
            List<Future<ProcessOnce.Turn>> repeats = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                repeats.add(threads.submit(() -> {
                    started.countDown();
                    return once.claim("inbound", sid);
                }));
            }
            started.await();
            // a repeat whose SET NX fails reads who holds the id (GET), then polls: they have all met the claim
            await().atMost(Duration.ofSeconds(5)).until(() -> getCalls() - getsBefore >= count);
            assertThat(repeats).noneMatch(Future::isDone);

            once.done(claimed);

            for (Future<ProcessOnce.Turn> repeat : repeats) {
                assertThat(repeat.get()).isInstanceOf(ProcessOnce.AlreadyDone.class);
            }
        }
    }

    @Test
    void closingWritesTheMarksStillQueued() throws Exception {
        List<String> keysMarked = new ArrayList<>();
        List<CompletableFuture<String>> marks = new ArrayList<>();
        ProcessOnce once = new ProcessOnce(redis, keys, properties);
        for (int i = 0; i < 200; i++) {
            var claimed = (ProcessOnce.Claimed) once.claim("status", newSid(), "delivered");
            keysMarked.add(claimed.key());
            marks.add(once.done(claimed)); // not waited for
        }

        once.close();

        assertThat(marks).allMatch(mark -> mark.isDone() && !mark.isCompletedExceptionally());
        assertThat(keysMarked).allMatch(key -> "done".equals(redis.get(key)));
    }

    @Test
    void aReleasedClaimCanBeTakenAgain() throws Exception {
        try (ProcessOnce once = new ProcessOnce(redis, keys, properties)) {
            String sid = newSid();
            var first = (ProcessOnce.Claimed) once.claim("inbound", sid);

            once.release(first);

            assertThat(once.claim("inbound", sid)).isInstanceOf(ProcessOnce.Claimed.class);
        }
    }

    /** How many GETs Redis has run, from its own command statistics. */
    private static long getCalls() {
        Matcher calls = Pattern.compile("cmdstat_get:calls=(\\d+)").matcher(redis.info("commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    private static String newSid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }
}
