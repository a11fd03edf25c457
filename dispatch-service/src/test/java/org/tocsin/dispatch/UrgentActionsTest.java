package org.tocsin.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tocsin.contracts.ConsentChanged;
import org.tocsin.contracts.ConsentState;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.ListChanged;
import org.tocsin.contracts.MessageStatusChanged;
import org.tocsin.contracts.OutboundMessageDeadLettered;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.ResponseKind;
import org.tocsin.contracts.ResponseRecorded;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.contracts.Topics;
import org.tocsin.contracts.UrgentActionCancelled;
import org.tocsin.contracts.UrgentActionTriggered;
import org.tocsin.contracts.sms.SmsSegments;
import org.tocsin.platform.logging.PhoneMasking;
import org.tocsin.platform.redis.RedisProperties;
import org.tocsin.testkit.spring.RealInfrastructure;
import redis.clients.jedis.JedisPooled;
import tools.jackson.databind.JsonNode;

/**
 * dispatch-service through its real inputs and outputs: events produced to Kafka as subscriber-service
 * and the gateway would, the HTTP API called as different users, and the database, Redis and the
 * OutboundMessageRequested records on Kafka checked. One Spring context for all of it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.consumer.group-id=dispatch-test-${tocsin.test-infra.context-id}",
        "tocsin.security.users[0].name=coordinator",
        "tocsin.security.users[0].password={noop}secret",
        "tocsin.security.users[0].roles=COORDINATOR",
        "tocsin.security.users[1].name=coordinator2",
        "tocsin.security.users[1].password={noop}secret",
        "tocsin.security.users[1].roles=COORDINATOR",
        "tocsin.security.users[2].name=analyst",
        "tocsin.security.users[2].password={noop}secret",
        "tocsin.security.users[2].roles=ANALYST",
        "tocsin.security.users[3].name=admin",
        "tocsin.security.users[3].password={noop}secret",
        "tocsin.security.users[3].roles=ADMIN",
        "tocsin.dispatch.second-approval-threshold=100",
        "tocsin.dispatch.fanout.page-size=20",
        "tocsin.dispatch.fanout.pages-in-flight=3",
        "tocsin.dispatch.fanout.poll-interval=200ms",
        "tocsin.dispatch.fanout.retry-delay=200ms",
        "tocsin.dispatch.scheduler-interval=300ms",
        "tocsin.dispatch.completion-check-interval=300ms",
        "tocsin.dispatch.delivery.sweep-interval=300ms"})
@RealInfrastructure
@Import(UrgentActionsTest.Probe.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UrgentActionsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AtomicLong PHONES = new AtomicLong(100_000 + (System.nanoTime() & 0xFFFF) * 10);
    private static final String BODY = "Hi {{first_name}}, Ana Tomas goes on trial tomorrow at 9am for reporting on a "
            + "protest. Reply YES to add your name to our appeal to the judge. Reply STOP to opt out.";

    @TestConfiguration
    static class Probe {
        @Bean
        RecordingFanoutProbe recordingFanoutProbe() {
            return new RecordingFanoutProbe();
        }
    }

    /** A supporter as subscriber-service knows them. */
    record Supporter(UUID id, String phone, String firstName) {
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RecordingFanoutProbe probe;
    @Autowired
    JedisPooled redis;
    @Autowired
    RedisProperties redisProperties;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    KafkaEvents kafka;

    @BeforeAll
    void connect() {
        kafka = new KafkaEvents(bootstrapServers);
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    // ---------------------------------------------------------------- the whole loop

    @Test
    void fullLifecycleFromConsentEventsToStats() {
        UUID listA = newList("lifecycle A");
        UUID listB = newList("lifecycle B");
        List<Supporter> s = supporters(375);
        Instant base = Instant.now().minus(Duration.ofHours(1));
        Instant stopTime = base.plus(Duration.ofMinutes(30));
        Instant lateTime = base.plus(Duration.ofMinutes(40));

        // Newer events first, so that older ones arriving afterwards must be ignored.
        List<Map.Entry<String, ConsentChanged>> newerFirst = new ArrayList<>();
        range(30, 40).forEach(i -> newerFirst.add(consent(s.get(i), ConsentChanged.ALL_LISTS, ConsentState.UNSUBSCRIBED, lateTime)));
        range(40, 45).forEach(i -> newerFirst.add(consent(s.get(i), listA.toString(), ConsentState.UNSUBSCRIBED, lateTime)));
        kafka.send(Topics.CONSENT, newerFirst);
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM consent_view WHERE supporter_id = ANY(?)",
                (Object) ids(s.subList(30, 45))) == 15);

        List<Map.Entry<String, ConsentChanged>> events = new ArrayList<>();
        range(0, 200).forEach(i -> events.add(consent(s.get(i), listA.toString(), ConsentState.SUBSCRIBED, base.plusMillis(i))));
        range(150, 365).forEach(i -> events.add(consent(s.get(i), listB.toString(), ConsentState.SUBSCRIBED, base.plusMillis(i))));
        range(365, 375).forEach(i -> events.add(consent(s.get(i), listA.toString(), ConsentState.PENDING, base.plusMillis(i))));
        range(0, 30).forEach(i -> events.add(withoutName(consent(s.get(i), ConsentChanged.ALL_LISTS, ConsentState.UNSUBSCRIBED, stopTime))));
        range(160, 170).forEach(i -> events.add(consent(s.get(i), listB.toString(), ConsentState.UNSUBSCRIBED, stopTime)));
        range(340, 360).forEach(i -> events.add(consent(s.get(i), listB.toString(), ConsentState.UNSUBSCRIBED, stopTime)));
        range(0, 50).forEach(i -> events.add(consent(s.get(i + 100), listA.toString(), ConsentState.SUBSCRIBED, base.plusMillis(i + 100))));
        kafka.send(Topics.CONSENT, events);

        Map<String, String> expected = new HashMap<>();
        range(0, 200).forEach(i -> expected.put(s.get(i).id() + "/" + listA, i < 45 ? "UNSUBSCRIBED" : "SUBSCRIBED"));
        range(365, 375).forEach(i -> expected.put(s.get(i).id() + "/" + listA, "PENDING"));
        range(150, 365).forEach(i -> expected.put(s.get(i).id() + "/" + listB,
                (i >= 160 && i < 170) || (i >= 340 && i < 360) ? "UNSUBSCRIBED" : "SUBSCRIBED"));
        range(0, 40).forEach(i -> expected.put(s.get(i).id() + "/*", "UNSUBSCRIBED"));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(consentRows(s)).isEqualTo(expected));

        // Leaving every list keeps who the supporter is: phone, name and language stay.
        Map<String, Object> stopped = jdbc.queryForMap("SELECT phone, first_name, language, state FROM consent_view "
                + "WHERE supporter_id = ? AND list_id = ?", s.get(0).id(), listA.toString());
        assertThat(stopped).containsEntry("phone", s.get(0).phone()).containsEntry("first_name", s.get(0).firstName())
                .containsEntry("language", "en").containsEntry("state", "UNSUBSCRIBED");

        List<Supporter> audience = new ArrayList<>();
        range(45, 340).forEach(i -> audience.add(s.get(i)));
        range(360, 365).forEach(i -> audience.add(s.get(i)));
        assertThat(audience).hasSize(300);

        // create → DRAFT
        var created = coordinator().post("/api/v1/alerts", Map.of("title", "Free Ana", "body", BODY,
                "listIds", List.of(listA.toString(), listB.toString()), "channel", "SMS", "replyWindow", "PT48H",
                "thanksText", "Thank you, your name is on the appeal."));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode draft = created.json();
        UUID actionId = UUID.fromString(draft.path("id").asString());
        assertThat(created.header("Location")).isEqualTo("/api/v1/alerts/" + actionId);
        // time-ordered, so its delivery rows go in at the end of delivery's indexes (ActionIds)
        assertThat(actionId.version()).isEqualTo(7);
        assertThat(draft.path("state").asString()).isEqualTo("DRAFT");
        assertThat(draft.path("createdBy").asString()).isEqualTo("coordinator");
        assertThat(draft.path("replyWindow").asString()).isEqualTo("PT48H");

        // preview: exact recipients, per-recipient segments and the priced total
        var preview = coordinator().get("/api/v1/alerts/" + actionId + "/preview");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode p = preview.json();
        assertThat(p.path("recipients").asLong()).isEqualTo(300);
        long totalSegments = 0;
        BigDecimal cost = BigDecimal.ZERO;
        SmsSegments.Count worst = null;
        Map<SmsSegments.Encoding, Long> byEncoding = new HashMap<>();
        for (Supporter r : audience) {
            SmsSegments.Count c = SmsSegments.count(render(BODY, r.firstName()));
            totalSegments += c.segments();
            cost = cost.add(pricePerSegment(r.phone()).multiply(BigDecimal.valueOf(c.segments())));
            byEncoding.merge(c.encoding(), 1L, Long::sum);
            if (worst == null || c.segments() > worst.segments()
                    || (c.segments() == worst.segments() && c.units() > worst.units())) {
                worst = c;
            }
        }
        assertThat(p.path("totalSegments").asLong()).isEqualTo(totalSegments);
        assertThat(p.path("estimatedCost").path("amount").decimalValue()).isEqualByComparingTo(cost);
        assertThat(p.path("estimatedCost").path("currency").asString()).isEqualTo("USD");
        assertThat(p.path("perMessage").path("basis").asString()).isEqualTo("LONGEST_IN_AUDIENCE");
        assertThat(p.path("perMessage").path("encoding").asString()).isEqualTo(worst.encoding().name()).isEqualTo("UCS_2");
        assertThat(p.path("perMessage").path("segments").asInt()).isEqualTo(worst.segments());
        assertThat(p.path("messagesByEncoding").path("UCS_2").asLong()).isEqualTo(byEncoding.get(SmsSegments.Encoding.UCS_2));
        assertThat(p.path("messagesByEncoding").path("GSM_7").asLong()).isEqualTo(byEncoding.get(SmsSegments.Encoding.GSM_7));

        // the creator never approves their own; above the threshold (100) a trigger needs that approval
        var selfApproval = coordinator().post("/api/v1/alerts/" + actionId + "/approve", null);
        assertProblem(selfApproval, 403);
        assertProblem(coordinator().post("/api/v1/alerts/" + actionId + "/trigger", null), 409);
        assertProblem(analyst().post("/api/v1/alerts/" + actionId + "/approve", null), 403);
        var approved = as("coordinator2").post("/api/v1/alerts/" + actionId + "/approve", null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().path("state").asString()).isEqualTo("APPROVED");
        assertThat(approved.json().path("approvedBy").asString()).isEqualTo("coordinator2");

        // trigger twice with one Idempotency-Key: one trigger, the same answer
        String key = UUID.randomUUID().toString();
        var first = coordinator().post("/api/v1/alerts/" + actionId + "/trigger", null, "Idempotency-Key", key);
        var second = coordinator().post("/api/v1/alerts/" + actionId + "/trigger", null, "Idempotency-Key", key);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().path("state").asString()).isEqualTo("SENDING");
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertProblem(coordinator().post("/api/v1/alerts/" + actionId + "/trigger", null), 409);
        Instant triggeredAt = Instant.parse(first.json().path("triggeredAt").asString());

        awaitFanoutFinished(actionId);
        JsonNode progress = analyst().get("/api/v1/alerts/" + actionId).json().path("progress");
        assertThat(progress.path("targeted").asLong()).isEqualTo(300);
        assertThat(progress.path("handedToGateway").asLong()).isEqualTo(300);
        assertThat(progress.path("queued").asLong()).isEqualTo(300);
        assertThat(progress.path("pages").asInt()).isEqualTo(15);

        // exactly one OutboundMessageRequested per consenting supporter, personalised, deterministic id
        List<OutboundMessageRequested> sent = outbound(actionId);
        assertThat(sent).hasSize(300);
        Map<String, Supporter> bySupporter = new HashMap<>();
        audience.forEach(r -> bySupporter.put(r.id().toString(), r));
        assertThat(sent.stream().map(OutboundMessageRequested::supporterId).toList())
                .containsExactlyInAnyOrderElementsOf(bySupporter.keySet());
        for (OutboundMessageRequested m : sent) {
            Supporter r = bySupporter.get(m.supporterId());
            assertThat(m.messageId()).isEqualTo(messageId(actionId, r.id()));
            assertThat(m.to()).isEqualTo(r.phone());
            assertThat(m.body()).isEqualTo(render(BODY, r.firstName()));
            assertThat(m.lane()).isEqualTo(Lane.URGENT);
            assertThat(m.purpose()).isEqualTo(Purpose.ALERT);
            assertThat(m.actionId()).isEqualTo(actionId.toString());
            assertThat(Duration.between(m.requestedAt(), m.notAfter())).isEqualTo(Duration.ofHours(4));
        }
        assertThat(kafka.readAll(Topics.OUTBOUND_URGENT).stream()
                .filter(r -> r.value() instanceof OutboundMessageRequested m && actionId.toString().equals(m.actionId()))
                .allMatch(r -> r.key().equals(((OutboundMessageRequested) r.value()).to()))).isTrue();
        assertThat(jdbc.queryForList("SELECT message_id FROM delivery WHERE action_id = ?", String.class, actionId))
                .hasSize(300).doesNotHaveDuplicates();
        await().atMost(PATIENCE).until(() -> urgentActionEvents(actionId, UrgentActionTriggered.class).size() == 1);
        UrgentActionTriggered triggered = urgentActionEvents(actionId, UrgentActionTriggered.class).getFirst();
        assertThat(triggered.listIds()).containsExactlyInAnyOrder(listA.toString(), listB.toString());
        assertThat(triggered.replyUntil()).isEqualTo(triggeredAt.plus(Duration.ofHours(48)));
        assertThat(triggered.thanksText()).isEqualTo("Thank you, your name is on the appeal.");
        assertThat(triggered.triggeredBy()).isEqualTo("coordinator");

        // the gateway reports: 250 delivered, 10 undelivered, 10 dead-lettered, 10 suppressed, 20 still SENT
        List<Supporter> targeted = audience.stream().sorted(Comparator.comparing(Supporter::id)).toList();
        List<Supporter> delivered = targeted.subList(0, 250);
        List<Supporter> undelivered = targeted.subList(250, 260);
        List<Supporter> deadLettered = targeted.subList(260, 270);
        List<Supporter> suppressed = targeted.subList(270, 280);
        List<Supporter> stillSent = targeted.subList(280, 300);
        Instant sentBase = triggeredAt.plusSeconds(1);
        Map<UUID, Instant> sentAt = new HashMap<>();
        List<Map.Entry<String, MessageStatusChanged>> statuses = new ArrayList<>();
        for (int i = 0; i < targeted.size(); i++) {
            Supporter r = targeted.get(i);
            sentAt.put(r.id(), sentBase.plusSeconds(i));
            if (i < 260 || i >= 280) {
                statuses.add(status(actionId, r, DeliveryStatus.SENT, null, sentBase.plusSeconds(i)));
            }
        }
        delivered.forEach(r -> statuses.add(status(actionId, r, DeliveryStatus.DELIVERED, null, sentAt.get(r.id()).plusSeconds(5))));
        delivered.subList(0, 5).forEach(r -> statuses.add(status(actionId, r, DeliveryStatus.DELIVERED, null, sentAt.get(r.id()).plusSeconds(5))));
        undelivered.forEach(r -> statuses.add(status(actionId, r, DeliveryStatus.UNDELIVERED, "30005", sentAt.get(r.id()).plusSeconds(5))));
        suppressed.forEach(r -> statuses.add(status(actionId, r, DeliveryStatus.SUPPRESSED, null, sentBase)));
        kafka.send(Topics.MESSAGE_STATUS, statuses);
        // a late SENT after DELIVERED changes nothing
        kafka.send(Topics.MESSAGE_STATUS, delivered.subList(0, 5).stream()
                .map(r -> status(actionId, r, DeliveryStatus.SENT, null, sentAt.get(r.id()).plusSeconds(100))).toList());
        kafka.send(Topics.OUTBOUND_DEAD_LETTER, deadLettered.stream().map(r -> Map.entry(r.phone(),
                new OutboundMessageDeadLettered(request(actionId, r), "provider kept failing", "30008", 5, Instant.now())))
                .toList());

        // 50 YES and one name, at known delays after their sent time; repeats and strangers change nothing
        List<Map.Entry<String, ResponseRecorded>> responses = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            Supporter r = delivered.get(k);
            responses.add(response(actionId, r, ResponseKind.YES, "yes", sentAt.get(r.id()).plusSeconds(10L * (k + 1))));
        }
        Supporter named = stillSent.getFirst();
        responses.add(response(actionId, named, ResponseKind.OTHER, "Maria Lopez", sentAt.get(named.id()).plusSeconds(1000)));
        responses.add(response(actionId, delivered.getFirst(), ResponseKind.NO, "no", sentAt.get(delivered.getFirst().id()).plusSeconds(5000)));
        responses.add(response(actionId, s.getFirst(), ResponseKind.YES, "yes", Instant.now()));
        responses.add(response(UUID.randomUUID(), delivered.get(60), ResponseKind.YES, "yes", Instant.now()));
        kafka.send(Topics.RESPONSES, responses);

        // opted out since the trigger: 3 left a target list, 1 left every list; others do not count
        Instant afterTrigger = Instant.now();
        List<Map.Entry<String, ConsentChanged>> optOuts = new ArrayList<>();
        for (Supporter r : delivered.subList(100, 103)) {
            optOuts.add(consent(r, (inRange(s, r, 45, 200) ? listA : listB).toString(), ConsentState.UNSUBSCRIBED, afterTrigger));
        }
        optOuts.add(consent(delivered.get(103), ConsentChanged.ALL_LISTS, ConsentState.UNSUBSCRIBED, afterTrigger));
        optOuts.add(consent(delivered.get(104), UUID.randomUUID().toString(), ConsentState.UNSUBSCRIBED, afterTrigger));
        kafka.send(Topics.CONSENT, optOuts);

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode stats = analyst().get("/api/v1/alerts/" + actionId + "/stats").json();
            assertThat(stats.path("targeted").asLong()).isEqualTo(300);
            assertThat(stats.path("queued").asLong()).isZero();
            assertThat(stats.path("suppressed").asLong()).isEqualTo(10);
            assertThat(stats.path("sent").asLong()).isEqualTo(280);
            assertThat(stats.path("delivered").asLong()).isEqualTo(250);
            assertThat(stats.path("undelivered").asLong()).isEqualTo(10);
            assertThat(stats.path("failed").asLong()).isEqualTo(10);
            assertThat(stats.path("cancelled").asLong()).isZero();
            assertThat(stats.path("expired").asLong()).isZero();
            assertThat(stats.path("replied").asLong()).isEqualTo(51);
            assertThat(stats.path("responses").path("YES").asLong()).isEqualTo(50);
            assertThat(stats.path("responses").path("OTHER").asLong()).isEqualTo(1);
            assertThat(stats.path("responses").path("NO").asLong()).isZero();
            assertThat(stats.path("optedOutSince").asLong()).isEqualTo(4);
            // reply times 10, 20 … 500 s and 1000 s: median the 26th = 260, p90 the 46th = 460
            assertThat(stats.path("medianReplySeconds").asDouble()).isEqualTo(260.0);
            assertThat(stats.path("p90ReplySeconds").asDouble()).isEqualTo(460.0);
            assertThat(stats.path("byStatus").path("SENT").asLong()).isEqualTo(20);
        });
        assertThat(jdbc.queryForObject("SELECT failure_reason FROM delivery WHERE message_id = ?", String.class,
                messageId(actionId, deadLettered.getFirst().id()))).isEqualTo("provider kept failing");
        assertThat(jdbc.queryForObject("SELECT sent_at FROM delivery WHERE message_id = ?", java.sql.Timestamp.class,
                messageId(actionId, delivered.getFirst().id())).toInstant()).isEqualTo(sentAt.get(delivered.getFirst().id()));
        assertThat(analyst().get("/api/v1/alerts/" + actionId).json().path("state").asString()).isEqualTo("SENDING");

        // the last 20 delivered: every delivery is terminal and the fan-out is done → COMPLETED
        kafka.send(Topics.MESSAGE_STATUS, stillSent.stream()
                .map(r -> status(actionId, r, DeliveryStatus.DELIVERED, null, sentAt.get(r.id()).plusSeconds(5))).toList());
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(
                analyst().get("/api/v1/alerts/" + actionId).json().path("state").asString()));
        assertThat(analyst().get("/api/v1/alerts/" + actionId + "/stats").json().path("delivered").asLong()).isEqualTo(270);

        var list = analyst().get("/api/v1/alerts?state=COMPLETED");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("alerts").valueStream().map(a -> a.path("id").asString()))
                .contains(actionId.toString());
        assertThat(DispatchApi.anonymous(port).get("/actuator/prometheus").body())
                .contains("tocsin_dispatch_fanout_messages_total").contains("tocsin_dispatch_fanout_page_duration");
    }

    @Test
    void cyrillicBodyIsPreviewedAsUcs2() {
        String body = "Привет, {{first_name}}! Завтра суд над Анной. Ответьте ДА, чтобы подписать обращение.";
        Drafted drafted = draft("russian", 3, body);
        List<Supporter> s = drafted.supporters();
        UUID id = drafted.actionId();
        JsonNode p = coordinator().get("/api/v1/alerts/" + id + "/preview").json();
        assertThat(p.path("recipients").asLong()).isEqualTo(3);
        assertThat(p.path("perMessage").path("encoding").asString()).isEqualTo("UCS_2");
        assertThat(p.path("messagesByEncoding").path("UCS_2").asLong()).isEqualTo(3);
        long expected = s.stream().mapToLong(r -> SmsSegments.count(render(body, r.firstName())).segments()).sum();
        assertThat(p.path("totalSegments").asLong()).isEqualTo(expected).isGreaterThan(3);
    }

    // ---------------------------------------------------------------- fan-out

    @Test
    void fanoutResumesFromItsCursorAfterACrashWithoutDuplicatesOrGaps() {
        Drafted drafted = draft("resume", 90, "Hi {{first_name}}, please call the ministry today.");
        List<Supporter> s = drafted.supporters();
        UUID id = drafted.actionId();
        probe.crashOnceAfter(id, 3);

        // 90 recipients are at or below the threshold: the creator triggers without a second approval
        var triggered = coordinator().post("/api/v1/alerts/" + id + "/trigger", null, "Idempotency-Key", "resume-" + id);
        assertThat(triggered.status()).as(triggered.body()).isEqualTo(202);
        assertThat(triggered.json().path("approvalWaived").asBoolean()).isTrue();
        assertThat(triggered.json().path("approvedBy").isNull()).isTrue();
        awaitFanoutFinished(id);

        assertThat(probe.outcomes(id)).hasSize(2);
        assertThat(probe.outcomes(id).getFirst()).startsWith("FAILED");
        assertThat(probe.outcomes(id).getLast()).isEqualTo("FINISHED");
        List<OutboundMessageRequested> sent = outbound(id);
        Set<String> expectedIds = new HashSet<>();
        s.forEach(r -> expectedIds.add(messageId(id, r.id())));
        // None missing, and what was sent twice is exactly the pages handed to Kafka but not saved.
        // Three pages in flight: page 3 is saved only after pages 4 and 5 (the last, 10) were produced,
        // so the crash while saving page 3 left the cursor after page 2.
        assertThat(sent.stream().map(OutboundMessageRequested::messageId).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(sent).hasSize(90 + 50);
        // PostgreSQL orders uuids as unsigned bytes, like their text; java.util.UUID compares signed longs
        List<String> unsaved = s.stream().map(Supporter::id).sorted(Comparator.comparing(UUID::toString))
                .skip(40)
                .map(sid -> messageId(id, sid)).toList();
        Map<String, Long> copies = new HashMap<>();
        sent.forEach(m -> copies.merge(m.messageId(), 1L, Long::sum));
        copies.forEach((messageId, n) -> assertThat(n).as(messageId).isEqualTo(unsaved.contains(messageId) ? 2L : 1L));
        assertThat(jdbc.queryForList("SELECT message_id FROM delivery WHERE action_id = ?", String.class, id))
                .containsExactlyInAnyOrderElementsOf(expectedIds);
        JsonNode progress = analyst().get("/api/v1/alerts/" + id).json().path("progress");
        assertThat(progress.path("pages").asInt()).isEqualTo(5);
        assertThat(progress.path("handedToGateway").asLong()).isEqualTo(90);
    }

    @Test
    void cancelMidFanoutStopsBetweenPagesAndMarksTheRestCancelled() throws Exception {
        Drafted drafted = draft("cancel", 200, "Hi {{first_name}}, the march starts at noon.");
        List<Supporter> s = drafted.supporters();
        UUID id = drafted.actionId();
        // 200 recipients are above the threshold: a second coordinator approves
        assertThat(as("coordinator2").post("/api/v1/alerts/" + id + "/approve", null).status()).isEqualTo(200);
        RecordingFanoutProbe.Hold hold = probe.holdAfter(id, 2);

        assertThat(coordinator().post("/api/v1/alerts/" + id + "/trigger", null).status()).isEqualTo(202);
        assertThat(hold.awaitReached()).isTrue();
        var cancelled = as("coordinator2").post("/api/v1/alerts/" + id + "/cancel", null);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("cancelledBy").asString()).isEqualTo("coordinator2");
        assertThat(redis.sismember(redisProperties.key(SharedRedisKeys.CANCELLED_ACTIONS), id.toString())).isTrue();
        hold.release();

        // Held while saving page 2, with pages 3 and 4 already in Kafka (three pages in flight) and pages 5
        // and 6 read ahead (two pages ahead): each of those was handed over if its rows committed before
        // the cancel; page 7 is read after it and stops the fan-out. The pages handed over are saved.
        await().atMost(PATIENCE).until(() -> probe.outcomes(id).contains("STOPPED: CANCELLED"));
        Map<String, String> rows = deliveryStatuses(id);
        assertThat(rows.size()).isIn(80, 100, 120);
        assertThat(rows.values()).containsOnly("CANCELLED");
        List<String> handedOver = outbound(id).stream().map(OutboundMessageRequested::messageId).toList();
        assertThat(handedOver.size()).isIn(80, 100, 120);
        assertThat(rows.keySet()).containsAll(handedOver);
        JsonNode after = analyst().get("/api/v1/alerts/" + id).json();
        assertThat(after.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(after.path("progress").path("pages").asInt()).isEqualTo(handedOver.size() / 20);
        assertThat(after.path("progress").path("handedToGateway").asLong()).isEqualTo(handedOver.size());
        assertThat(after.path("progress").path("cancelled").asLong()).isEqualTo(rows.size());
        await().atMost(PATIENCE).until(() -> urgentActionEvents(id, UrgentActionCancelled.class).size() == 1);
        assertProblem(coordinator().post("/api/v1/alerts/" + id + "/trigger", null), 409);
        assertThat(coordinator().post("/api/v1/alerts/" + id + "/cancel", null).status()).isEqualTo(200);

        // The gateway had taken one before the marker was set: its report replaces dispatch's assumption.
        Supporter raced = s.stream().min(Comparator.comparing(r -> r.id().toString())).orElseThrow();
        kafka.send(Topics.MESSAGE_STATUS, List.of(status(id, raced, DeliveryStatus.SENT, null, Instant.now())));
        await().atMost(PATIENCE).until(() -> "SENT".equals(jdbc.queryForObject(
                "SELECT status FROM delivery WHERE message_id = ?", String.class, messageId(id, raced.id()))));
    }

    @Test
    void aCancelWhileAPageIsBeingWrittenIsNotHeldUpAndThatPageIsRolledBack() throws Exception {
        Drafted drafted = draft("cancel-mid-page", 100, "Hi {{first_name}}, the hearing is moved to Monday.");
        List<Supporter> s = drafted.supporters();
        UUID id = drafted.actionId();
        RecordingFanoutProbe.Hold hold = probe.holdWhileWriting(id, 3);

        assertThat(coordinator().post("/api/v1/alerts/" + id + "/trigger", null).status()).isEqualTo(202);
        assertThat(hold.awaitReached()).isTrue();
        // page 3's rows are written, uncommitted; the action's row is not locked yet, so the cancel goes through
        var cancelled = CompletableFuture.supplyAsync(() -> as("coordinator2").post("/api/v1/alerts/" + id + "/cancel", null));
        try {
            assertThat(cancelled.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            hold.release();
        }

        // Page 3 then sees the cancel and rolls back, and the fan-out stops there: pages 1 and 2 were handed
        // over. Page 4, written alongside, has rows only if it committed before the cancel, which marked them.
        await().atMost(PATIENCE).until(() -> probe.outcomes(id).contains("STOPPED: CANCELLED"));
        Map<String, String> rows = deliveryStatuses(id);
        assertThat(rows.size()).isIn(40, 60);
        assertThat(rows.values()).containsOnly("CANCELLED");
        // PostgreSQL orders uuids as unsigned bytes, like their text; java.util.UUID compares signed longs
        List<String> inOrder = s.stream().map(Supporter::id).sorted(Comparator.comparing(UUID::toString))
                .map(sid -> messageId(id, sid)).toList();
        assertThat(rows.keySet()).containsAll(inOrder.subList(0, 40)).doesNotContainAnyElementsOf(inOrder.subList(40, 60));
        assertThat(outbound(id).stream().map(OutboundMessageRequested::messageId).toList())
                .containsExactlyInAnyOrderElementsOf(inOrder.subList(0, 40));
        JsonNode progress = analyst().get("/api/v1/alerts/" + id).json().path("progress");
        assertThat(progress.path("pages").asInt()).isEqualTo(2);
        assertThat(progress.path("handedToGateway").asLong()).isEqualTo(40);
        assertThat(progress.path("cancelled").asLong()).isEqualTo(rows.size());
    }

    @Test
    void scheduledActionsFireAtTheirTime() {
        UUID list = newList("scheduled");
        List<Supporter> s = supporters(3);
        subscribeAndWait(list, s);

        // approved by a second coordinator: fires by itself
        UUID approvedId = createAction(list, "Vigil tonight, {{first_name}}.", Instant.now().plusSeconds(3));
        assertThat(as("coordinator2").post("/api/v1/alerts/" + approvedId + "/approve", null).status()).isEqualTo(200);
        // at or below the threshold: armed by its creator's trigger
        UUID armedId = createAction(list, "Vigil tomorrow, {{first_name}}.", Instant.now().plusSeconds(3));
        var armed = coordinator().post("/api/v1/alerts/" + armedId + "/trigger", null);
        assertThat(armed.status()).isEqualTo(202);
        assertThat(armed.json().path("state").asString()).isEqualTo("APPROVED");
        assertThat(armed.json().path("approvalWaived").asBoolean()).isTrue();

        for (UUID id : List.of(approvedId, armedId)) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode action = analyst().get("/api/v1/alerts/" + id).json();
                assertThat(action.path("state").asString()).isEqualTo("SENDING");
                assertThat(action.path("triggeredBy").asString()).isEqualTo("scheduler");
            });
            awaitFanoutFinished(id);
            assertThat(outbound(id)).hasSize(3);
        }
    }

    @Test
    void sweeperExpiresAStuckDeliveryAndTheActionCompletes() {
        Drafted drafted = draft("sweeper", 3, "Thank you for standing with us, {{first_name}}.");
        List<Supporter> s = drafted.supporters();
        UUID id = drafted.actionId();
        assertThat(coordinator().post("/api/v1/alerts/" + id + "/trigger", null).status()).isEqualTo(202);
        awaitFanoutFinished(id);

        kafka.send(Topics.MESSAGE_STATUS, List.of(
                status(id, s.get(0), DeliveryStatus.DELIVERED, null, Instant.now()),
                status(id, s.get(1), DeliveryStatus.DELIVERED, null, Instant.now()),
                status(id, s.get(2), DeliveryStatus.SENT, null, Instant.now())));
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM delivery WHERE action_id = ? AND status = 'DELIVERED'", id) == 2
                && count("SELECT count(*) FROM delivery WHERE action_id = ? AND status = 'SENT'", id) == 1);
        assertThat(analyst().get("/api/v1/alerts/" + id).json().path("state").asString()).isEqualTo("SENDING");

        // the third never hears back: once older than validity (4h) + margin (1h) it is EXPIRED
        jdbc.update("UPDATE delivery SET created_at = now() - interval '6 hours' WHERE message_id = ?",
                messageId(id, s.get(2).id()));
        await().atMost(PATIENCE).until(() -> "COMPLETED".equals(analyst().get("/api/v1/alerts/" + id).json().path("state").asString()));
        assertThat(jdbc.queryForObject("SELECT status FROM delivery WHERE message_id = ?", String.class,
                messageId(id, s.get(2).id()))).isEqualTo("EXPIRED");
        assertThat(analyst().get("/api/v1/alerts/" + id + "/stats").json().path("expired").asLong()).isEqualTo(1);
    }

    @Test
    void anUnreadableEventIsSkippedAndTheNextOneApplied() {
        UUID list = UUID.randomUUID();
        // same key, so the same partition, behind the unreadable one
        kafka.send(Topics.LISTS, list.toString(), "not an event");
        kafka.send(Topics.LISTS, list.toString(), new ListChanged(list.toString(), "after the bad one", true, Instant.now()));
        awaitKnown(list);
        assertThat(jdbc.queryForObject("SELECT double_opt_in FROM known_list WHERE id = ?", Boolean.class, list)).isTrue();
    }

    // ---------------------------------------------------------------- bad input and roles

    @Test
    void eachBadInputIsA400ProblemNamingTheField() {
        UUID list = newList("bad input");
        awaitKnown(list);
        String ok = list.toString();
        assertBadField(Map.of("title", "t", "body", "hello", "listIds", List.of(UUID.randomUUID().toString())), "listIds[0]");
        assertBadField(Map.of("title", "t", "body", "", "listIds", List.of(ok)), "body");
        assertBadField(Map.of("title", "t", "body", "x".repeat(1601), "listIds", List.of(ok)), "body");
        assertThat(badField(Map.of("title", "t", "body", "x".repeat(1600), "listIds", List.of(ok)))).isNull();
        assertBadField(Map.of("title", "t", "body", "hello", "listIds", List.of(ok),
                "scheduledAt", Instant.now().minusSeconds(60).toString()), "scheduledAt");
        var unknownPlaceholder = assertBadField(Map.of("title", "t", "body", "Hi {{last_name}}", "listIds", List.of(ok)), "body");
        assertThat(unknownPlaceholder).contains("unknown placeholder");
        assertBadField(Map.of("title", "t", "body", "Hi {{first_name", "listIds", List.of(ok)), "body");
        assertBadField(Map.of("title", "t", "body", "hello", "listIds", List.of("not-a-uuid")), "listIds[0]");
        assertBadField(Map.of("title", "t", "body", "hello", "listIds", List.of()), "listIds");
        assertBadField(Map.of("title", "t", "body", "hello", "listIds", List.of(ok), "channel", "PIGEON"), "channel");
        assertBadField(Map.of("title", "t", "body", "hello", "listIds", List.of(ok), "replyWindow", "3 days"), "replyWindow");
        assertBadField(Map.of("title", "t", "body", "hello", "listIds", List.of(ok), "scheduledAt", "tomorrow"), "scheduledAt");
        assertBadField(Map.of("body", "hello", "listIds", List.of(ok)), "title");
        assertBadField("{\"title\":\"t\",\"body\":\"hello\",\"listIds\":{\"a\":1}}", "listIds");
        assertBadField("{not json", "body");

        UUID id = createAction(list, "Hi {{first_name}}");
        var badPhone = coordinator().post("/api/v1/alerts/" + id + "/test-send", Map.of("phone", "07700 900123"));
        assertProblem(badPhone, 400);
        assertThat(fields(badPhone)).containsExactly("phone");
        var testSend = coordinator().post("/api/v1/alerts/" + id + "/test-send", Map.of("phone", "+447700900123", "firstName", "Ana"));
        assertThat(testSend.status()).as(testSend.body()).isEqualTo(202);
        assertThat(testSend.json().path("body").asString()).isEqualTo("Hi Ana");
        assertThat(testSend.json().path("to").asString()).isEqualTo(PhoneMasking.mask("+447700900123"))
                .doesNotContain("7700900");
        String testMessageId = testSend.json().path("messageId").asString();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kafka.readAll(Topics.OUTBOUND_TRANSACTIONAL).stream()
                .map(ConsumerRecord::value).filter(OutboundMessageRequested.class::isInstance)
                .map(OutboundMessageRequested.class::cast).filter(m -> m.messageId().equals(testMessageId)).toList())
                .singleElement().satisfies(m -> {
                    assertThat(m.to()).isEqualTo("+447700900123");
                    assertThat(m.body()).isEqualTo("Hi Ana");
                    assertThat(m.lane()).isEqualTo(Lane.TRANSACTIONAL);
                    assertThat(m.actionId()).isNull();
                }));
        var badKey = coordinator().post("/api/v1/alerts/" + id + "/trigger", null, "Idempotency-Key", "x".repeat(201));
        assertProblem(badKey, 400);
        assertThat(fields(badKey)).containsExactly("Idempotency-Key");
        var badId = analyst().get("/api/v1/alerts/not-a-uuid");
        assertProblem(badId, 400);
        assertThat(fields(badId)).containsExactly("id");
        assertProblem(analyst().get("/api/v1/alerts/" + UUID.randomUUID()), 404);
        assertProblem(analyst().get("/api/v1/alerts?limit=0"), 400);
    }

    @Test
    void rolesDecideWhoMayDoWhat() {
        UUID list = newList("roles");
        awaitKnown(list);
        Map<String, Object> draft = Map.of("title", "t", "body", "hello", "listIds", List.of(list.toString()));
        assertProblem(analyst().post("/api/v1/alerts", draft), 403);
        assertProblem(DispatchApi.anonymous(port).get("/api/v1/alerts"), 401);
        assertProblem(DispatchApi.anonymous(port).post("/api/v1/alerts", draft), 401);

        UUID id = createAction(list, "hello");
        assertProblem(analyst().get("/api/v1/alerts/" + id + "/preview"), 403);
        assertProblem(analyst().post("/api/v1/alerts/" + id + "/trigger", null), 403);
        assertProblem(analyst().post("/api/v1/alerts/" + id + "/cancel", null), 403);
        assertThat(analyst().get("/api/v1/alerts/" + id).status()).isEqualTo(200);
        assertThat(analyst().get("/api/v1/alerts/" + id + "/stats").status()).isEqualTo(200);
        assertThat(analyst().get("/api/v1/alerts").status()).isEqualTo(200);

        // ADMIN may do everything, but approving is for someone other than the creator
        var adminDraft = as("admin").post("/api/v1/alerts", draft);
        assertThat(adminDraft.status()).isEqualTo(201);
        UUID adminId = UUID.fromString(adminDraft.json().path("id").asString());
        assertProblem(as("admin").post("/api/v1/alerts/" + adminId + "/approve", null), 403);
        assertThat(as("admin").post("/api/v1/alerts/" + id + "/approve", null).status()).isEqualTo(200);
        assertThat(as("admin").get("/api/v1/alerts/" + id + "/stats").status()).isEqualTo(200);

        assertThat(DispatchApi.anonymous(port).get("/v3/api-docs").body()).contains("/api/v1/alerts/{id}/trigger",
                "/api/v1/alerts/{id}/preview", "/api/v1/alerts/{id}/stats", "/api/v1/alerts/{id}/cancel", "Idempotency-Key");
    }

    // ---------------------------------------------------------------- helpers

    private DispatchApi coordinator() {
        return as("coordinator");
    }

    private DispatchApi analyst() {
        return as("analyst");
    }

    private DispatchApi as(String user) {
        return DispatchApi.as(port, user);
    }

    private UUID newList(String name) {
        UUID id = UUID.randomUUID();
        kafka.send(Topics.LISTS, id.toString(), new ListChanged(id.toString(), name + " " + id, false, Instant.now()));
        return id;
    }

    private void awaitKnown(UUID list) {
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM known_list WHERE id = ?", list) == 1);
    }

    private void subscribeAndWait(UUID list, List<Supporter> supporters) {
        Instant at = Instant.now().minusSeconds(60);
        kafka.send(Topics.CONSENT, supporters.stream()
                .map(r -> consent(r, list.toString(), ConsentState.SUBSCRIBED, at)).toList());
        awaitKnown(list);
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM consent_view WHERE list_id = ? "
                + "AND state = 'SUBSCRIBED'", list.toString()) == supporters.size());
    }

    /** An action drafted to a new list's {@code supporters} (subscribed), and who they are. */
    private record Drafted(List<Supporter> supporters, UUID actionId) {
    }

    private Drafted draft(String listName, int supporters, String body) {
        UUID list = newList(listName);
        List<Supporter> s = supporters(supporters);
        subscribeAndWait(list, s);
        return new Drafted(s, createAction(list, body));
    }

    private UUID createAction(UUID list, String body) {
        return createAction(list, body, null);
    }

    private UUID createAction(UUID list, String body, Instant scheduledAt) {
        Map<String, Object> request = new HashMap<>(Map.of("title", "test action", "body", body,
                "listIds", List.of(list.toString())));
        if (scheduledAt != null) {
            request.put("scheduledAt", scheduledAt.toString());
        }
        var created = coordinator().post("/api/v1/alerts", request);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().path("id").asString());
    }

    /** Each delivery row's status, by message id. */
    private Map<String, String> deliveryStatuses(UUID actionId) {
        Map<String, String> rows = new HashMap<>();
        jdbc.query("SELECT message_id, status FROM delivery WHERE action_id = ?",
                (ResultSet r) -> { rows.put(r.getString(1), r.getString(2)); }, actionId);
        return rows;
    }

    private void awaitFanoutFinished(UUID id) {
        await().atMost(PATIENCE).until(() ->
                analyst().get("/api/v1/alerts/" + id).json().path("progress").path("fanoutFinished").asBoolean());
    }

    private List<OutboundMessageRequested> outbound(UUID actionId) {
        return kafka.readAll(Topics.OUTBOUND_URGENT).stream().map(ConsumerRecord::value)
                .filter(OutboundMessageRequested.class::isInstance).map(OutboundMessageRequested.class::cast)
                .filter(m -> actionId.toString().equals(m.actionId())).toList();
    }

    private <T> List<T> urgentActionEvents(UUID actionId, Class<T> type) {
        Predicate<Object> ofAction = e -> e instanceof UrgentActionTriggered t && t.actionId().equals(actionId.toString())
                || e instanceof UrgentActionCancelled c && c.actionId().equals(actionId.toString());
        return kafka.readAll(Topics.URGENT_ACTIONS).stream().map(ConsumerRecord::value)
                .filter(type::isInstance).filter(ofAction).map(type::cast).toList();
    }

    private static List<Supporter> supporters(int n) {
        String[] names = {"Maria", "Jo", "Alexandria", "Мария", null, "José", "Christopher-Alexander Montgomery",
                "Zoë", "Dmitri", "Li"};
        List<Supporter> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Supporter(UUID.randomUUID(), phone(i), names[i % names.length]));
        }
        return out;
    }

    private static String phone(int i) {
        long n = PHONES.incrementAndGet();
        return switch (i % 4) {
            case 0 -> "+79" + String.format("%09d", n);
            case 1 -> "+447" + String.format("%09d", n);
            case 2 -> "+346" + String.format("%08d", n);
            default -> "+5511" + String.format("%09d", n);
        };
    }

    private static BigDecimal pricePerSegment(String phone) {
        if (phone.startsWith("+7")) {
            return new BigDecimal("0.0600");
        }
        if (phone.startsWith("+44")) {
            return new BigDecimal("0.0400");
        }
        if (phone.startsWith("+34")) {
            return new BigDecimal("0.0800");
        }
        return new BigDecimal("0.0079");
    }

    /** The personalisation as specified: the name capped at 20 characters, "friend" without one. */
    private static String render(String body, String firstName) {
        String name = firstName == null ? "friend" : firstName.length() > 20 ? firstName.substring(0, 20) : firstName;
        return body.replace("{{first_name}}", name);
    }

    private static String messageId(UUID actionId, UUID supporterId) {
        return UUID.nameUUIDFromBytes((actionId + ":" + supporterId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    private static Map.Entry<String, ConsentChanged> consent(Supporter r, String listId, ConsentState state, Instant at) {
        var event = new ConsentChanged(r.id().toString(), r.phone(), listId, state, r.firstName(), "en", "JOIN", at);
        return Map.entry(event.key(), event);
    }

    private static Map.Entry<String, ConsentChanged> withoutName(Map.Entry<String, ConsentChanged> entry) {
        ConsentChanged e = entry.getValue();
        return Map.entry(entry.getKey(), new ConsentChanged(e.supporterId(), e.phone(), e.listId(), e.state(), null, null,
                "STOP", e.occurredAt()));
    }

    private static Map.Entry<String, MessageStatusChanged> status(UUID actionId, Supporter r, DeliveryStatus status,
                                                                  String errorCode, Instant at) {
        return Map.entry(r.phone(), new MessageStatusChanged(messageId(actionId, r.id()), "SM" + r.id().toString()
                .replace("-", ""), r.phone(), actionId.toString(), r.id().toString(), status, errorCode, at));
    }

    private static OutboundMessageRequested request(UUID actionId, Supporter r) {
        return new OutboundMessageRequested(messageId(actionId, r.id()), Lane.URGENT, null, r.phone(), "body",
                actionId.toString(), r.id().toString(), Purpose.ALERT, Instant.now(), null);
    }

    private static Map.Entry<String, ResponseRecorded> response(UUID actionId, Supporter r, ResponseKind kind, String text,
                                                                Instant at) {
        return Map.entry(actionId.toString(), new ResponseRecorded(actionId.toString(), r.id().toString(), kind, text,
                "SM" + UUID.randomUUID().toString().replace("-", ""), at));
    }

    private static boolean inRange(List<Supporter> all, Supporter r, int from, int to) {
        int i = all.indexOf(r);
        return i >= from && i < to;
    }

    private static IntStream range(int from, int to) {
        return IntStream.range(from, to);
    }

    private static UUID[] ids(Collection<Supporter> supporters) {
        return supporters.stream().map(Supporter::id).toArray(UUID[]::new);
    }

    private Map<String, String> consentRows(List<Supporter> s) {
        Map<String, String> rows = new HashMap<>();
        jdbc.query("SELECT supporter_id, list_id, state FROM consent_view WHERE supporter_id = ANY(?)",
                rs -> {
                    rows.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3));
                }, (Object) ids(s));
        return rows;
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static void assertProblem(DispatchApi.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("status").asInt()).isEqualTo(status);
    }

    private static List<String> fields(DispatchApi.Reply reply) {
        return reply.json().path("errors").valueStream().map(e -> e.path("field").asString()).toList();
    }

    /** The request is refused with 400 problem+json naming exactly {@code field}; returns its message. */
    private String assertBadField(Object request, String field) {
        var reply = coordinator().post("/api/v1/alerts", request);
        assertProblem(reply, 400);
        assertThat(fields(reply)).as(reply.body()).containsExactly(field);
        return reply.json().path("errors").get(0).path("message").asString();
    }

    private String badField(Object request) {
        var reply = coordinator().post("/api/v1/alerts", request);
        return reply.status() == 201 ? null : reply.body();
    }
}
