package org.tocsin.gateway.send;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway sends ({@code tocsin.gateway.*}).
 *
 * @param enabled                whether the outbound lanes are consumed (off for a webhook-only instance)
 * @param consumerGroup          consumer group prefix; each lane uses {@code <prefix>.<lane>}
 * @param maxPollRecords         records per poll and lane; a poll's records must all reach an outcome
 *                               within {@code maxPollInterval}, and at 1 MPS per sender that is the bound
 * @param maxPollInterval        Kafka's {@code max.poll.interval.ms} for the lanes
 * @param senderRatePerSecond    messages (segments) per second per sender number: 1 for a long code
 * @param senderBurst            tokens a sender's bucket holds: how many may go at once after a pause
 * @param senderRates            per-sender overrides of the rate, by number (toll-free ~3, short code 100)
 * @param maxConcurrentSends     provider calls in flight at once, per lane
 * @param laneConsumers          consumers per lane in this instance, each with its own partitions and polls: a
 *                               poll ends when its slowest sender is done, so several polling side by side keep
 *                               the other senders busy meanwhile (more than the lane's partitions idle)
 * @param maxAttempts            attempts per message before it is dead-lettered
 * @param retryBaseDelay         first retry waits up to this (exponential backoff with full jitter)
 * @param retryMaxDelay          no retry waits longer than this
 * @param claimLease             how long a worker owns a message it is sending; longer than any provider call
 * @param inflightTtl            how long the "message in flight to this phone" marker lives at most
 * @param optOutConfirmationWait how long a STOP confirmation waits for messages in flight to that phone
 * @param sentTtl                how long a sent message id is remembered (redeliveries within it are skipped)
 * @param reconcileClockSkew     slack between our clock and the provider's when looking for a message after a crash
 */
@ConfigurationProperties("tocsin.gateway")
public record SendProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("gateway-service") String consumerGroup,
        @DefaultValue("100") int maxPollRecords,
        @DefaultValue("10m") Duration maxPollInterval,
        @DefaultValue("1") double senderRatePerSecond,
        @DefaultValue("1") double senderBurst,
        @DefaultValue Map<String, Double> senderRates,
        @DefaultValue("16") int maxConcurrentSends,
        @DefaultValue("4") int laneConsumers,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("2s") Duration retryBaseDelay,
        @DefaultValue("1m") Duration retryMaxDelay,
        @DefaultValue("60s") Duration claimLease,
        @DefaultValue("10s") Duration inflightTtl,
        @DefaultValue("5s") Duration optOutConfirmationWait,
        @DefaultValue("48h") Duration sentTtl,
        @DefaultValue("5s") Duration reconcileClockSkew) {

    public SendProperties {
        if (senderRatePerSecond <= 0 || senderBurst <= 0) {
            throw new IllegalArgumentException("tocsin.gateway.sender-rate-per-second and sender-burst must be positive");
        }
        if (maxConcurrentSends < 1 || maxAttempts < 1 || laneConsumers < 1) {
            throw new IllegalArgumentException(
                    "tocsin.gateway.max-concurrent-sends, lane-consumers and max-attempts must be at least 1");
        }
        if (retryMaxDelay.compareTo(maxPollInterval.dividedBy(2)) > 0) {
            // a retry waits in its poll: the longest wait must leave room for the sends in the same poll
            throw new IllegalArgumentException("tocsin.gateway.retry-max-delay must be at most half of max-poll-interval");
        }
        senderRates.forEach((sender, rate) -> {
            if (rate == null || rate <= 0) {
                throw new IllegalArgumentException("tocsin.gateway.sender-rates: rate of a sender must be positive");
            }
        });
    }

    /** Messages per second for one sender. */
    double rateFor(String sender) {
        return senderRates.getOrDefault(sender, senderRatePerSecond);
    }
}
