package org.tocsin.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.testkit.TestInfrastructure;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisDataException;

/** Calls from many threads sharing round trips, against the real Redis (6.2) of the test kit. */
class PipelinedCallsTest {

    private static JedisPooled redis;
    private final String prefix = TestInfrastructure.uniqueName("pipelined") + ":";

    @BeforeAll
    static void connect() {
        Infrastructure infrastructure = TestInfrastructure.shared();
        redis = new JedisPooled(infrastructure.redisHost(), infrastructure.redisPort());
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Test
    void eachCallerGetsItsOwnAnswerAndSeesWhatItsCallWrote() throws Exception {
        String counter = prefix + "counter";
        int threads = 64;
        int callsEach = 200;
        List<Future<List<Long>>> results = new ArrayList<>();
        try (PipelinedCalls calls = new PipelinedCalls(redis, "test-calls");
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                String own = prefix + "own:" + t;
                results.add(executor.submit(() -> {
                    List<Long> counts = new ArrayList<>();
                    for (int i = 0; i < callsEach; i++) {
                        Long count = calls.run(pipeline -> pipeline.incr(counter)::get);
                        counts.add(count);
                        long mine = calls.run(pipeline -> pipeline.incr(own)::get);
                        assertThat(mine).isEqualTo(i + 1); // this thread's earlier call is visible
                    }
                    return counts;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                List<Long> counts = result.get();
                assertThat(counts).isSorted(); // one caller's calls run in its order
                all.addAll(counts);
            }
            // every increment answered once, to one caller
            assertThat(all).doesNotHaveDuplicates().hasSize(threads * callsEach);
            assertThat(redis.get(counter)).isEqualTo(Integer.toString(threads * callsEach));
        }
    }

    @Test
    void anErrorReplyFailsOnlyItsOwnCall() throws Exception {
        String text = prefix + "text";
        redis.set(text, "not a number");
        try (PipelinedCalls calls = new PipelinedCalls(redis, "test-calls");
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> fine = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                fine.add(executor.submit(() -> calls.run(pipeline -> pipeline.incr(prefix + "fine")::get)));
            }
            assertThatThrownBy(() -> calls.run(pipeline -> pipeline.incr(text)::get))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("not an integer");
            for (Future<Long> result : fine) {
                assertThat(result.get()).isPositive();
            }
        }
    }

    @Test
    void aScriptRedisForgotIsLoadedAgain() throws Exception {
        LuaScript echo = LuaScript.of("return ARGV[1] .. '!' -- " + prefix);
        try (PipelinedCalls calls = new PipelinedCalls(redis, "test-calls")) {
            Object first = calls.run(pipeline -> echo.queueIn(redis, pipeline, List.of(), List.of("one")));
            assertThat(first).isEqualTo("one!");

            redis.scriptFlush(); // what a Redis restart does to loaded scripts

            Object second = calls.run(pipeline -> echo.queueIn(redis, pipeline, List.of(), List.of("two")));
            assertThat(second).isEqualTo("two!");
        }
    }

    @Test
    void callsAfterCloseFailClearly() throws Exception {
        PipelinedCalls calls = new PipelinedCalls(redis, "test-calls");
        String answer = calls.run(pipeline -> pipeline.set(prefix + "before-close", "1")::get);
        assertThat(answer).isEqualTo("OK");
        calls.close();

        assertThatThrownBy(() -> calls.run(pipeline -> pipeline.get(prefix + "before-close")::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopping");
    }
}
