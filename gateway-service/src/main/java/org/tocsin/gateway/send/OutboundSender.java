package org.tocsin.gateway.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.MessageStatusChanged;
import org.tocsin.contracts.OptOutReportedByProvider;
import org.tocsin.contracts.OutboundMessageDeadLettered;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.OutboundMessageRetryScheduled;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.Topics;
import org.tocsin.contracts.sms.SmsSegments;
import org.tocsin.gateway.events.EventPublisher;
import org.tocsin.gateway.provider.OutboundSms;
import org.tocsin.gateway.provider.ProviderAdapter;
import org.tocsin.gateway.provider.ProviderLookupException;
import org.tocsin.gateway.provider.SendOutcome;

/**
 * Takes one outbound message to an outcome: expired, duplicate, cancelled, suppressed, sent, opted
 * out, retry scheduled or dead-lettered. Waiting (for a token, for a claim, for messages in flight)
 * happens on the caller's virtual thread without a provider permit, so it never holds back the
 * other messages of a batch. Status events go out without waiting for Kafka: the batch waits for
 * all of their acknowledgements at its end ({@link PendingOutcomes}).
 */
final class OutboundSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboundSender.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(200);
    private static final Duration INFLIGHT_POLL = Duration.ofMillis(50);

    private final ProviderAdapter provider;
    private final SendGate gate;
    private final SenderPool senders;
    private final EventPublisher events;
    private final SendProperties properties;
    private final RetryBackoff backoff;
    private final SendMetrics metrics;
    private final Clock clock;
    private final Map<String, Semaphore> turns = new ConcurrentHashMap<>();

    OutboundSender(ProviderAdapter provider, SendGate gate, SenderPool senders, EventPublisher events,
                   SendProperties properties, SendMetrics metrics, Clock clock) {
        this.provider = provider;
        this.gate = gate;
        this.senders = senders;
        this.events = events;
        this.properties = properties;
        this.backoff = new RetryBackoff(properties.retryBaseDelay(), properties.retryMaxDelay());
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * What the gate and, when it allowed it, the provider said; {@code foundEarlier} when the provider
     * already had the message from a holder that died.
     */
    private record Step(SendGate.Admission admission, SendOutcome outcome, boolean foundEarlier) {
    }

    /**
     * Sends {@code request} as attempt {@code attempt} (1 for a new request), taking a permit from
     * {@code permits} only around the gate and the provider call.
     *
     * @param lane     for metrics: the lane or {@code retry}
     * @param outcomes what the caller must wait for before it acknowledges the request
     */
    void send(OutboundMessageRequested request, int attempt, String lane, Semaphore permits, PendingOutcomes outcomes)
            throws InterruptedException {
        String sender = senders.senderFor(request.to(), request.from());
        int cost = request.channel() == Channel.WHATSAPP ? 1 : SmsSegments.count(request.body()).segments();
        boolean priority = request.lane() == Lane.TRANSACTIONAL;
        // a STOP confirmation goes after whatever is in flight to that phone, for a bounded time
        Instant inflightDeadline = request.purpose() == Purpose.OPT_OUT_CONFIRMATION
                ? clock.instant().plus(properties.optOutConfirmationWait())
                : Instant.MIN;
        boolean waitedForInflight = false;
        Semaphore turn = null; // held while this message waits for its sender's rate (see turnOf)
        try {
            while (true) {
                if (request.notAfter() != null && clock.instant().isAfter(request.notAfter())) {
                    outcomes.add(publishStatusAsync(request, DeliveryStatus.EXPIRED, null, null));
                    metrics.outcome(lane, "expired");
                    return;
                }
                boolean waitForInflight = clock.instant().isBefore(inflightDeadline);
                Step step;
                permits.acquire();
                try {
                    SendGate.Admission admission = gate.admit(request, sender, cost, priority, waitForInflight);
                    step = admission instanceof SendGate.Claimed claimed
                            ? call(admission, request, sender, cost, claimed)
                            : new Step(admission, null, false);
                } finally {
                    permits.release();
                }
                Duration throttledFor = throttledFor(step);
                if (throttledFor == null && turn != null) {
                    turn.release();
                    turn = null;
                }
                switch (step.admission()) {
                    case SendGate.Duplicate duplicate -> {
                        onDuplicate(request, duplicate.value(), lane, outcomes);
                        return;
                    }
                    case SendGate.Cancelled cancelled -> {
                        outcomes.add(publishStatusAsync(request, DeliveryStatus.CANCELLED, null, null));
                        metrics.outcome(lane, "cancelled");
                        return;
                    }
                    case SendGate.Suppressed suppressed -> {
                        outcomes.add(publishStatusAsync(request, DeliveryStatus.SUPPRESSED, null, null));
                        metrics.outcome(lane, "suppressed");
                        return;
                    }
                    case SendGate.Busy busy -> Thread.sleep(min(busy.leaseLeft(), BUSY_POLL));
                    case SendGate.InFlight inFlight -> {
                        if (!waitedForInflight) {
                            // once per message: how often a STOP confirmation had to wait for an alert
                            metrics.outcome(lane, "waited_for_inflight");
                            waitedForInflight = true;
                        }
                        Thread.sleep(INFLIGHT_POLL);
                    }
                    case SendGate.Claimed claimed when step.outcome() instanceof SendOutcome.Throttled -> {
                        gate.notSent(request, claimed);
                        metrics.outcome(lane, "throttled");
                        metrics.providerThrottled(sender);
                    }
                    case SendGate.Claimed claimed -> {
                        settle(request, attempt, lane, claimed, step, outcomes);
                        return;
                    }
                    case SendGate.Throttled throttled -> metrics.outcome(lane, "throttled");
                }
                if (throttledFor != null) {
                    if (turn != null || priority || step.outcome() instanceof SendOutcome.Throttled) {
                        Thread.sleep(throttledFor); // the provider's wait is kept even before queueing
                    }
                    if (turn == null && !priority) {
                        // queued for the sender's turn, then ask again at once: the gate's wait is stale by then
                        turn = turnOf(sender);
                        if (!awaitTurn(turn, request)) {
                            turn = null; // expired while queued: the loop says so
                        }
                    }
                }
            }
        } finally {
            if (turn != null) {
                turn.release();
            }
        }
    }

    /** How long the sender's rate (ours, or the provider's 429) asks this message to wait; null when it does not. */
    private static Duration throttledFor(Step step) {
        if (step.admission() instanceof SendGate.Throttled throttled) {
            return throttled.retryAfter();
        }
        return step.outcome() instanceof SendOutcome.Throttled throttled ? throttled.retryAfter() : null;
    }

    /**
     * Messages waiting for one sender's rate take turns (first come, first served), and only the
     * message whose turn it is sleeps and asks the gate again. Otherwise every message queued for a
     * busy sender (hundreds, in a throttled fan-out) wakes at the same instant to ask Redis for the
     * one place that came free, and the sender's places come round late. Transactional messages do
     * not queue here: the gate already gives them the sender's next token.
     */
    private Semaphore turnOf(String sender) {
        return turns.computeIfAbsent(sender, s -> new Semaphore(1, true));
    }

    /** Waits for the turn, at most until the message expires; false if it expired first. */
    private boolean awaitTurn(Semaphore turn, OutboundMessageRequested request) throws InterruptedException {
        if (request.notAfter() == null) {
            turn.acquire();
            return true;
        }
        long left = Duration.between(clock.instant(), request.notAfter()).toMillis();
        return turn.tryAcquire(Math.max(0, left) + 1, TimeUnit.MILLISECONDS);
    }

    /** The provider call; after a lapsed claim, first asks the provider whether the dead holder's call got through. */
    private Step call(SendGate.Admission admission, OutboundMessageRequested request, String sender, int cost,
                      SendGate.Claimed claim) {
        var sms = new OutboundSms(request.to(), sender, request.body(),
                provider.statusCallback(request.messageId(), request.actionId(), request.supporterId()),
                validity(request), request.channel());
        if (claim.staleSince() != null) {
            try {
                Optional<String> earlier = provider.findSent(sms, claim.staleSince().minus(properties.reconcileClockSkew()));
                if (earlier.isPresent()) {
                    log.info("Message {} was already accepted by {} before a crash: not sending it again",
                            request.messageId(), provider.name());
                    return new Step(admission, new SendOutcome.Sent(earlier.get(), cost), true);
                }
            } catch (ProviderLookupException e) {
                return new Step(admission, new SendOutcome.Failed("lookup", e.getMessage(), true), false);
            }
        }
        SendOutcome outcome = metrics.timeProviderCall(provider.name(), () -> {
            try {
                return provider.send(sms);
            } catch (RuntimeException e) {
                // an adapter must not throw; if it does, nobody knows whether the message left
                log.error("{} adapter failed on message {}", provider.name(), request.messageId(), e);
                return new SendOutcome.Failed("adapter-error", String.valueOf(e.getMessage()), true);
            }
        }, OutboundSender::outcomeName);
        return new Step(admission, outcome, false);
    }

    private void settle(OutboundMessageRequested request, int attempt, String lane, SendGate.Claimed claim, Step step,
                        PendingOutcomes outcomes) {
        switch (step.outcome()) {
            case SendOutcome.Sent sent -> {
                gate.sent(request, claim, sent.providerMessageId());
                outcomes.add(announceSent(request, sent.providerMessageId()));
                metrics.outcome(lane, step.foundEarlier() ? "reconciled" : "sent");
            }
            // the rare outcomes below publish and wait one by one: what they record in Redis afterwards
            // (dead-lettered, suppressed) must not be there before their events are durable
            case SendOutcome.OptedOut optedOut when request.purpose() == Purpose.OPT_OUT_CONFIRMATION -> {
                // the provider handles STOP itself (Twilio does by default): it has confirmed the opt-out already
                gate.notSent(request, claim);
                publishStatus(request, DeliveryStatus.SUPPRESSED, null, optedOut.code());
                metrics.outcome(lane, "confirmed_by_provider");
            }
            case SendOutcome.OptedOut optedOut -> {
                gate.notSent(request, claim);
                gate.suppress(request.to());
                events.publish(Topics.PROVIDER_OPT_OUTS, request.to(),
                        new OptOutReportedByProvider(request.to(), provider.name(), optedOut.code(), clock.instant()));
                publishStatus(request, DeliveryStatus.SUPPRESSED, null, optedOut.code());
                metrics.outcome(lane, "opted_out");
            }
            case SendOutcome.Failed failed when failed.retryable() -> {
                // the request may have reached the provider: the next attempt asks before sending
                gate.unknown(request, claim);
                metrics.outcome(lane, "failed");
                if (attempt < properties.maxAttempts()) {
                    Instant notBefore = clock.instant().plus(backoff.after(attempt));
                    events.publish(Topics.OUTBOUND_RETRY, request.to(),
                            new OutboundMessageRetryScheduled(request, attempt + 1, notBefore, failed.code()));
                    metrics.outcome(lane, "retried");
                } else {
                    deadLetter(request, claim, attempt, lane, "gave up after " + attempt + " attempts: " + failed.reason(),
                            failed.code());
                }
            }
            case SendOutcome.Failed failed -> {
                gate.notSent(request, claim);
                metrics.outcome(lane, "failed");
                deadLetter(request, claim, attempt, lane, failed.reason(), failed.code());
            }
            case SendOutcome.Throttled throttled -> throw new IllegalStateException("handled by the caller");
        }
    }

    private void deadLetter(OutboundMessageRequested request, SendGate.Claimed claim, int attempts, String lane,
                            String reason, String code) {
        events.publish(Topics.OUTBOUND_DEAD_LETTER, request.to(),
                new OutboundMessageDeadLettered(request, reason, code, attempts, clock.instant()));
        publishStatus(request, DeliveryStatus.FAILED, null, code);
        gate.deadLettered(request, claim, code);
        metrics.outcome(lane, "dead_lettered");
        log.warn("Message {} dead-lettered after {} attempt(s): {} ({})", request.messageId(), attempts, reason, code);
    }

    /** Sent before; if the crash came between sending and announcing it, announce it now. */
    private void onDuplicate(OutboundMessageRequested request, String value, String lane, PendingOutcomes outcomes) {
        if (value.startsWith(SendGate.UNANNOUNCED)) {
            outcomes.add(announceSent(request, value.substring(SendGate.UNANNOUNCED.length())));
            metrics.outcome(lane, "sent");
        } else {
            metrics.outcome(lane, "duplicate");
        }
    }

    /** Publishes SENT and, once Kafka has it, records it as announced: a redelivery is then a silent duplicate. */
    private CompletableFuture<Void> announceSent(OutboundMessageRequested request, String providerMessageId) {
        return publishStatusAsync(request, DeliveryStatus.SENT, providerMessageId, null)
                .thenCompose(published -> gate.announced(request.messageId(), providerMessageId));
    }

    private void publishStatus(OutboundMessageRequested request, DeliveryStatus status, String providerMessageId,
                               String errorCode) {
        events.publish(Topics.MESSAGE_STATUS, request.to(), statusChanged(request, status, providerMessageId, errorCode));
    }

    private CompletableFuture<Void> publishStatusAsync(OutboundMessageRequested request, DeliveryStatus status,
                                                       String providerMessageId, String errorCode) {
        return events.publishAsync(Topics.MESSAGE_STATUS, request.to(),
                statusChanged(request, status, providerMessageId, errorCode));
    }

    private MessageStatusChanged statusChanged(OutboundMessageRequested request, DeliveryStatus status,
                                               String providerMessageId, String errorCode) {
        return new MessageStatusChanged(request.messageId(), providerMessageId, request.to(), request.actionId(),
                request.supporterId(), status, errorCode, clock.instant());
    }

    /** After the lanes stopped: what is queued for Redis (announcements too) is still written. */
    @Override
    public void close() throws InterruptedException {
        gate.close();
    }

    /** The provider may hold it until notAfter and no longer. */
    private Duration validity(OutboundMessageRequested request) {
        if (request.notAfter() == null) {
            return null;
        }
        Duration left = Duration.between(clock.instant(), request.notAfter());
        return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
    }

    private static String outcomeName(SendOutcome outcome) {
        return switch (outcome) {
            case SendOutcome.Sent sent -> "sent";
            case SendOutcome.Throttled throttled -> "throttled";
            case SendOutcome.OptedOut optedOut -> "opted_out";
            case SendOutcome.Failed failed -> "failed";
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
