package org.tocsin.dispatch.alert;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.contracts.Topics;
import org.tocsin.contracts.UrgentActionCancelled;
import org.tocsin.contracts.UrgentActionTriggered;
import org.tocsin.contracts.sms.SmsSegments;
import org.tocsin.dispatch.api.ApiException;
import org.tocsin.dispatch.consent.ConsentView;
import org.tocsin.dispatch.delivery.Deliveries;
import org.tocsin.dispatch.delivery.StatusCounts;
import org.tocsin.dispatch.fanout.FanoutProperties;
import org.tocsin.dispatch.fanout.FanoutWorker;
import org.tocsin.dispatch.template.MessageTemplate;
import org.tocsin.dispatch.template.PersonalisationProperties;
import org.tocsin.platform.logging.PhoneMasking;
import org.tocsin.platform.outbox.Outbox;
import org.tocsin.platform.redis.RedisProperties;
import redis.clients.jedis.JedisPooled;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lifecycle of an urgent action. Every state change locks the action's row first, so concurrent
 * requests (two triggers, a trigger and a cancel, the scheduler) are applied one after the other.
 *
 * <p>Approval. The issue asks for two things: "above a configurable audience size a second coordinator
 * must approve" and "the creator never approves their own". Both hold with this reading:
 * <ul>
 *   <li>nobody can approve an action they created (403, whatever the size);</li>
 *   <li>an action whose audience is above {@code tocsin.dispatch.second-approval-threshold} can only be
 *       triggered once another coordinator approved it (DRAFT → APPROVED);</li>
 *   <li>at or below the threshold no approval is needed: a trigger takes the DRAFT straight through
 *       APPROVED to SENDING, recorded as {@code approvalWaived}. Another coordinator may still approve it.</li>
 * </ul>
 * The audience is counted when the approval is waived (at trigger time, or when a scheduled action is
 * armed), not again later.
 *
 * <p>Scheduled actions fire at {@code scheduledAt} once APPROVED: approved by another coordinator, or,
 * at or below the threshold, armed by a trigger request before their time.
 */
@Service
class AlertService {

    private static final Logger log = LoggerFactory.getLogger(AlertService.class);
    static final String SCHEDULER = "scheduler";

    /** The answer to a trigger, and whether it is a replay of an earlier one with the same key. */
    record Triggered(int status, AlertView view, boolean replayed) {
    }

    private final AlertStore store;
    private final AlertRequests requests;
    private final ConsentView consent;
    private final Deliveries deliveries;
    private final FanoutWorker fanout;
    private final FanoutProperties fanoutProperties;
    private final PersonalisationProperties personalisation;
    private final AlertProperties properties;
    private final Outbox outbox;
    private final JedisPooled redis;
    private final RedisProperties redisProperties;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    AlertService(AlertStore store, AlertRequests requests, ConsentView consent, Deliveries deliveries,
                 FanoutWorker fanout, FanoutProperties fanoutProperties, PersonalisationProperties personalisation,
                 AlertProperties properties, Outbox outbox, JedisPooled redis, RedisProperties redisProperties,
                 TransactionTemplate transactions, JsonMapper json) {
        this.store = store;
        this.requests = requests;
        this.consent = consent;
        this.deliveries = deliveries;
        this.fanout = fanout;
        this.fanoutProperties = fanoutProperties;
        this.personalisation = personalisation;
        this.properties = properties;
        this.outbox = outbox;
        this.redis = redis;
        this.redisProperties = redisProperties;
        this.transactions = transactions;
        this.json = json;
    }

    AlertView create(CreateAlertRequest request, String user) {
        AlertRequests.ValidDraft d = requests.draft(request);
        Instant now = now();
        var alert = new Alert(ActionIds.next(), d.title(), d.body(), d.listIds(), d.channel(), d.replyWindow(),
                d.scheduledAt(), d.thanksText(), AlertState.DRAFT, user, now, null, null, false, null, null, null, null,
                null, 0, 0, null);
        transactions.executeWithoutResult(status -> store.insert(alert));
        log.info("{} drafted urgent action {} for {} list(s)", user, alert.id(), d.listIds().size());
        return view(alert, StatusCounts.NONE);
    }

    AlertView get(UUID id) {
        Alert alert = store.get(id);
        return view(alert, deliveries.counts(id));
    }

    AlertListView list(AlertState state, int limit) {
        List<Alert> alerts = store.list(state, limit);
        Map<UUID, StatusCounts> counts = deliveries.counts(alerts.stream().map(Alert::id).toList());
        return new AlertListView(alerts.stream().map(a -> view(a, counts.getOrDefault(a.id(), StatusCounts.NONE))).toList());
    }

    AlertView approve(UUID id, String user) {
        AlertView view = transactions.execute(status -> {
            Alert alert = store.lock(id);
            if (alert.createdBy().equals(user)) {
                throw ApiException.forbidden("You created this urgent action: another coordinator must approve it.");
            }
            switch (alert.state()) {
                case DRAFT -> store.approve(id, user, now());
                case APPROVED -> {
                    if (!user.equals(alert.approvedBy())) {
                        throw ApiException.conflict("Already approved" + (alert.approvedBy() == null ? "."
                                : " by " + alert.approvedBy() + "."));
                    }
                }
                default -> throw ApiException.conflict("An urgent action in state " + alert.state()
                        + " cannot be approved.");
            }
            return view(store.get(id), StatusCounts.NONE);
        });
        log.info("{} approved urgent action {}", user, id);
        return view;
    }

    /**
     * Triggers, or for an action scheduled later arms it. A repeated {@code Idempotency-Key} gets the
     * first answer again and changes nothing. Only successful answers are remembered: a refused
     * trigger (not approved yet, say) changed nothing, so the same key may be used again.
     */
    Triggered trigger(UUID id, String user, String rawKey) {
        String key = requests.idempotencyKey(rawKey);
        Triggered result;
        try {
            result = transactions.execute(status -> triggerOnce(id, user, key));
        } catch (DuplicateKeyException e) {
            // the same key, at the same moment, for another action: that one won, this one is rolled back
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "This Idempotency-Key was used for another request.");
        }
        if (!result.replayed() && result.view().state() == AlertState.SENDING) {
            fanout.wakeUp();
        }
        return result;
    }

    private Triggered triggerOnce(UUID id, String user, String key) {
        store.lock(id);
        if (key != null) {
            var remembered = store.remembered(key);
            if (remembered.isPresent()) {
                if (!remembered.get().actionId().equals(id)) {
                    throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                            "This Idempotency-Key was used for another urgent action.");
                }
                return new Triggered(remembered.get().status(),
                        json.readValue(remembered.get().json(), AlertView.class), true);
            }
        }
        startOrArm(id, user);
        AlertView view = view(store.get(id), deliveries.counts(id));
        if (key != null) {
            store.remember(key, "trigger", id, user, HttpStatus.ACCEPTED.value(), json.writeValueAsString(view));
        }
        return new Triggered(HttpStatus.ACCEPTED.value(), view, false);
    }

    private void startOrArm(UUID id, String user) {
        Alert alert = store.get(id);
        boolean waived = false;
        switch (alert.state()) {
            case APPROVED -> {
            }
            case DRAFT -> {
                if (consent.audienceAbove(alert.listIds(), properties.secondApprovalThreshold())) {
                    throw ApiException.conflict("Its audience is above " + properties.secondApprovalThreshold()
                            + " recipients: a coordinator other than its creator must approve it first.");
                }
                waived = true;
            }
            case SENDING, COMPLETED -> throw ApiException.conflict("Already triggered (state " + alert.state() + ").");
            case CANCELLED -> throw ApiException.conflict("Cancelled: it cannot be triggered.");
        }
        if (alert.scheduledAt() != null && alert.scheduledAt().isAfter(now())) {
            if (waived) {
                store.approveWaived(id);
            }
            log.info("{} armed urgent action {} for {}", user, id, alert.scheduledAt());
            return;
        }
        startSending(alert, user, waived);
    }

    /** APPROVED (or waivable DRAFT) → SENDING, with UrgentActionTriggered in the same transaction. */
    private void startSending(Alert alert, String user, boolean waived) {
        Instant at = now();
        store.startSending(alert.id(), user, at, waived);
        outbox.publish(Topics.URGENT_ACTIONS, alert.id().toString(), new UrgentActionTriggered(alert.id().toString(),
                alert.listIds().stream().map(UUID::toString).toList(), alert.channel(), at.plus(alert.replyWindow()),
                alert.thanksText(), user, at));
        log.info("{} triggered urgent action {}{}", user, alert.id(), waived ? " (no second approval needed)" : "");
    }

    /** Fires the APPROVED actions whose time has come; safe with several instances (SKIP LOCKED). */
    int fireDue() {
        int fired = 0;
        while (true) {
            Boolean any = transactions.execute(status -> {
                List<UUID> due = store.lockDue(1);
                if (due.isEmpty()) {
                    return false;
                }
                startSending(store.get(due.getFirst()), SCHEDULER, false);
                return true;
            });
            if (!Boolean.TRUE.equals(any)) {
                break;
            }
            fired++;
        }
        if (fired > 0) {
            fanout.wakeUp();
        }
        return fired;
    }

    /**
     * Cancels. The action id goes into the Redis set the gateway checks before every send FIRST, so
     * once this returns nothing more of the action is sent, whatever is still queued in Kafka; then
     * the state changes, still-queued deliveries become CANCELLED and UrgentActionCancelled is
     * published, together. The fan-out sees the state at its next page and stops.
     */
    AlertView cancel(UUID id, String user) {
        Alert before = store.get(id);
        if (before.state() == AlertState.CANCELLED) {
            return view(before, deliveries.counts(id));
        }
        if (before.state() == AlertState.COMPLETED) {
            throw ApiException.conflict("Already completed: there is nothing left to cancel.");
        }
        redis.sadd(redisProperties.key(SharedRedisKeys.CANCELLED_ACTIONS), id.toString());
        AlertView view = transactions.execute(status -> {
            Alert alert = store.lock(id);
            if (alert.state() == AlertState.COMPLETED) {
                throw ApiException.conflict("Already completed: there is nothing left to cancel.");
            }
            if (alert.state() != AlertState.CANCELLED) {
                Instant at = now();
                store.cancel(id, user, at);
                int cancelled = deliveries.cancelQueued(id);
                if (alert.triggeredAt() != null) {
                    outbox.publish(Topics.URGENT_ACTIONS, id.toString(), new UrgentActionCancelled(id.toString(), user, at));
                }
                log.info("{} cancelled urgent action {} ({} queued deliveries cancelled)", user, id, cancelled);
            }
            return view(store.get(id), deliveries.counts(id));
        });
        return view;
    }

    /** Sends the action's message once to a coordinator's phone (fast lane; not a delivery of the action). */
    TestSendView testSend(UUID id, TestSendRequest request, String user) {
        String phone = requests.phone(request == null ? null : request.phone(), "phone");
        String firstName = request.firstName() == null ? null : request.firstName().strip();
        if (firstName != null && firstName.length() > 100) {
            throw ApiException.badInput("firstName", "at most 100 characters");
        }
        Alert alert = store.get(id);
        if (alert.state() == AlertState.CANCELLED) {
            throw ApiException.conflict("Cancelled.");
        }
        String body = MessageTemplate.parse(alert.body()).render(firstName, personalisation);
        Instant at = now();
        var message = new OutboundMessageRequested(UUID.randomUUID().toString(), Lane.TRANSACTIONAL, alert.channel(),
                phone, body, null, null, Purpose.ALERT, at, at.plus(fanoutProperties.validity()));
        transactions.executeWithoutResult(status -> outbox.publish(Topics.outbound(Lane.TRANSACTIONAL), phone, message));
        log.info("{} sent a test of urgent action {} to {}", user, id, PhoneMasking.mask(phone));
        SmsSegments.Count count = SmsSegments.count(body);
        return new TestSendView(message.messageId(), PhoneMasking.mask(phone), body, count.encoding(), count.segments());
    }

    /** SENDING → COMPLETED where the fan-out finished and every delivery is terminal. */
    int completeFinished() {
        return store.completeFinished();
    }

    int forgetOldIdempotencyKeys() {
        return store.forgetKeysOlderThan(properties.idempotencyKeyTtl());
    }

    static AlertView view(Alert a, StatusCounts counts) {
        var progress = new ProgressView(counts.targeted(), a.fanoutHandedOver(), counts.of(DeliveryStatus.QUEUED),
                counts.sent(), counts.of(DeliveryStatus.DELIVERED), counts.of(DeliveryStatus.UNDELIVERED),
                counts.of(DeliveryStatus.FAILED), counts.of(DeliveryStatus.SUPPRESSED),
                counts.of(DeliveryStatus.CANCELLED), counts.of(DeliveryStatus.EXPIRED), a.fanoutPages(),
                a.fanoutFinishedAt() != null);
        return new AlertView(a.id(), a.title(), a.body(), a.listIds(), a.channel(), a.replyWindow().toString(),
                a.scheduledAt(), a.thanksText(), a.state(), a.createdBy(), a.createdAt(), a.approvedBy(), a.approvedAt(),
                a.approvalWaived(), a.triggeredBy(), a.triggeredAt(), a.replyUntil(), a.cancelledBy(), a.cancelledAt(),
                a.completedAt(), progress);
    }

    // PostgreSQL keeps microseconds: the same instant in the row and in the event.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
