package org.tocsin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

@ExtendWith(RealInfrastructureExtension.class)
class RedisTest {

    /** Like the gateway's per-sender throttle: take {@code cost} tokens if there are enough, refilling with time. */
    private static final String TOKEN_BUCKET = """
            local capacity = tonumber(ARGV[1])
            local per_second = tonumber(ARGV[2])
            local now_ms = tonumber(ARGV[3])
            local cost = tonumber(ARGV[4])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or capacity
            local at = tonumber(state[2]) or now_ms
            tokens = math.min(capacity, tokens + (now_ms - at) * per_second / 1000)
            local taken = 0
            if tokens >= cost then
              tokens = tokens - cost
              taken = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now_ms))
            redis.call('PEXPIRE', KEYS[1], 60000)
            return {taken, math.floor(tokens)}
            """;

    private final Infrastructure infrastructure;
    private Jedis jedis;
    private String bucket;

    RedisTest(Infrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    @BeforeEach
    void connect() {
        jedis = new Jedis(infrastructure.redisHost(), infrastructure.redisPort());
        bucket = TestInfrastructure.uniqueName("kit") + ":bucket:+15005550006";
    }

    @AfterEach
    void disconnect() {
        jedis.close();
    }

    @Test
    void answersPing() {
        assertThat(jedis.ping()).isEqualTo("PONG");
    }

    @Test
    void tokenBucketScriptByEvalTakesUntilEmptyThenRefillsWithTime() {
        assertThat(take(0, 1)).containsExactly(1L, 2L);
        assertThat(take(0, 1)).containsExactly(1L, 1L);
        assertThat(take(0, 2)).as("not enough tokens left for two").containsExactly(0L, 1L);
        assertThat(take(0, 1)).containsExactly(1L, 0L);
        assertThat(take(0, 1)).as("empty").containsExactly(0L, 0L);
        assertThat(take(2_000, 1)).as("two seconds later, two tokens back, one taken").containsExactly(1L, 1L);
        assertThat(jedis.pttl(bucket)).isPositive();
    }

    @Test
    void tokenBucketScriptByShaGivesTheSameAnswers() {
        String sha = jedis.scriptLoad(TOKEN_BUCKET);

        assertThat(jedis.scriptExists(sha)).isTrue();
        assertThat(jedis.evalsha(sha, List.of(bucket), args(0, 3))).isEqualTo(List.of(1L, 0L));
        assertThat(jedis.evalsha(sha, List.of(bucket), args(500, 1))).isEqualTo(List.of(0L, 0L));
        assertThat(jedis.evalsha(sha, List.of(bucket), args(1_000, 1))).isEqualTo(List.of(1L, 0L));
        assertThatThrownBy(() -> jedis.evalsha("0".repeat(40), List.of(bucket), args(0, 1)))
                .isInstanceOf(JedisNoScriptException.class);
    }

    @SuppressWarnings("unchecked")
    private List<Long> take(long nowMs, int cost) {
        return (List<Long>) jedis.eval(TOKEN_BUCKET, List.of(bucket), args(nowMs, cost));
    }

    /** Capacity 3, one token a second; the caller's clock keeps the test exact. */
    private static List<String> args(long nowMs, int cost) {
        return List.of("3", "1", Long.toString(nowMs), Integer.toString(cost));
    }
}
