package org.tocsin.twiliosim;

/**
 * How the simulated provider behaves; changed at run time through
 * {@link TwilioSimulator#behaviour(Behaviour)} or {@code POST /sim/behaviour}.
 *
 * @param latencyMillis time a message spends in each delivery step: queued to sent, then sent to
 *     delivered (or undelivered); 0 moves on at once
 * @param failureRate share of accepted messages (0..1) that end {@code failed} without being sent
 * @param undeliveredRate share of accepted messages (0..1) that are sent but end {@code undelivered}
 * @param throttleRate share of send requests (0..1) answered 429 / Twilio error 20429 at random
 * @param errorCode the {@code ErrorCode} of failed and undelivered messages; {@code null} uses
 *     30008 (unknown error) for failed and 30003 (unreachable handset) for undelivered
 * @param perSenderMps most messages a sender (From, else MessagingServiceSid) may send in any
 *     1-second window; more are answered 429 / 20429; 0 means no limit
 * @param callbacks whether status callbacks are POSTed to a message's StatusCallback
 * @param apiLatencyMillis how long the Messages API takes to answer a send request
 */
public record Behaviour(
        long latencyMillis,
        double failureRate,
        double undeliveredRate,
        double throttleRate,
        Integer errorCode,
        int perSenderMps,
        boolean callbacks,
        long apiLatencyMillis) {

    /** Upper bound of both latencies: a simulator answers within a minute or it is a hang. */
    public static final long MAX_LATENCY_MILLIS = 60_000;
    /** Upper bound of {@link #perSenderMps()}: beyond it the limit would not be a limit. */
    public static final int MAX_PER_SENDER_MPS = 100_000;

    public Behaviour {
        requireLatency(latencyMillis, "latencyMillis");
        requireLatency(apiLatencyMillis, "apiLatencyMillis");
        requireRate(failureRate, "failureRate");
        requireRate(undeliveredRate, "undeliveredRate");
        requireRate(throttleRate, "throttleRate");
        if (failureRate + undeliveredRate > 1.0) {
            throw new IllegalArgumentException("failureRate + undeliveredRate must not exceed 1, was "
                    + (failureRate + undeliveredRate));
        }
        if (errorCode != null && (errorCode < 1 || errorCode > 99_999)) {
            throw new IllegalArgumentException("errorCode must be a Twilio error code (1..99999), was " + errorCode);
        }
        if (perSenderMps < 0 || perSenderMps > MAX_PER_SENDER_MPS) {
            throw new IllegalArgumentException("perSenderMps must be 0 (no limit).." + MAX_PER_SENDER_MPS
                    + ", was " + perSenderMps);
        }
    }

    /** Every message delivered at once, callbacks on, no throttling. */
    public static Behaviour defaults() {
        return new Behaviour(0, 0.0, 0.0, 0.0, null, 0, true, 0);
    }

    public Behaviour withLatencyMillis(long latencyMillis) {
        return new Behaviour(latencyMillis, failureRate, undeliveredRate, throttleRate, errorCode, perSenderMps,
                callbacks, apiLatencyMillis);
    }

    public Behaviour withFailureRate(double failureRate) {
        return new Behaviour(latencyMillis, failureRate, undeliveredRate, throttleRate, errorCode, perSenderMps,
                callbacks, apiLatencyMillis);
    }

    public Behaviour withUndeliveredRate(double undeliveredRate) {
        return new Behaviour(latencyMillis, failureRate, undeliveredRate, throttleRate, errorCode, perSenderMps,
                callbacks, apiLatencyMillis);
    }

    public Behaviour withThrottleRate(double throttleRate) {
        return new Behaviour(latencyMillis, failureRate, undeliveredRate, throttleRate, errorCode, perSenderMps,
                callbacks, apiLatencyMillis);
    }

    public Behaviour withErrorCode(Integer errorCode) {
        return new Behaviour(latencyMillis, failureRate, undeliveredRate, throttleRate, errorCode, perSenderMps,
                callbacks, apiLatencyMillis);
    }

    public Behaviour withPerSenderMps(int perSenderMps) {
        return new Behaviour(latencyMillis, failureRate, undeliveredRate, throttleRate, errorCode, perSenderMps,
                callbacks, apiLatencyMillis);
    }

    public Behaviour withCallbacks(boolean callbacks) {
        return new Behaviour(latencyMillis, failureRate, undeliveredRate, throttleRate, errorCode, perSenderMps,
                callbacks, apiLatencyMillis);
    }

    public Behaviour withApiLatencyMillis(long apiLatencyMillis) {
        return new Behaviour(latencyMillis, failureRate, undeliveredRate, throttleRate, errorCode, perSenderMps,
                callbacks, apiLatencyMillis);
    }

    private static void requireRate(double rate, String name) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + rate);
        }
    }

    private static void requireLatency(long millis, String name) {
        if (millis < 0 || millis > MAX_LATENCY_MILLIS) {
            throw new IllegalArgumentException(name + " must be 0.." + MAX_LATENCY_MILLIS + " ms, was " + millis);
        }
    }
}
