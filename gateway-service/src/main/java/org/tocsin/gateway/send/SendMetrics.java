package org.tocsin.gateway.send;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The send pipeline's meters. Lanes' lag is not here: Kafka's own consumer metrics
 * ({@code kafka.consumer.fetch.manager.records.lag.max}, per client id) show it.
 */
final class SendMetrics {

    private final MeterRegistry registry;
    // looked up on every send: registering again builds and filters the meter's id each time
    private final ConcurrentMap<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> providerCalls = new ConcurrentHashMap<>();

    SendMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * One outcome of one message in a lane: sent, throttled, suppressed, cancelled, expired, duplicate,
     * opted_out, failed (an attempt), retried, dead_lettered, reconciled (found at the provider after a crash).
     */
    void outcome(String lane, String outcome) {
        outcomes.computeIfAbsent(lane + '\n' + outcome, k -> Counter.builder("tocsin.gateway.sends")
                .description("Outbound messages by lane and outcome")
                .tag("lane", lane).tag("outcome", outcome)
                .register(registry)).increment();
    }

    /** The provider answered 429: our limiter let through more than the provider takes from this sender. */
    void providerThrottled(String sender) {
        Counter.builder("tocsin.gateway.provider.throttled")
                .description("Sends the provider refused as too fast, by sender")
                .tag("sender", sender)
                .register(registry).increment();
    }

    /** A record that could not be read as the lane's event type: skipped. */
    void unreadable(String topic) {
        Counter.builder("tocsin.gateway.unreadable.records")
                .description("Records skipped because they could not be read")
                .tag("topic", topic)
                .register(registry).increment();
    }

    /** Runs a provider call and times it, tagged with its outcome. */
    <T> T timeProviderCall(String provider, Supplier<T> call, Function<T, String> outcome) {
        long start = System.nanoTime();
        T result = call.get();
        long nanos = System.nanoTime() - start;
        String outcomeName = outcome.apply(result);
        providerCalls.computeIfAbsent(provider + '\n' + outcomeName, k -> Timer.builder("tocsin.gateway.provider.calls")
                .description("Provider send calls by outcome")
                .tag("provider", provider).tag("outcome", outcomeName)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        return result;
    }
}
