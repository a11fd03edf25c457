package org.tocsin.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.ListChanged;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.Topics;
import org.tocsin.subscriber.outgoing.ReplyTexts;
import org.tocsin.testkit.http.ServiceProbe;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP APIs: keywords, lists, supporters and their consents, responses; roles, masking, bad input. */
@SubscriberServiceTest
class SubscriberApiTest {

    static final String DEFAULT_LIST = "00000000-0000-4000-8000-000000000001";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    KafkaProperties kafkaProperties;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ReplyTexts texts;
    @Autowired
    MeterRegistry meters;

    KafkaProbe kafka;

    @BeforeAll
    void startProbe() {
        kafka = KafkaProbe.start(kafkaProperties, Topics.OUTBOUND_TRANSACTIONAL, Topics.LISTS);
    }

    @AfterAll
    void stopProbe() {
        kafka.close();
    }

    // ---------------------------------------------------------------- keywords

    @Test
    void everyoneMayReadTheKeywordsOnlyAnAdminAddsOne() {
        JsonNode keywords = json(as("analyst").get("/api/v1/keywords"), 200);
        assertThat(keywords.findValuesAsString("word")).contains("STOP", "JOIN", "СТОП", "ARRET", "AYUDA", "OUI");
        JsonNode join = find(keywords, "word", "JOIN");
        assertThat(join.path("action").asString()).isEqualTo("OPT_IN");
        assertThat(join.path("listId").asString()).isEqualTo(DEFAULT_LIST);

        var refused = as("coordinator").postJson("/api/v1/keywords", "{\"word\":\"JOINUS\",\"action\":\"OPT_IN\",\"listId\":\"" + DEFAULT_LIST + "\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(ServiceProbe.local(port).get("/api/v1/keywords").status()).isEqualTo(401);
    }

    @Test
    void apiRequestsAreTimedWithTheirStatusWithoutObservingEverySecurityFilter() {
        assertThat(as("analyst").get("/api/v1/lists").status()).isEqualTo(200);
        assertThat(ServiceProbe.local(port).get("/api/v1/lists").status()).isEqualTo(401);

        // refusals stay visible through http.server.requests; Spring Security's own observations
        // (every filter, authentication, authorisation) cost most of a request's CPU and are off
        await().untilAsserted(() -> {
            assertThat(meters.find("http.server.requests").tag("uri", "/api/v1/lists").tag("status", "200").timer()).isNotNull();
            assertThat(meters.find("http.server.requests").tag("status", "401").timer()).isNotNull();
        });
        assertThat(meters.getMeters()).noneMatch(m -> m.getId().getName().startsWith("spring.security"));
    }

    @Test
    void aKeywordAnAdminAddsWorksForTheNextInboundMessage() {
        JsonNode added = json(as("admin").postJson("/api/v1/keywords",
                "{\"word\":\"Únete\",\"language\":\"es\",\"action\":\"opt_in\",\"listId\":\"" + DEFAULT_LIST + "\"}"), 201);
        assertThat(added.path("word").asString()).isEqualTo("UNETE");
        assertThat(added.path("action").asString()).isEqualTo("OPT_IN");

        String phone = TestPhones.next();
        kafka.send(Topics.INBOUND, phone, new InboundMessageReceived("SM" + UUID.randomUUID().toString().replace("-", ""),
                "twilio", Channel.SMS, phone, "+15005550006", "únete Lucía", Instant.now()));

        await().untilAsserted(() -> assertThat(kafka.seen(Topics.OUTBOUND_TRANSACTIONAL, OutboundMessageRequested.class,
                r -> r.to().equals(phone) && r.purpose() == Purpose.OPT_IN_CONFIRMATION))
                .singleElement().satisfies(r -> assertThat(r.body()).isEqualTo(texts.joined("es", "Urgent actions"))));
        assertThat(jdbc.queryForObject("SELECT first_name FROM supporter WHERE phone = ?", String.class, phone))
                .isEqualTo("Lucía");
    }

    @ParameterizedTest(name = "{1} -> 400 naming {0}")
    @CsvSource(delimiter = '|', value = {
            "word     | {\"word\":\"stop!\",\"action\":\"OPT_OUT\"}",
            "word     | {\"word\":\"two words\",\"action\":\"HELP\"}",
            "word     | {\"word\":\" \",\"action\":\"HELP\"}",
            "word     | {\"action\":\"HELP\"}",
            "action   | {\"word\":\"KABOOM\",\"action\":\"EXPLODE\"}",
            "action   | {\"word\":\"KABOOM\"}",
            "language | {\"word\":\"KABOOM\",\"action\":\"HELP\",\"language\":\"english\"}",
            "listId   | {\"word\":\"KABOOM\",\"action\":\"OPT_IN\"}",
            "listId   | {\"word\":\"KABOOM\",\"action\":\"OPT_IN\",\"listId\":\"not-a-list\"}",
            "listId   | {\"word\":\"KABOOM\",\"action\":\"OPT_IN\",\"listId\":\"9b2f6a70-0000-4000-8000-000000000000\"}",
            "listId   | {\"word\":\"KABOOM\",\"action\":\"HELP\",\"listId\":\"00000000-0000-4000-8000-000000000001\"}",
            "word     | {\"word\":[1],\"action\":\"HELP\"}",
            "body     | {\"word\":"})
    void badKeywordsAreRefusedNamingTheField(String field, String body) {
        assertBadRequest(as("admin").postJson("/api/v1/keywords", body), field);
    }

    // ---------------------------------------------------------------- lists

    @Test
    void listsShowTheSeededOneAndAnAdminCreatesMoreWhichAreAnnounced() {
        JsonNode lists = json(as("coordinator").get("/api/v1/lists"), 200);
        JsonNode seeded = find(lists, "id", DEFAULT_LIST);
        assertThat(seeded.path("name").asString()).isEqualTo("Urgent actions");
        assertThat(seeded.path("keyword").asString()).isEqualTo("JOIN");
        assertThat(seeded.path("doubleOptIn").asBoolean()).isFalse();

        String keyword = "Rivers" + (System.nanoTime() % 100_000);
        JsonNode created = json(as("admin").postJson("/api/v1/lists",
                "{\"name\":\"Rivers %s\",\"keyword\":\"%s\",\"doubleOptIn\":true}".formatted(keyword, keyword)), 201);
        String id = created.path("id").asString();
        assertThat(created.path("keyword").asString()).isEqualTo(keyword.toUpperCase());
        assertThat(created.path("doubleOptIn").asBoolean()).isTrue();
        await().untilAsserted(() -> assertThat(kafka.seen(Topics.LISTS, ListChanged.class, l -> l.listId().equals(id)))
                .singleElement().satisfies(l -> {
                    assertThat(l.name()).isEqualTo("Rivers " + keyword);
                    assertThat(l.doubleOptIn()).isTrue();
                }));
        assertThat(json(as("analyst").get("/api/v1/keywords"), 200).findValuesAsString("word")).contains(keyword.toUpperCase());

        assertBadRequest(as("admin").postJson("/api/v1/lists", "{\"name\":\"Rivers %s\",\"keyword\":\"Other%s\"}"
                .formatted(keyword, keyword)), "name");
        assertThat(as("coordinator").postJson("/api/v1/lists", "{\"name\":\"Mine\",\"keyword\":\"MINE\"}").status())
                .isEqualTo(403);
    }

    @ParameterizedTest(name = "{1} -> 400 naming {0}")
    @CsvSource(delimiter = '|', value = {
            "keyword | {\"name\":\"Another\",\"keyword\":\"join\"}",
            "keyword | {\"name\":\"Another\",\"keyword\":\"STOP\"}",
            "keyword | {\"name\":\"Another\",\"keyword\":\"two words\"}",
            "keyword | {\"name\":\"Another\"}",
            "name    | {\"name\":\"  \",\"keyword\":\"ANOTHER\"}",
            "name    | {\"name\":\"Urgent actions\",\"keyword\":\"ANOTHER\"}",
            "doubleOptIn | {\"name\":\"Another\",\"keyword\":\"ANOTHER\",\"doubleOptIn\":\"maybe\"}"})
    void badListsAreRefusedNamingTheField(String field, String body) {
        assertBadRequest(as("admin").postJson("/api/v1/lists", body), field);
    }

    // ---------------------------------------------------------------- supporters and their consents

    @Test
    void coordinatorsFindASupporterByPhoneAnalystsSeeTheNumberMasked() {
        String phone = TestPhones.next();
        kafka.send(Topics.INBOUND, phone, new InboundMessageReceived("SMjoin" + UUID.randomUUID().toString().replace("-", ""),
                "twilio", Channel.SMS, phone, "+15005550006", "JOIN Maria", Instant.now()));
        await().untilAsserted(() -> assertThat(jdbc.queryForObject("SELECT count(*) FROM supporter WHERE phone = ?",
                Integer.class, phone)).isEqualTo(1));

        JsonNode found = json(as("coordinator").get("/api/v1/supporters?phone=%2B" + phone.substring(1)), 200);
        assertThat(found).hasSize(1);
        JsonNode supporter = found.get(0);
        assertThat(supporter.path("phone").asString()).isEqualTo(phone);
        assertThat(supporter.path("firstName").asString()).isEqualTo("Maria");
        assertThat(supporter.path("optedOut").asBoolean()).isFalse();
        assertThat(supporter.path("lists").get(0).path("listId").asString()).isEqualTo(DEFAULT_LIST);
        assertThat(supporter.path("lists").get(0).path("state").asString()).isEqualTo("SUBSCRIBED");

        // an unencoded + arrives as a space: still found
        JsonNode asAnalyst = json(as("analyst").get("/api/v1/supporters?phone=+" + phone.substring(1)), 200);
        String masked = asAnalyst.get(0).path("phone").asString();
        assertThat(masked).isNotEqualTo(phone).startsWith("+44").endsWith(phone.substring(phone.length() - 2)).contains("*");

        assertThat(json(as("coordinator").get("/api/v1/supporters?phone=%2B15005550000"), 200)).isEmpty();

        String id = supporter.path("id").asString();
        JsonNode consents = json(as("coordinator").get("/api/v1/supporters/" + id + "/consents"), 200);
        assertThat(consents).hasSize(1);
        assertThat(consents.get(0).path("evidence").asString()).isEqualTo("JOIN Maria");
        assertThat(consents.get(0).path("state").asString()).isEqualTo("SUBSCRIBED");
        assertThat(consents.get(0).path("cause").asString()).isEqualTo("OPT_IN");
        assertThat(consents.get(0).path("listId").asString()).isEqualTo(DEFAULT_LIST);
        assertThat(consents.get(0).path("providerMessageId").asString()).startsWith("SMjoin");
        assertThat(consents.get(0).path("channel").asString()).isEqualTo("SMS");
        assertThat(consents.get(0).path("occurredAt").isMissingNode()).isFalse();

        var unknown = as("coordinator").get("/api/v1/supporters/" + UUID.randomUUID() + "/consents");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(ServiceProbe.local(port).get("/api/v1/supporters?phone=%2B" + phone.substring(1)).status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{1} -> 400 naming {0}")
    @CsvSource(delimiter = '|', value = {
            "phone  | /api/v1/supporters?phone=12345",
            "phone  | /api/v1/supporters?phone=%2B44abc",
            "phone  | /api/v1/supporters?phone=%2B0441234567",
            "phone  | /api/v1/supporters?phone=%2B4412345678901234567",
            "phone  | /api/v1/supporters",
            "id     | /api/v1/supporters/not-a-uuid/consents",
            "limit  | /api/v1/alerts/a1/responses?limit=0",
            "limit  | /api/v1/alerts/a1/responses?limit=many",
            "offset | /api/v1/alerts/a1/responses?offset=-1",
            "id     | /api/v1/alerts/a%20b/responses",
            "supporterId | /api/v1/alerts/a1/responses/not-a-uuid"})
    void badQueriesAreRefusedNamingTheField(String field, String path) {
        assertBadRequest(as("coordinator").get(path), field);
    }

    @Test
    void responsesOfAnUnknownActionAre404AndNeedARoleThatMayReadThem() {
        var unknown = as("analyst").get("/api/v1/alerts/" + UUID.randomUUID() + "/responses");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(ServiceProbe.local(port).get("/api/v1/alerts/x/responses").status()).isEqualTo(401);
        var oneOfUnknown = as("analyst").get("/api/v1/alerts/" + UUID.randomUUID() + "/responses/" + UUID.randomUUID());
        assertThat(oneOfUnknown.status()).isEqualTo(404);
        assertThat(oneOfUnknown.body()).contains("No urgent action");
        assertThat(ServiceProbe.local(port).get("/api/v1/alerts/x/responses/" + UUID.randomUUID()).status())
                .isEqualTo(401);
    }

    @Test
    void theApisAreInTheOpenApiDocumentAndTheInboundOutcomesAreMetrics() {
        JsonNode paths = json(ServiceProbe.local(port).get("/v3/api-docs"), 200).path("paths");
        assertThat(paths.propertyNames()).contains("/api/v1/keywords", "/api/v1/lists", "/api/v1/supporters",
                "/api/v1/supporters/{id}/consents", "/api/v1/alerts/{id}/responses",
                "/api/v1/alerts/{id}/responses/{supporterId}");
        assertThat(ServiceProbe.local(port).get("/actuator/prometheus").body())
                .contains("tocsin_subscriber_inbound_total{application=\"subscriber-service\",outcome=\"opted_out\"}");
    }

    // ---------------------------------------------------------------- helpers

    static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    ServiceProbe as(String user) {
        return ServiceProbe.local(port).as(user, "secret");
    }

    static JsonNode json(ServiceProbe.Reply reply, int status) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        return JSON.readTree(reply.body());
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.path(field).asString().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("no element with " + field + " = " + value + " in " + array);
    }

    static void assertBadRequest(ServiceProbe.Reply reply, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(reply.body());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("errors").findValuesAsString("field")).as(reply.body()).contains(field);
    }
}
