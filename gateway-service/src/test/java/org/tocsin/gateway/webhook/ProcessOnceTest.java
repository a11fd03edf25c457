package org.tocsin.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
            List<Future<ProcessOnce.Turn>> repeats = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                repeats.add(threads.submit(() -> once.claim("inbound", sid)));
            }
            Thread.sleep(120); // the repeats are polling the claim now

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

    private static String newSid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }
}
