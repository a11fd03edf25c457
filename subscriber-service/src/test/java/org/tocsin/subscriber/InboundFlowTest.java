package org.tocsin.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.ConsentChanged;
import org.tocsin.contracts.ConsentState;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.ListChanged;
import org.tocsin.contracts.MessageStatusChanged;
import org.tocsin.contracts.OptOutReportedByProvider;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.ResponseKind;
import org.tocsin.contracts.ResponseRecorded;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.contracts.Topics;
import org.tocsin.contracts.UrgentActionCancelled;
import org.tocsin.contracts.UrgentActionTriggered;
import org.tocsin.platform.redis.RedisProperties;
import org.tocsin.subscriber.outgoing.OutgoingMessages;
import org.tocsin.subscriber.outgoing.ReplyTexts;
import org.tocsin.testkit.http.ServiceProbe;
import redis.clients.jedis.JedisPooled;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service driven through its real inputs: InboundMessageReceived, OptOutReportedByProvider,
 * UrgentActionTriggered/Cancelled and MessageStatusChanged records produced to Kafka. Asserted on
 * its real outputs: events the outbox relays to Kafka, its database, Redis and HTTP.
 *
 * <p>"Nothing more was sent" is proven without sleeping: after the messages under test, the same
 * number texts HELP; its reply comes after any earlier reply to that number (one partition per
 * number, outbox relayed in commit order), so once it is seen, every earlier reply has been too.
 */
@SubscriberServiceTest
class InboundFlowTest {

    static final String DEFAULT_LIST = "00000000-0000-4000-8000-000000000001";
    static final String DEFAULT_LIST_NAME = "Urgent actions";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    KafkaProperties kafkaProperties;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JedisPooled jedis;
    @Autowired
    RedisProperties redis;
    @Autowired
    ReplyTexts texts;
    @Autowired
    MeterRegistry meters;

    KafkaProbe kafka;

    @BeforeAll
    void startProbe() {
        kafka = KafkaProbe.start(kafkaProperties, Topics.OUTBOUND_TRANSACTIONAL, Topics.CONSENT, Topics.RESPONSES,
                Topics.LISTS);
    }

    @AfterAll
    void stopProbe() {
        kafka.close();
    }

    // ---------------------------------------------------------------- joining

    @Test
    void joiningInEachLanguageSubscribesToTheDefaultListAndConfirmsInThatLanguage() {
        Map<String, String> wordByLanguage = Map.of("en", "JOIN", "ru", "подписаться", "es", "Unirse!", "fr", "rejoindre");
        wordByLanguage.forEach((language, word) -> {
            String phone = TestPhones.next();
            String messageId = text(phone, word);

            OutboundMessageRequested reply = awaitReply(phone, Purpose.OPT_IN_CONFIRMATION);
            assertThat(reply.body()).as(language).isEqualTo(texts.joined(language, DEFAULT_LIST_NAME));
            assertThat(reply.lane()).isEqualTo(Lane.TRANSACTIONAL);
            assertThat(reply.messageId()).isEqualTo(OutgoingMessages.replyId(messageId));
            assertThat(reply.from()).as("answered from the number written to").isEqualTo("+15005550006");
            String supporterId = supporterId(phone);
            assertThat(reply.supporterId()).isEqualTo(supporterId);
            assertThat(subscription(supporterId, DEFAULT_LIST)).isEqualTo("SUBSCRIBED");
            assertThat(jdbc.queryForObject("SELECT language FROM supporter WHERE id = ?::uuid", String.class, supporterId))
                    .isEqualTo(language);
            ConsentChanged consent = awaitConsent(phone, DEFAULT_LIST, ConsentState.SUBSCRIBED);
            assertThat(consent.language()).isEqualTo(language);
            assertThat(consent.evidence()).isEqualTo(word);
            assertThat(jdbc.queryForMap("SELECT state, cause, evidence, channel, provider_message_id, list_id::text AS list "
                    + "FROM consent_ledger WHERE supporter_id = ?::uuid", supporterId))
                    .containsEntry("state", "SUBSCRIBED").containsEntry("cause", "OPT_IN").containsEntry("evidence", word)
                    .containsEntry("channel", "SMS").containsEntry("provider_message_id", messageId)
                    .containsEntry("list", DEFAULT_LIST);
        });
        assertThat(texts.joined("ru", DEFAULT_LIST_NAME)).isNotEqualTo(texts.joined("en", DEFAULT_LIST_NAME));
        assertThat(texts.joined("es", DEFAULT_LIST_NAME)).isNotEqualTo(texts.joined("en", DEFAULT_LIST_NAME));
    }

    @Test
    void joinWithANameStoresTheName() {
        String phone = TestPhones.next();
        text(phone, "join Maria");

        awaitReply(phone, Purpose.OPT_IN_CONFIRMATION);
        assertThat(jdbc.queryForObject("SELECT first_name FROM supporter WHERE phone = ?", String.class, phone))
                .isEqualTo("Maria");
        assertThat(awaitConsent(phone, DEFAULT_LIST, ConsentState.SUBSCRIBED).firstName()).isEqualTo("Maria");
    }

    @Test
    void doubleOptInAsksForYesAndSubscribesOnlyAfterIt() {
        String keyword = uniqueKeyword("WATCH");
        String listId = createList("Watch " + keyword, keyword, true);
        String phone = TestPhones.next();

        text(phone, keyword.toLowerCase());
        OutboundMessageRequested prompt = awaitReply(phone, Purpose.OPT_IN_CONFIRMATION);
        assertThat(prompt.body()).isEqualTo(texts.confirmPrompt("en", "Watch " + keyword));
        String supporterId = supporterId(phone);
        assertThat(subscription(supporterId, listId)).isEqualTo("PENDING");
        awaitConsent(phone, listId, ConsentState.PENDING);

        text(phone, "Yes!");
        await().untilAsserted(() -> assertThat(replies(phone, Purpose.OPT_IN_CONFIRMATION)).hasSize(2));
        assertThat(replies(phone, Purpose.OPT_IN_CONFIRMATION).get(1).body())
                .isEqualTo(texts.joined("en", "Watch " + keyword));
        assertThat(subscription(supporterId, listId)).isEqualTo("SUBSCRIBED");
        awaitConsent(phone, listId, ConsentState.SUBSCRIBED);
        assertThat(jdbc.queryForList("SELECT state || '/' || cause FROM consent_ledger WHERE supporter_id = ?::uuid ORDER BY id",
                String.class, supporterId)).containsExactly("PENDING/OPT_IN", "SUBSCRIBED/CONFIRM");
    }

    // ---------------------------------------------------------------- leaving

    @Test
    void stopLeavesEveryListSuppressesTheNumberFirstAndConfirmsExactlyOnce() {
        String keyword = uniqueKeyword("CLIMATE");
        String climate = createList("Climate " + keyword, keyword, false);
        String phone = TestPhones.next();
        text(phone, "JOIN");
        text(phone, keyword);
        await().untilAsserted(() -> assertThat(replies(phone, Purpose.OPT_IN_CONFIRMATION)).hasSize(2));
        String supporterId = supporterId(phone);
        long ledgerRowsBefore = ledgerRows();

        String stopId = text(phone, "Stop.");

        OutboundMessageRequested confirmation = awaitReply(phone, Purpose.OPT_OUT_CONFIRMATION);
        // the number was suppressed before the transaction that requested the confirmation committed
        assertThat(jedis.sismember(suppressedPhonesKey(), phone)).isTrue();
        assertThat(confirmation.body()).isEqualTo(texts.stopped("en"));
        assertThat(confirmation.messageId()).isEqualTo(OutgoingMessages.replyId(stopId));
        assertThat(subscription(supporterId, DEFAULT_LIST)).isEqualTo("UNSUBSCRIBED");
        assertThat(subscription(supporterId, climate)).isEqualTo("UNSUBSCRIBED");
        ConsentChanged everywhere = awaitConsent(phone, ConsentChanged.ALL_LISTS, ConsentState.UNSUBSCRIBED);
        assertThat(everywhere.evidence()).isEqualTo("Stop.");
        assertThat(jdbc.queryForMap("SELECT list_id, state, cause FROM consent_ledger WHERE provider_message_id = ?", stopId))
                .containsEntry("list_id", null).containsEntry("state", "UNSUBSCRIBED").containsEntry("cause", "OPT_OUT");
        assertThat(ledgerRows()).as("the ledger only grows").isEqualTo(ledgerRowsBefore + 1);

        settle(phone);
        assertThat(replies(phone, Purpose.OPT_OUT_CONFIRMATION)).hasSize(1);

        // joining again takes the number out of the suppression set, for the default list only
        text(phone, "START");
        await().untilAsserted(() -> assertThat(jedis.sismember(suppressedPhonesKey(), phone)).isFalse());
        assertThat(subscription(supporterId, DEFAULT_LIST)).isEqualTo("SUBSCRIBED");
        assertThat(subscription(supporterId, climate)).isEqualTo("UNSUBSCRIBED");
        assertThat(jdbc.queryForObject("SELECT opted_out_at IS NULL FROM supporter WHERE id = ?::uuid", Boolean.class,
                supporterId)).isTrue();
        assertThat(ledgerRows()).as("the ledger only grows").isGreaterThan(ledgerRowsBefore + 1);
    }

    @Test
    void stopWithAListKeywordLeavesOnlyThatList() {
        String keyword = uniqueKeyword("FOREST");
        String forest = createList("Forest " + keyword, keyword, false);
        String phone = TestPhones.next();
        text(phone, "JOIN");
        text(phone, keyword);
        await().untilAsserted(() -> assertThat(replies(phone, Purpose.OPT_IN_CONFIRMATION)).hasSize(2));
        String supporterId = supporterId(phone);

        text(phone, "stop " + keyword.toLowerCase() + "!");

        OutboundMessageRequested confirmation = awaitReply(phone, Purpose.OPT_OUT_CONFIRMATION);
        assertThat(confirmation.body()).isEqualTo(texts.leftList("en", "Forest " + keyword));
        assertThat(subscription(supporterId, forest)).isEqualTo("UNSUBSCRIBED");
        assertThat(subscription(supporterId, DEFAULT_LIST)).isEqualTo("SUBSCRIBED");
        awaitConsent(phone, forest, ConsentState.UNSUBSCRIBED);
        assertThat(jedis.sismember(suppressedPhonesKey(), phone)).isFalse();
        settle(phone);
        assertThat(consents(phone, ConsentChanged.ALL_LISTS)).isEmpty();
        assertThat(replies(phone, Purpose.OPT_OUT_CONFIRMATION)).hasSize(1);
    }

    @Test
    void aProviderOptOutIsRecordedAndSuppressedWithoutAConfirmationAndOnlyOnce() {
        String phone = TestPhones.next();
        text(phone, "JOIN");
        awaitReply(phone, Purpose.OPT_IN_CONFIRMATION);
        String supporterId = supporterId(phone);
        double duplicatesBefore = duplicates();
        var report = new OptOutReportedByProvider(phone, "twilio", "21610", Instant.now());

        kafka.send(Topics.PROVIDER_OPT_OUTS, phone, report);
        kafka.send(Topics.PROVIDER_OPT_OUTS, phone, report);

        await().untilAsserted(() -> assertThat(duplicates()).isGreaterThan(duplicatesBefore));
        assertThat(jdbc.queryForList("SELECT evidence || '/' || cause FROM consent_ledger WHERE supporter_id = ?::uuid "
                + "AND list_id IS NULL", String.class, supporterId)).containsExactly("provider twilio 21610/PROVIDER_OPT_OUT");
        assertThat(jedis.sismember(suppressedPhonesKey(), phone)).isTrue();
        assertThat(subscription(supporterId, DEFAULT_LIST)).isEqualTo("UNSUBSCRIBED");
        assertThat(awaitConsent(phone, ConsentChanged.ALL_LISTS, ConsentState.UNSUBSCRIBED).evidence())
                .isEqualTo("provider twilio 21610");
        settle(phone);
        assertThat(replies(phone, Purpose.OPT_OUT_CONFIRMATION)).isEmpty();
    }

    // ---------------------------------------------------------------- help, strangers, redelivery

    @Test
    void helpAnswersInTheKeywordsLanguageOrTheSupportersAndCreatesNoSupporter() {
        String stranger = TestPhones.next();
        text(stranger, "¿Ayuda?");
        OutboundMessageRequested spanish = awaitReply(stranger, Purpose.HELP);
        assertThat(spanish.body()).isEqualTo(texts.help("es"));
        assertThat(spanish.supporterId()).isNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM supporter WHERE phone = ?", Integer.class, stranger)).isZero();

        String russian = TestPhones.next();
        text(russian, "СТАРТ");
        awaitReply(russian, Purpose.OPT_IN_CONFIRMATION);
        text(russian, "info"); // INFO belongs to no language: the supporter's is used
        assertThat(awaitReply(russian, Purpose.HELP).body()).isEqualTo(texts.help("ru"));
    }

    @Test
    void aStrangersUnknownTextGetsOneHintADayAndASupportersGetsNothing() {
        String stranger = TestPhones.next();
        text(stranger, "hello?");
        text(stranger, "hello again");
        text(stranger, "Tocsin: text JOIN to this number"); // an auto-responder echoing our hint: no loop
        settle(stranger);

        assertThat(replies(stranger, Purpose.HINT)).singleElement()
                .satisfies(hint -> assertThat(hint.body()).isEqualTo(texts.hint("en")));
        long ttl = jedis.ttl(redis.key("hint-sent", stranger));
        assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofDays(1).toSeconds());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM supporter WHERE phone = ?", Integer.class, stranger)).isZero();

        String supporter = TestPhones.next();
        text(supporter, "JOIN");
        text(supporter, "hello, what now?");
        settle(supporter);
        assertThat(kafka.seen(Topics.OUTBOUND_TRANSACTIONAL, OutboundMessageRequested.class, r -> r.to().equals(supporter)))
                .extracting(OutboundMessageRequested::purpose).containsExactly(Purpose.OPT_IN_CONFIRMATION, Purpose.HELP);
    }

    @Test
    void aRedeliveredInboundMessageIsAppliedOnce() {
        String phone = TestPhones.next();
        var join = inbound(phone, "JOIN Ana", Instant.now());
        var stop = inbound(phone, "STOP", Instant.now());

        kafka.send(Topics.INBOUND, phone, join);
        kafka.send(Topics.INBOUND, phone, join);
        kafka.send(Topics.INBOUND, phone, stop);
        kafka.send(Topics.INBOUND, phone, stop);
        settle(phone);

        assertThat(replies(phone, Purpose.OPT_IN_CONFIRMATION)).hasSize(1);
        assertThat(replies(phone, Purpose.OPT_OUT_CONFIRMATION)).hasSize(1);
        for (String providerId : List.of(join.providerMessageId(), stop.providerMessageId())) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM consent_ledger WHERE provider_message_id = ?",
                    Integer.class, providerId)).as(providerId).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_key = ? AND payload->>'messageId' = ?",
                    Integer.class, phone, OutgoingMessages.replyId(providerId))).isEqualTo(1);
        }
        assertThat(jedis.sismember(suppressedPhonesKey(), phone)).isTrue();
    }

    @Test
    void theConsentLedgerRefusesUpdatesDeletesAndTruncation() {
        String phone = TestPhones.next();
        text(phone, "JOIN");
        awaitReply(phone, Purpose.OPT_IN_CONFIRMATION);
        long rows = ledgerRows();

        assertThatThrownBy(() -> jdbc.update("UPDATE consent_ledger SET evidence = 'rewritten'"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM consent_ledger"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE consent_ledger CASCADE"))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(ledgerRows()).isEqualTo(rows);
    }

    // ---------------------------------------------------------------- replies to urgent actions

    @Test
    void repliesToAnOpenActionAreNormalisedRecordedAnnouncedAndThankedOnce() {
        String yes = joined("JOIN");
        String no = joined("JOIN");
        String named = joined("JOIN");
        String russian = joined("ПОДПИСАТЬСЯ");
        String actionId = UUID.randomUUID().toString();
        trigger(actionId, Instant.now().plus(Duration.ofHours(1)), "Thank you for acting!");
        List.of(yes, no, named, russian).forEach(phone -> sent(actionId, phone));

        text(yes, "YES");
        text(no, "no");
        text(named, "Maria Lopez");
        text(russian, "Да");

        await().untilAsserted(() -> assertThat(kafka.seen(Topics.RESPONSES, ResponseRecorded.class,
                r -> r.actionId().equals(actionId))).hasSize(4));
        assertThat(responseKind(actionId, yes)).isEqualTo("YES");
        assertThat(responseKind(actionId, no)).isEqualTo("NO");
        assertThat(responseKind(actionId, named)).isEqualTo("OTHER");
        assertThat(responseKind(actionId, russian)).isEqualTo("YES");
        assertThat(jdbc.queryForObject("SELECT text FROM action_response WHERE action_id = ? AND supporter_id = ?::uuid",
                String.class, actionId, supporterId(named))).isEqualTo("Maria Lopez");
        ResponseRecorded recorded = kafka.seen(Topics.RESPONSES, ResponseRecorded.class,
                r -> r.actionId().equals(actionId) && r.supporterId().equals(supporterId(named))).getFirst();
        assertThat(recorded.kind()).isEqualTo(ResponseKind.OTHER);
        assertThat(recorded.text()).isEqualTo("Maria Lopez");
        for (String phone : List.of(yes, no, named, russian)) {
            OutboundMessageRequested thanks = awaitReply(phone, Purpose.THANKS);
            assertThat(thanks.body()).isEqualTo("Thank you for acting!");
            assertThat(thanks.actionId()).as("a thank-you is no part of the action's fan-out").isNull();
        }

        // a second reply updates the text, counts once and is not thanked again
        text(yes, "yes, and I shared it");
        settle(yes);
        assertThat(jdbc.queryForMap("SELECT kind, text, replies FROM action_response WHERE action_id = ? "
                + "AND supporter_id = ?::uuid", actionId, supporterId(yes)))
                .containsEntry("kind", "YES").containsEntry("text", "yes, and I shared it").containsEntry("replies", 2);
        assertThat(replies(yes, Purpose.THANKS)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_type = 'ResponseRecorded' "
                + "AND payload->>'supporterId' = ?", Integer.class, supporterId(yes))).isEqualTo(1);

        // the API: coordinators see numbers, analysts see them masked
        JsonNode asCoordinator = getJson("coordinator", "/api/v1/alerts/" + actionId + "/responses");
        assertThat(asCoordinator).hasSize(4);
        assertThat(asCoordinator.findValuesAsString("phone")).containsExactlyInAnyOrder(yes, no, named, russian);
        assertThat(asCoordinator.findValuesAsString("kind")).containsExactlyInAnyOrder("YES", "YES", "NO", "OTHER");
        JsonNode asAnalyst = getJson("analyst", "/api/v1/alerts/" + actionId + "/responses");
        assertThat(asAnalyst.findValuesAsString("phone")).hasSize(4).allSatisfy(p -> {
            assertThat(p).contains("*").startsWith("+44");
            assertThat(List.of(yes, no, named, russian)).doesNotContain(p);
        });
        assertThat(asAnalyst.findValuesAsString("text")).contains("Maria Lopez");

        // one supporter's response, looked up alone
        JsonNode one = getJson("coordinator", "/api/v1/alerts/" + actionId + "/responses/" + supporterId(yes));
        assertThat(one.path("phone").asString()).isEqualTo(yes);
        assertThat(one.path("text").asString()).isEqualTo("yes, and I shared it");
        assertThat(one.path("replies").asInt()).isEqualTo(2);
        assertThat(getJson("analyst", "/api/v1/alerts/" + actionId + "/responses/" + supporterId(named))
                .path("phone").asString()).contains("*").isNotEqualTo(named);
        String silent = joined("JOIN");
        var none = ServiceProbe.local(port).as("analyst", "secret")
                .get("/api/v1/alerts/" + actionId + "/responses/" + supporterId(silent));
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.body()).contains("has not responded");
    }

    @Test
    void aReplyAfterTheWindowOrToACancelledActionIsNoResponse() {
        String late = joined("JOIN");
        String lateAction = UUID.randomUUID().toString();
        Instant replyUntil = Instant.now().plus(Duration.ofHours(1));
        trigger(lateAction, replyUntil, "thanks");
        sent(lateAction, late);
        kafka.send(Topics.INBOUND, late, inbound(late, "YES", replyUntil.plusSeconds(60)));

        String cancelledFor = joined("JOIN");
        String cancelledAction = UUID.randomUUID().toString();
        trigger(cancelledAction, Instant.now().plus(Duration.ofHours(1)), "thanks");
        sent(cancelledAction, cancelledFor);
        kafka.send(Topics.URGENT_ACTIONS, cancelledAction, new UrgentActionCancelled(cancelledAction, "coordinator",
                Instant.now()));
        await().untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM urgent_action WHERE id = ? AND cancelled_at IS NOT NULL", Integer.class,
                cancelledAction)).isEqualTo(1));
        text(cancelledFor, "YES");

        settle(late);
        settle(cancelledFor);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM action_response WHERE action_id IN (?, ?)", Integer.class,
                lateAction, cancelledAction)).isZero();
        assertThat(replies(late, Purpose.THANKS)).isEmpty();
        assertThat(replies(cancelledFor, Purpose.THANKS)).isEmpty();
    }

    @Test
    void stopAndHelpWinOverAnOpenAction() {
        String phone = joined("JOIN");
        String actionId = UUID.randomUUID().toString();
        trigger(actionId, Instant.now().plus(Duration.ofHours(1)), "thanks");
        sent(actionId, phone);

        text(phone, "HELP");
        awaitReply(phone, Purpose.HELP);
        text(phone, "STOP");
        awaitReply(phone, Purpose.OPT_OUT_CONFIRMATION);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM action_response WHERE action_id = ?", Integer.class, actionId))
                .isZero();
        assertThat(replies(phone, Purpose.THANKS)).isEmpty();
    }

    @Test
    void theSeededListIsAnnouncedAtStartUp() {
        await().untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM outbox WHERE event_type = 'ListChanged' AND event_key = ? AND published_at IS NOT NULL",
                Integer.class, DEFAULT_LIST)).isPositive());
        assertThat(kafka.seen(Topics.LISTS, ListChanged.class, l -> l.listId().equals(DEFAULT_LIST)))
                .isNotEmpty().allSatisfy(l -> {
                    assertThat(l.name()).isEqualTo(DEFAULT_LIST_NAME);
                    assertThat(l.doubleOptIn()).isFalse();
                });
    }

    // ---------------------------------------------------------------- helpers

    static ConditionFactory await() {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    static InboundMessageReceived inbound(String phone, String body, Instant at) {
        return new InboundMessageReceived("SM" + UUID.randomUUID().toString().replace("-", ""), "twilio", Channel.SMS,
                phone, "+15005550006", body, at);
    }

    /** The supporter texts {@code body}; returns the provider message id. */
    String text(String phone, String body) {
        var message = inbound(phone, body, Instant.now());
        kafka.send(Topics.INBOUND, phone, message);
        return message.providerMessageId();
    }

    /** A new supporter who joined with {@code keyword}. */
    String joined(String keyword) {
        String phone = TestPhones.next();
        text(phone, keyword);
        awaitReply(phone, Purpose.OPT_IN_CONFIRMATION);
        return phone;
    }

    /** Dispatch announces a triggered action; waits until the service knows it (it arrives on its own topic). */
    void trigger(String actionId, Instant replyUntil, String thanks) {
        kafka.send(Topics.URGENT_ACTIONS, actionId, new UrgentActionTriggered(actionId, List.of(DEFAULT_LIST), Channel.SMS,
                replyUntil, thanks, "coordinator", Instant.now()));
        await().untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM urgent_action WHERE id = ?", Integer.class, actionId)).isEqualTo(1));
    }

    /** The gateway reports the action sent to this supporter; waits until the service knows. */
    void sent(String actionId, String phone) {
        String supporterId = supporterId(phone);
        kafka.send(Topics.MESSAGE_STATUS, phone, new MessageStatusChanged(UUID.randomUUID().toString(),
                "SM" + UUID.randomUUID().toString().replace("-", ""), phone, actionId, supporterId, DeliveryStatus.SENT,
                null, Instant.now()));
        await().untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM action_recipient WHERE action_id = ? AND supporter_id = ?::uuid", Integer.class,
                actionId, supporterId)).isEqualTo(1));
    }

    /** Texts HELP and waits for its reply: every earlier reply to this number has been relayed by then. */
    void settle(String phone) {
        String marker = text(phone, "HELP");
        String replyId = OutgoingMessages.replyId(marker);
        await().untilAsserted(() -> assertThat(kafka.seen(Topics.OUTBOUND_TRANSACTIONAL, OutboundMessageRequested.class,
                r -> r.messageId().equals(replyId))).isNotEmpty());
    }

    OutboundMessageRequested awaitReply(String phone, Purpose purpose) {
        await().untilAsserted(() -> assertThat(replies(phone, purpose)).isNotEmpty());
        return replies(phone, purpose).getFirst();
    }

    List<OutboundMessageRequested> replies(String phone, Purpose purpose) {
        return kafka.seen(Topics.OUTBOUND_TRANSACTIONAL, OutboundMessageRequested.class,
                r -> r.to().equals(phone) && r.purpose() == purpose);
    }

    List<ConsentChanged> consents(String phone, String listId) {
        return kafka.seen(Topics.CONSENT, ConsentChanged.class, c -> c.phone().equals(phone) && c.listId().equals(listId));
    }

    ConsentChanged awaitConsent(String phone, String listId, ConsentState state) {
        await().untilAsserted(() -> assertThat(consents(phone, listId)).extracting(ConsentChanged::state).contains(state));
        return consents(phone, listId).stream().filter(c -> c.state() == state).findFirst().orElseThrow();
    }

    String supporterId(String phone) {
        return jdbc.queryForObject("SELECT id::text FROM supporter WHERE phone = ?", String.class, phone);
    }

    String subscription(String supporterId, String listId) {
        return jdbc.queryForObject("SELECT state FROM subscription WHERE supporter_id = ?::uuid AND list_id = ?::uuid",
                String.class, supporterId, listId);
    }

    String responseKind(String actionId, String phone) {
        return jdbc.queryForObject("SELECT kind FROM action_response WHERE action_id = ? AND supporter_id = ?::uuid",
                String.class, actionId, supporterId(phone));
    }

    long ledgerRows() {
        return jdbc.queryForObject("SELECT count(*) FROM consent_ledger", Long.class);
    }

    double duplicates() {
        var counter = meters.find("tocsin.subscriber.inbound").tag("outcome", "duplicate").counter();
        return counter == null ? 0 : counter.count();
    }

    String suppressedPhonesKey() {
        return redis.key(SharedRedisKeys.SUPPRESSED_PHONES);
    }

    static String uniqueKeyword(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();
    }

    String createList(String name, String keyword, boolean doubleOptIn) {
        var reply = ServiceProbe.local(port).as("admin", "secret").postJson("/api/v1/lists",
                "{\"name\":\"%s\",\"keyword\":\"%s\",\"doubleOptIn\":%s}".formatted(name, keyword, doubleOptIn));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return JSON.readTree(reply.body()).path("id").asString();
    }

    JsonNode getJson(String user, String path) {
        var reply = ServiceProbe.local(port).as(user, "secret").get(path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }
}
