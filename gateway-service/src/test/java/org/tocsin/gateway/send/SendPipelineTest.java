package org.tocsin.gateway.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.MessageStatusChanged;
import org.tocsin.contracts.OptOutReportedByProvider;
import org.tocsin.contracts.OutboundMessageDeadLettered;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.OutboundMessageRetryScheduled;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.contracts.Topics;
import org.tocsin.gateway.provider.OutboundSms;
import org.tocsin.gateway.provider.ProviderAdapter;
import org.tocsin.gateway.provider.SendOutcome;
import org.tocsin.gateway.support.FaultyTwilioProxy;
import org.tocsin.gateway.support.FreePort;
import org.tocsin.gateway.support.RecordedEvents;
import org.tocsin.platform.redis.RedisProperties;
import org.tocsin.testkit.spring.RealInfrastructure;
import org.tocsin.twiliosim.Behaviour;
import org.tocsin.twiliosim.SimulatedMessage;
import org.tocsin.twiliosim.SimulatorConfig;
import org.tocsin.twiliosim.TwilioSimulator;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * The send pipeline end to end inside the gateway: requests produced to the real outbound topics,
 * sends through the real Twilio SDK to the simulator (behind a proxy that can answer 503), status
 * callbacks back through the real webhook, outcomes read from the real topics and Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@RealInfrastructure
class SendPipelineTest {

    private static final int PORT = FreePort.find();
    private static final String BASE_URL = "http://127.0.0.1:" + PORT;
    private static final String FAST_1 = "+15005550006";
    private static final String FAST_2 = "+15005550007";
    /** A sender limited to 4 messages a second (the others take 1000). */
    private static final String SLOW = "+15005550008";
    private static final SenderPool POOL = new SenderPool(List.of(FAST_1, FAST_2, SLOW));
    private static final AtomicLong NUMBERS = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000));

    private static final TwilioSimulator simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0)
            .withInboundWebhookUrl(BASE_URL + "/webhooks/twilio/inbound"));
    private static final FaultyTwilioProxy twilio = new FaultyTwilioProxy(simulator.baseUrl());
    private static RecordedEvents events;

    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    JedisPooled redis;
    @Autowired
    RedisProperties keys;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ProviderAdapter adapter;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("tocsin.twilio.public-base-url", () -> BASE_URL);
        registry.add("tocsin.twilio.api-base-url", twilio::baseUrl);
        registry.add("tocsin.twilio.account-sid", () -> SimulatorConfig.DEFAULT_ACCOUNT_SID);
        registry.add("tocsin.twilio.auth-token", () -> SimulatorConfig.DEFAULT_AUTH_TOKEN);
        registry.add("tocsin.twilio.senders", () -> String.join(",", FAST_1, FAST_2, SLOW));
        registry.add("tocsin.gateway.consumer-group", () -> "gateway-${tocsin.test-infra.context-id}");
        registry.add("tocsin.gateway.sender-rate-per-second", () -> 1000);
        registry.add("tocsin.gateway.sender-burst", () -> 1);
        registry.add("tocsin.gateway.sender-rates[" + SLOW + "]", () -> 4);
        registry.add("tocsin.gateway.max-concurrent-sends", () -> 4);
        registry.add("tocsin.gateway.max-attempts", () -> 3);
        registry.add("tocsin.gateway.retry-base-delay", () -> "100ms");
        registry.add("tocsin.gateway.retry-max-delay", () -> "400ms");
    }

    @BeforeEach
    void setUp() {
        simulator.behaviour(Behaviour.defaults());
        if (events == null) {
            events = new RecordedEvents(bootstrapServers, List.of(Topics.MESSAGE_STATUS, Topics.OUTBOUND_RETRY,
                    Topics.OUTBOUND_DEAD_LETTER, Topics.PROVIDER_OPT_OUTS));
        }
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
        twilio.close();
        simulator.close();
    }

    // ---- lanes -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Lane.class)
    void aMessageInEachLaneIsSentOnceFromTheRecipientsSenderAndItsDeliveryComesBack(Lane lane) {
        String phone = newPhone();
        var request = request(lane, phone, "Lane " + lane + " " + phone, "action-" + phone, "supporter-" + phone,
                lane == Lane.TRANSACTIONAL ? Purpose.HELP : Purpose.ALERT);

        produce(request);

        MessageStatusChanged sent = awaitStatus(request, DeliveryStatus.SENT);
        assertThat(sent.providerMessageId()).startsWith("SM");
        assertThat(simulator.sentMessages(phone)).singleElement().satisfies(m -> {
            assertThat(m.sid()).isEqualTo(sent.providerMessageId());
            assertThat(m.from()).isEqualTo(POOL.senderFor(phone));
            assertThat(m.body()).isEqualTo(request.body());
        });
        // the simulator's signed callback to the StatusCallback we gave comes back through the webhook
        MessageStatusChanged delivered = awaitStatus(request, DeliveryStatus.DELIVERED);
        assertThat(delivered.providerMessageId()).isEqualTo(sent.providerMessageId());
        assertThat(delivered.actionId()).isEqualTo(request.actionId());
        assertThat(delivered.supporterId()).isEqualTo(request.supporterId());
        assertThat(events.recorded(MessageStatusChanged.class, e -> e.messageId().equals(request.messageId())))
                .allSatisfy(r -> assertThat(r.key()).isEqualTo(phone))
                .extracting(r -> ((MessageStatusChanged) r.event()).status())
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
    }

    @Test
    void aTransactionalMessageDoesNotQueueBehindAnUrgentBacklog() {
        simulator.behaviour(Behaviour.defaults().withApiLatencyMillis(25).withCallbacks(false));
        String tag = "backlog-" + UUID.randomUUID();
        List<OutboundMessageRequested> backlog = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String phone = newPhone();
            backlog.add(request(Lane.URGENT, phone, "Urgent " + tag, "action-" + tag, "s" + i, Purpose.ALERT));
        }
        backlog.forEach(r -> kafka.send(Topics.outbound(r.lane()), r.to(), r));
        kafka.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> sentWithTag(tag).size() >= 20);

        var confirmation = request(Lane.TRANSACTIONAL, newPhone(), "Confirm " + tag, null, null,
                Purpose.OPT_IN_CONFIRMATION);
        produce(confirmation);

        awaitStatus(confirmation, DeliveryStatus.SENT);
        List<SimulatedMessage> sentSoFar = sentWithTag(tag);
        int position = indexOf(sentSoFar, confirmation.to());
        assertThat(position).as("position of the confirmation among %d sent", sentSoFar.size())
                .isGreaterThanOrEqualTo(20).isLessThan(1_000);
        // the backlog itself drains completely, each message once
        await().atMost(Duration.ofMinutes(3)).until(() -> sentWithTag(tag).size() == 2_001);
        assertThat(sentWithTag(tag).stream().map(SimulatedMessage::to).distinct().count()).isEqualTo(2_001);
    }

    // ---- who gets nothing --------------------------------------------------------------------------

    @Test
    void aSuppressedRecipientGetsNothingButItsOptOutConfirmation() {
        String phone = newPhone();
        redis.sadd(keys.key(SharedRedisKeys.SUPPRESSED_PHONES), phone);
        var alert = request(Lane.URGENT, phone, "Alert " + phone, "action-s", "supporter-s", Purpose.ALERT);
        var confirmation = request(Lane.TRANSACTIONAL, phone, "You will get no more messages", null, null,
                Purpose.OPT_OUT_CONFIRMATION);

        produce(alert);
        awaitStatus(alert, DeliveryStatus.SUPPRESSED);
        produce(confirmation);
        awaitStatus(confirmation, DeliveryStatus.SENT);

        assertThat(simulator.sentMessages(phone)).singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo(confirmation.body()));
    }

    @Test
    void nothingOfACancelledActionIsSent() {
        String phone = newPhone();
        String action = "cancelled-" + phone;
        redis.sadd(keys.key(SharedRedisKeys.CANCELLED_ACTIONS), action);
        var alert = request(Lane.URGENT, phone, "Alert", action, "supporter-c", Purpose.ALERT);

        produce(alert);

        MessageStatusChanged cancelled = awaitStatus(alert, DeliveryStatus.CANCELLED);
        assertThat(cancelled.actionId()).isEqualTo(action);
        assertThat(simulator.sentMessages(phone)).isEmpty();
    }

    @Test
    void aMessagePastItsNotAfterExpires() {
        String phone = newPhone();
        var late = new OutboundMessageRequested(UUID.randomUUID().toString(), Lane.URGENT, Channel.SMS, phone, "Too late",
                "action-late", "supporter-late", Purpose.ALERT, Instant.now().minusSeconds(120),
                Instant.now().minusSeconds(60));

        produce(late);

        awaitStatus(late, DeliveryStatus.EXPIRED);
        assertThat(simulator.sentMessages(phone)).isEmpty();
    }

    @Test
    void aStopConfirmationWaitsForAMessageInFlightToThatPhone() {
        String phone = newPhone();
        redis.sadd(keys.key(SharedRedisKeys.SUPPRESSED_PHONES), phone);
        String inflight = keys.key("inflight", phone);
        redis.sadd(inflight, "an-alert-being-sent");
        redis.pexpire(inflight, 30_000);
        var confirmation = request(Lane.TRANSACTIONAL, phone, "You will get no more messages", null, null,
                Purpose.OPT_OUT_CONFIRMATION);

        double waitedBefore = count("tocsin.gateway.sends", "lane", "transactional", "outcome", "waited_for_inflight");

        produce(confirmation);

        // the gateway has taken the confirmation up and found the alert in flight: it waits, sends nothing
        await().until(() -> count("tocsin.gateway.sends", "lane", "transactional", "outcome", "waited_for_inflight")
                > waitedBefore);
        assertThat(simulator.sentMessages(phone)).isEmpty();
        redis.srem(inflight, "an-alert-being-sent"); // the alert's provider call returned
        awaitStatus(confirmation, DeliveryStatus.SENT);
        assertThat(simulator.sentMessages(phone)).hasSize(1);
    }

    @Test
    void aStopConfirmationWaitsOnlySoLongForAMarkerLeftByACrashedSender() {
        String phone = newPhone();
        String inflight = keys.key("inflight", phone);
        redis.sadd(inflight, "a-sender-that-died");
        redis.pexpire(inflight, 60_000);
        var confirmation = request(Lane.TRANSACTIONAL, phone, "You will get no more messages", null, null,
                Purpose.OPT_OUT_CONFIRMATION);

        produce(confirmation);

        awaitStatus(confirmation, DeliveryStatus.SENT);
        assertThat(redis.sismember(inflight, "a-sender-that-died")).isTrue();
    }

    // ---- at most once ------------------------------------------------------------------------------

    @Test
    void aRedeliveredMessageIdIsSentOnce() {
        String phone = newPhone();
        var request = request(Lane.URGENT, phone, "Once " + phone, "action-r", "supporter-r", Purpose.ALERT);
        double duplicatesBefore = count("tocsin.gateway.sends", "lane", "urgent", "outcome", "duplicate");

        produce(request);
        produce(request);

        awaitStatus(request, DeliveryStatus.SENT);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> count("tocsin.gateway.sends", "lane", "urgent", "outcome", "duplicate") > duplicatesBefore);
        assertThat(simulator.sentMessages(phone)).hasSize(1);
        assertThat(events.all(MessageStatusChanged.class,
                e -> e.messageId().equals(request.messageId()) && e.status() == DeliveryStatus.SENT)).hasSize(1);
    }

    @Test
    void afterACrashAMessageTheProviderAlreadyHasIsNotSentAgain() {
        String phone = newPhone();
        var request = request(Lane.URGENT, phone, "Crash " + phone, "action-k", "supporter-k", Purpose.ALERT);
        Instant claimedAt = Instant.now();
        // the holder that died had got this far: Twilio accepted the message, nothing was recorded
        var earlier = (SendOutcome.Sent) adapter.send(new OutboundSms(phone, POOL.senderFor(phone), request.body(), null, null));
        leaveLapsedClaim(request, claimedAt);
        double reconciledBefore = count("tocsin.gateway.sends", "lane", "urgent", "outcome", "reconciled");

        produce(request);

        MessageStatusChanged sent = awaitStatus(request, DeliveryStatus.SENT);
        assertThat(sent.providerMessageId()).isEqualTo(earlier.providerMessageId());
        assertThat(simulator.sentMessages(phone)).hasSize(1);
        assertThat(count("tocsin.gateway.sends", "lane", "urgent", "outcome", "reconciled")).isEqualTo(reconciledBefore + 1);
    }

    @Test
    void afterACrashAMessageTheProviderDoesNotHaveIsSent() {
        String phone = newPhone();
        var request = request(Lane.URGENT, phone, "Crash " + phone, "action-k", "supporter-k", Purpose.ALERT);
        // an older, identical message does not count: it was created before the claim
        adapter.send(new OutboundSms(phone, POOL.senderFor(phone), request.body(), null, null));
        Instant claimedAt = Instant.now().plusSeconds(10);
        leaveLapsedClaim(request, claimedAt);

        produce(request);

        MessageStatusChanged sent = awaitStatus(request, DeliveryStatus.SENT);
        assertThat(simulator.sentMessages(phone)).hasSize(2)
                .anySatisfy(m -> assertThat(m.sid()).isEqualTo(sent.providerMessageId()));
    }

    // ---- provider outcomes ---------------------------------------------------------------------------

    @Test
    void aProviderOptOutIsReportedAndSuppressesTheNumber() {
        String phone = newPhone();
        // the supporter texted STOP to Twilio, which now refuses sends to them (21610), but its webhook never
        // reached us (the gateway was down, say): nothing here knows of it
        assertThat(simulator.sendInbound(phone, POOL.senderFor(phone), "STOP").delivered()).isTrue();
        redis.srem(keys.key(SharedRedisKeys.SUPPRESSED_PHONES), phone);
        var alert = request(Lane.URGENT, phone, "Alert", "action-o", "supporter-o", Purpose.ALERT);

        produce(alert);

        OptOutReportedByProvider optOut = events.awaitOne(OptOutReportedByProvider.class, e -> e.phone().equals(phone));
        assertThat(optOut.provider()).isEqualTo("twilio");
        assertThat(optOut.code()).isEqualTo("21610");
        assertThat(awaitStatus(alert, DeliveryStatus.SUPPRESSED).errorCode()).isEqualTo("21610");
        assertThat(redis.sismember(keys.key(SharedRedisKeys.SUPPRESSED_PHONES), phone)).isTrue();
        assertThat(simulator.sentMessages(phone)).isEmpty();
    }

    @Test
    void aStopConfirmationTheProviderRefusesWasConfirmedByTheProviderNotANewOptOut() {
        String phone = newPhone();
        String wroteTo = POOL.senderFor(phone);
        // Twilio handles STOP itself: it confirms and blocks that number, so our own confirmation gets 21610
        assertThat(simulator.sendInbound(phone, wroteTo, "STOP").delivered()).isTrue();
        var confirmation = new OutboundMessageRequested(UUID.randomUUID().toString(), Lane.TRANSACTIONAL, Channel.SMS,
                phone, "You are unsubscribed", null, "supporter-c", Purpose.OPT_OUT_CONFIRMATION, Instant.now(), null,
                wroteTo);
        var marker = request(Lane.TRANSACTIONAL, phone, "later", null, "supporter-c", Purpose.OPT_OUT_CONFIRMATION);

        produce(confirmation);
        produce(marker);

        assertThat(awaitStatus(confirmation, DeliveryStatus.SUPPRESSED).errorCode()).isEqualTo("21610");
        awaitStatus(marker, DeliveryStatus.SUPPRESSED);
        assertThat(events.all(OptOutReportedByProvider.class, e -> e.phone().equals(phone))).isEmpty();
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffThenSent() {
        String phone = newPhone();
        twilio.failNext(phone, 2);
        var request = request(Lane.URGENT, phone, "Retry " + phone, "action-t", "supporter-t", Purpose.ALERT);

        produce(request);

        awaitStatus(request, DeliveryStatus.SENT);
        List<OutboundMessageRetryScheduled> retries = events.all(OutboundMessageRetryScheduled.class,
                r -> r.request().messageId().equals(request.messageId()));
        assertThat(retries).extracting(OutboundMessageRetryScheduled::attempt).containsExactly(2, 3);
        assertThat(retries).allSatisfy(r -> {
            assertThat(r.lastErrorCode()).isEqualTo("20503");
            assertThat(r.request()).isEqualTo(request);
        });
        assertThat(events.all(OutboundMessageDeadLettered.class, d -> d.request().messageId().equals(request.messageId())))
                .isEmpty();
        assertThat(simulator.sentMessages(phone)).hasSize(1);
    }

    @Test
    void aPermanentFailureIsDeadLetteredAtOnce() {
        String invalid = "+0" + NUMBERS.incrementAndGet();
        var request = request(Lane.URGENT, invalid, "Alert", "action-p", "supporter-p", Purpose.ALERT);

        produce(request);

        OutboundMessageDeadLettered dead = events.awaitOne(OutboundMessageDeadLettered.class,
                d -> d.request().messageId().equals(request.messageId()));
        assertThat(dead.errorCode()).isEqualTo("21211");
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.reason()).isNotBlank();
        assertThat(awaitStatus(request, DeliveryStatus.FAILED).errorCode()).isEqualTo("21211");
        assertThat(events.all(OutboundMessageRetryScheduled.class, r -> r.request().messageId().equals(request.messageId())))
                .isEmpty();
    }

    @Test
    void exhaustedAttemptsAreDeadLettered() {
        String phone = newPhone();
        twilio.failAlways(phone);
        var request = request(Lane.URGENT, phone, "Alert", "action-x", "supporter-x", Purpose.ALERT);

        produce(request);

        OutboundMessageDeadLettered dead = events.awaitOne(OutboundMessageDeadLettered.class,
                d -> d.request().messageId().equals(request.messageId()));
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.errorCode()).isEqualTo("20503");
        assertThat(dead.reason()).contains("3 attempts");
        assertThat(awaitStatus(request, DeliveryStatus.FAILED).errorCode()).isEqualTo("20503");
        assertThat(events.all(OutboundMessageRetryScheduled.class, r -> r.request().messageId().equals(request.messageId())))
                .extracting(OutboundMessageRetryScheduled::attempt).containsExactly(2, 3);
        assertThat(simulator.sentMessages(phone)).isEmpty();
    }

    // ---- rate ------------------------------------------------------------------------------------------

    @Test
    void aSenderNeverGoesFasterThanTheProviderAllows() {
        // the simulator refuses a 6th message from one sender within any second; the gateway sends 4 a second
        simulator.behaviour(Behaviour.defaults().withPerSenderMps(5).withCallbacks(false));
        String tag = "rate-" + UUID.randomUUID();
        double refusedBefore = count("tocsin.gateway.provider.throttled", "sender", SLOW);
        List<OutboundMessageRequested> requests = new ArrayList<>();
        while (requests.size() < 12) {
            String phone = newPhone(SLOW);
            requests.add(request(Lane.URGENT, phone, "Rate " + tag, "action-" + tag, null, Purpose.ALERT));
        }

        requests.forEach(this::produce);

        requests.forEach(r -> awaitStatus(r, DeliveryStatus.SENT));
        assertThat(count("tocsin.gateway.provider.throttled", "sender", SLOW)).isEqualTo(refusedBefore);
        List<Instant> times = sentWithTag(tag).stream().map(SimulatedMessage::createdAt).sorted().toList();
        assertThat(times).hasSize(12);
        for (Instant start : times) {
            long inOneSecond = times.stream().filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(1))).count();
            assertThat(inOneSecond).isLessThanOrEqualTo(5);
        }
    }

    @Test
    void messagesWaitingForASendersRateTakeTurnsRatherThanAllAskingAgainForEachPlace() {
        simulator.behaviour(Behaviour.defaults().withCallbacks(false));
        String tag = "turns-" + UUID.randomUUID();
        double throttledBefore = count("tocsin.gateway.sends", "lane", "urgent", "outcome", "throttled");
        List<OutboundMessageRequested> requests = new ArrayList<>();
        while (requests.size() < 16) {
            requests.add(request(Lane.URGENT, newPhone(SLOW), "Turns " + tag, "action-" + tag, null, Purpose.ALERT));
        }

        requests.forEach(r -> kafka.send(Topics.outbound(r.lane()), r.to(), r));
        kafka.flush();

        requests.forEach(r -> awaitStatus(r, DeliveryStatus.SENT));
        // 16 messages at 4 a second: each is told to wait when it first asks and about once more when its
        // turn comes; if all asked again whenever a place came free, that would be over 100 answers
        double throttled = count("tocsin.gateway.sends", "lane", "urgent", "outcome", "throttled") - throttledBefore;
        assertThat(throttled).isBetween(15.0, 3.0 * requests.size());
        assertThat(sentWithTag(tag)).hasSize(16);
    }

    @Test
    void eachLanesLagIsVisibleInKafkasConsumerMetrics() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(meters.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("kafka.consumer.fetch.manager.records.lag"))
                .map(m -> m.getId().getTag("client.id"))
                .filter(java.util.Objects::nonNull)
                .map(id -> id.replaceAll("-\\d+$", ""))
                .distinct())
                .contains("gateway-transactional", "gateway-urgent", "gateway-bulk", "gateway-retry"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private void produce(OutboundMessageRequested request) {
        try {
            kafka.send(Topics.outbound(request.lane()), request.to(), request).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private MessageStatusChanged awaitStatus(OutboundMessageRequested request, DeliveryStatus status) {
        return events.awaitOne(MessageStatusChanged.class,
                e -> e.messageId().equals(request.messageId()) && e.status() == status);
    }

    private void leaveLapsedClaim(OutboundMessageRequested request, Instant claimedAt) {
        redis.set(keys.key("sending", request.messageId()), SendGate.lapsedClaim(claimedAt),
                SetParams.setParams().px(Duration.ofHours(1).toMillis()));
    }

    private double count(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<SimulatedMessage> sentWithTag(String tag) {
        return simulator.sentMessages(null).stream().filter(m -> m.body().endsWith(tag)).toList();
    }

    private static int indexOf(List<SimulatedMessage> messages, String to) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).to().equals(to)) {
                return i;
            }
        }
        return -1;
    }

    private static OutboundMessageRequested request(Lane lane, String phone, String body, String actionId,
                                                    String supporterId, Purpose purpose) {
        return new OutboundMessageRequested(UUID.randomUUID().toString(), lane, Channel.SMS, phone, body, actionId,
                supporterId, purpose, Instant.now(), null);
    }

    /** A fresh number served by one of the fast senders (the slow one is for the rate test). */
    private static String newPhone() {
        String phone;
        do {
            phone = "+44772" + NUMBERS.incrementAndGet();
        } while (POOL.senderFor(phone).equals(SLOW));
        return phone;
    }

    private static String newPhone(String sender) {
        String phone;
        do {
            phone = "+44772" + NUMBERS.incrementAndGet();
        } while (!POOL.senderFor(phone).equals(sender));
        return phone;
    }
}
