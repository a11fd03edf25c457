package org.tocsin.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.savedrequest.RequestCacheAwareFilter;
import org.springframework.security.web.session.SessionManagementFilter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.MessageStatusChanged;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.contracts.Topics;
import org.tocsin.gateway.provider.OutboundSms;
import org.tocsin.gateway.provider.ProviderAdapter;
import org.tocsin.gateway.provider.SendOutcome;
import org.tocsin.gateway.support.FreePort;
import org.tocsin.gateway.support.RecordedEvents;
import org.tocsin.gateway.support.WebhookPoster;
import org.tocsin.platform.redis.RedisProperties;
import org.tocsin.testkit.spring.RealInfrastructure;
import org.tocsin.twiliosim.InboundResult;
import org.tocsin.twiliosim.SimulatorConfig;
import org.tocsin.twiliosim.TwilioSimulator;
import redis.clients.jedis.JedisPooled;

/**
 * Twilio's webhooks through the running gateway: real payloads in, events read back from Kafka.
 * Sending is switched off in this context; {@code SendPipelineTest} covers it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@RealInfrastructure
class TwilioWebhookTest {

    private static final int PORT = FreePort.find();
    private static final String BASE_URL = "http://127.0.0.1:" + PORT;
    private static final String ACCOUNT = SimulatorConfig.DEFAULT_ACCOUNT_SID;
    private static final String TOKEN = SimulatorConfig.DEFAULT_AUTH_TOKEN;
    private static final String INBOUND = "/webhooks/twilio/inbound";
    private static final String STATUS = "/webhooks/twilio/status";
    private static final AtomicLong NUMBERS = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000));

    private static final TwilioSimulator simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0)
            .withInboundWebhookUrl(BASE_URL + INBOUND));
    private static RecordedEvents events;

    private final WebhookPoster twilio = new WebhookPoster(BASE_URL, TOKEN);

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    ProviderAdapter adapter;

    @Autowired
    JedisPooled redis;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    RedisProperties keys;

    @Autowired
    FilterChainProxy securityFilters;

    @DynamicPropertySource
    static void gatewayAsTwilioSeesIt(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("tocsin.twilio.public-base-url", () -> BASE_URL);
        registry.add("tocsin.twilio.api-base-url", simulator::baseUrl);
        registry.add("tocsin.twilio.account-sid", () -> ACCOUNT);
        registry.add("tocsin.twilio.auth-token", () -> TOKEN);
        registry.add("tocsin.gateway.enabled", () -> false);
    }

    @BeforeEach
    void recordEvents() {
        if (events == null) {
            events = new RecordedEvents(kafka, List.of(Topics.INBOUND, Topics.MESSAGE_STATUS));
        }
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
        simulator.close();
    }

    // ---- inbound -------------------------------------------------------------------------------

    /**
     * A raw inbound body as Twilio posts it; {sid}, {from} and {waid} are replaced by values unique
     * to the run, {from} URL-encoded.
     */
    record InboundCase(String name, String body, Channel channel, String to, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> inboundPayloads() {
        String sms = "ToCountry=US&ToState=CA&SmsMessageSid={sid}&NumMedia=0&ToCity=SAN+FRANCISCO&FromZip=&SmsSid={sid}"
                + "&FromState=&SmsStatus=received&FromCity=&Body=%s&FromCountry=GB&To=%%2B15005550006&ToZip=94105"
                + "&NumSegments=1&MessageSid={sid}&AccountSid=" + ACCOUNT + "&From={from}&ApiVersion=2010-04-01";
        return Stream.of(
                new InboundCase("SMS keyword with a name", sms.formatted("JOIN+Maria"), Channel.SMS, "+15005550006",
                        "JOIN Maria"),
                new InboundCase("Cyrillic STOP, UTF-8 encoded", sms.formatted("%D0%A1%D0%A2%D0%9E%D0%9F"), Channel.SMS,
                        "+15005550006", "СТОП"),
                new InboundCase("Spanish with accents and punctuation", sms.formatted("%C2%A1S%C3%AD%2C+me+uno%21"),
                        Channel.SMS, "+15005550006", "¡Sí, me uno!"),
                new InboundCase("emoji, plus and ampersand", sms.formatted("Yes+%F0%9F%91%8D+%2B1+%26+more"),
                        Channel.SMS, "+15005550006", "Yes 👍 +1 & more"),
                new InboundCase("MMS without text", "ToCountry=US&MediaContentType0=image%2Fjpeg&SmsMessageSid={sid}"
                        + "&NumMedia=1&SmsSid={sid}&SmsStatus=received&Body=&FromCountry=GB&To=%2B15005550006"
                        + "&NumSegments=1&MessageSid={sid}&AccountSid=" + ACCOUNT + "&From={from}"
                        + "&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2F2010-04-01%2FAccounts%2F" + ACCOUNT
                        + "%2FMessages%2F{sid}%2FMedia%2FME00000000000000000000000000000000&ApiVersion=2010-04-01",
                        Channel.SMS, "+15005550006", ""),
                new InboundCase("WhatsApp text", "SmsMessageSid={sid}&NumMedia=0&ProfileName=Maria&MessageType=text"
                        + "&SmsSid={sid}&WaId={waid}&SmsStatus=received&Body=Hola%2C+s%C3%AD&To=whatsapp%3A%2B14155238886"
                        + "&NumSegments=1&ReferralNumMedia=0&MessageSid={sid}&AccountSid=" + ACCOUNT
                        + "&From=whatsapp%3A{from}&ApiVersion=2010-04-01",
                        Channel.WHATSAPP, "+14155238886", "Hola, sí")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inboundPayloads")
    void inboundMessageBecomesOneEventAndAnEmptyTwimlAnswer(InboundCase c) {
        String sid = newSid();
        String from = newPhone();
        String body = c.body().replace("{sid}", sid).replace("{from}", "%2B" + from.substring(1))
                .replace("{waid}", from.substring(1));

        HttpResponse<String> answer = twilio.signed(INBOUND, body);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/xml"));
        assertThat(answer.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        InboundMessageReceived event = events.awaitOne(InboundMessageReceived.class, e -> e.providerMessageId().equals(sid));
        assertThat(event.provider()).isEqualTo("twilio");
        assertThat(event.channel()).isEqualTo(c.channel());
        assertThat(event.from()).isEqualTo(from);
        assertThat(event.to()).isEqualTo(c.to());
        assertThat(event.body()).isEqualTo(c.text());
        assertThat(event.receivedAt()).isNotNull();
        assertThat(events.recorded(InboundMessageReceived.class, e -> e.providerMessageId().equals(sid)))
                .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(from));
    }

    /** Twilio's own opt-out keywords, as its docs list them, against texts it does not treat as one. */
    @ParameterizedTest(name = "{0} suppresses at once: {1}")
    @CsvSource(delimiter = '|', value = {
            "STOP|true", "+stop+|true", "Stop|true", "STOPALL|true", "unsubscribe|true", "CANCEL|true", "end|true",
            "QUIT|true", "revoke|true", "OPTOUT|true",
            "STOP+CLIMATE|false", "stop+texting+me|false", "%D0%A1%D0%A2%D0%9E%D0%9F|false", "START|false",
            "YES|false"})
    void aTwilioOptOutKeywordSuppressesTheNumberBeforeTheAnswer(String text, boolean suppressed) {
        String from = newPhone();

        assertThat(twilio.signed(INBOUND, inboundBody(newSid(), from, text)).statusCode()).isEqualTo(200);

        // subscriber-service decides the rest (a list's STOP, other languages), after the answer
        assertThat(redis.sismember(keys.key(SharedRedisKeys.SUPPRESSED_PHONES), from)).isEqualTo(suppressed);
    }

    @Test
    void aRepeatedStopDoesNotSuppressAgainAfterTheNumberWasLetBackIn() {
        String sid = newSid();
        String from = newPhone();
        String suppressed = keys.key(SharedRedisKeys.SUPPRESSED_PHONES);
        assertThat(twilio.signed(INBOUND, inboundBody(sid, from, "STOP")).statusCode()).isEqualTo(200);
        assertThat(redis.sismember(suppressed, from)).isTrue();
        redis.srem(suppressed, from); // as subscriber-service does when the supporter texts START

        assertThat(twilio.signed(INBOUND, inboundBody(sid, from, "STOP")).statusCode()).isEqualTo(200);

        assertThat(redis.sismember(suppressed, from)).isFalse();
    }

    @Test
    void simulatorsSignedInboundWebhookIsAccepted() {
        String from = newPhone();

        InboundResult result = simulator.sendInbound(from, "+15005550006", "JOIN");

        assertThat(result.webhookStatus()).isEqualTo(200);
        InboundMessageReceived event = events.awaitOne(InboundMessageReceived.class,
                e -> e.providerMessageId().equals(result.messageSid()));
        assertThat(event.from()).isEqualTo(from);
        assertThat(event.body()).isEqualTo("JOIN");
    }

    @Test
    void webhooksAreTimedWithoutObservingEverySecurityFilter() {
        String sid = newSid();

        assertThat(twilio.signed(INBOUND, inboundBody(sid, newPhone(), "JOIN")).statusCode()).isEqualTo(200);

        // the request itself is still observed (http.server.requests); Spring Security's per-filter
        // observations cost more CPU than the webhook handler and are switched off (platform's SecurityAutoConfiguration)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(meters.find("http.server.requests").tag("uri", INBOUND).timer()).isNotNull());
        assertThat(meters.getMeters()).noneMatch(m -> m.getId().getName().startsWith("spring.security"));
    }

    @Test
    void webhooksPassThroughAShortSecurityChainOfTheirOwnAndNothingElseDoes() throws Exception {
        List<Class<?>> webhook = securityFiltersFor(new MockHttpServletRequest("POST", INBOUND));
        List<Class<?>> api = securityFiltersFor(new MockHttpServletRequest("GET", INBOUND));

        // the signature is the webhook's proof: none of the API's authentication, session or request cache
        assertThat(webhook).doesNotContain(BasicAuthenticationFilter.class, AnonymousAuthenticationFilter.class,
                SessionManagementFilter.class, RequestCacheAwareFilter.class, ExceptionTranslationFilter.class);
        assertThat(webhook).contains(HeaderWriterFilter.class);
        assertThat(api).contains(BasicAuthenticationFilter.class, ExceptionTranslationFilter.class);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(BASE_URL + INBOUND)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).as("only POST is a webhook").isEqualTo(401);
        }
    }

    private List<Class<?>> securityFiltersFor(MockHttpServletRequest request) {
        return securityFilters.getFilterChains().stream().filter(chain -> chain.matches(request)).findFirst()
                .orElseThrow().getFilters().stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void replayedMessageSidIsPublishedOnce() throws Exception {
        String sid = newSid();
        String from = newPhone();
        String body = inboundBody(sid, from, "YES");

        assertThat(twilio.signed(INBOUND, body).statusCode()).isEqualTo(200);
        assertThat(twilio.signed(INBOUND, body).statusCode()).isEqualTo(200);
        // and several at once, as when Twilio retries while the first is still being answered
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var answers = IntStream.range(0, 6).mapToObj(i -> threads.submit(() -> twilio.signed(INBOUND, body).statusCode()))
                    .toList();
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        }

        String control = sendControlInbound(from);
        events.awaitOne(InboundMessageReceived.class, e -> e.providerMessageId().equals(control));
        assertThat(events.all(InboundMessageReceived.class, e -> e.providerMessageId().equals(sid))).hasSize(1);
    }

    @Test
    void forgedSignatureIsRefusedAndPublishesNothing() {
        String sid = newSid();
        String from = newPhone();
        String body = inboundBody(sid, from, "STOP");
        String forged = new WebhookPoster(BASE_URL, "not-the-auth-token").signature(BASE_URL + INBOUND, body);

        HttpResponse<String> answer = twilio.post(INBOUND, body, forged);

        assertForbidden(answer);
        assertNothingPublishedFor(sid, from);
    }

    @Test
    void unsignedRequestIsRefusedAndPublishesNothing() {
        String sid = newSid();
        String from = newPhone();

        assertForbidden(twilio.post(INBOUND, inboundBody(sid, from, "STOP"), null));
        assertForbidden(twilio.post(INBOUND, inboundBody(sid, from, "STOP"), ""));
        assertNothingPublishedFor(sid, from);
    }

    @Test
    void bodyChangedAfterSigningIsRefused() {
        String sid = newSid();
        String from = newPhone();
        String signature = twilio.signature(BASE_URL + INBOUND, inboundBody(sid, from, "JOIN"));

        assertForbidden(twilio.post(INBOUND, inboundBody(sid, from, "STOP"), signature));
        assertNothingPublishedFor(sid, from);
    }

    @Test
    void inboundWithoutMessageSidIsABadRequestNamingIt() {
        String body = "SmsStatus=received&Body=JOIN&To=%2B15005550006&AccountSid=" + ACCOUNT + "&From=%2B" + newPhone().substring(1);

        HttpResponse<String> answer = twilio.signed(INBOUND, body);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("\"field\":\"MessageSid\"");
    }

    // ---- status callbacks ------------------------------------------------------------------------

    /** A status callback: the query our gateway put in the URL, the raw body Twilio posts, what it means. */
    record StatusCase(String name, String query, String body, DeliveryStatus expected, String errorCode,
                      String actionId, String supporterId) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> statusPayloads() {
        String common = "&To={to}&MessageSid={sid}&SmsSid={sid}&AccountSid=" + ACCOUNT
                + "&From=%2B15005550006&ApiVersion=2010-04-01";
        String ids = "?mid={mid}&a=action-7&s=supporter-9";
        return Stream.of(
                new StatusCase("delivered", ids, "SmsStatus=delivered&MessageStatus=delivered" + common
                        + "&RawDlrDoneDate=2611211243", DeliveryStatus.DELIVERED, null, "action-7", "supporter-9"),
                new StatusCase("undelivered with its error", ids, "SmsStatus=undelivered&MessageStatus=undelivered"
                        + common + "&ErrorCode=30003&RawDlrDoneDate=2611211243", DeliveryStatus.UNDELIVERED, "30003",
                        "action-7", "supporter-9"),
                new StatusCase("failed with its error", ids, "SmsStatus=failed&MessageStatus=failed" + common
                        + "&ErrorCode=30008", DeliveryStatus.FAILED, "30008", "action-7", "supporter-9"),
                new StatusCase("WhatsApp read receipt counts as delivered", ids, "SmsStatus=read&MessageStatus=read"
                        + "&ChannelToAddress=%2B{toDigits}&To=whatsapp%3A{to}&MessageSid={sid}&SmsSid={sid}&AccountSid="
                        + ACCOUNT + "&From=whatsapp%3A%2B14155238886&ApiVersion=2010-04-01", DeliveryStatus.DELIVERED,
                        null, "action-7", "supporter-9"),
                new StatusCase("canceled before sending", ids, "SmsStatus=canceled&MessageStatus=canceled" + common,
                        DeliveryStatus.CANCELLED, null, "action-7", "supporter-9"),
                new StatusCase("a transactional message has no action or supporter", "?mid={mid}",
                        "SmsStatus=delivered&MessageStatus=delivered" + common, DeliveryStatus.DELIVERED, null, null,
                        null),
                new StatusCase("sent is not news: SENT was announced on acceptance", ids,
                        "SmsStatus=sent&MessageStatus=sent" + common, null, null, null, null),
                new StatusCase("queued is not news", ids, "SmsStatus=queued&MessageStatus=queued" + common, null, null,
                        null, null),
                new StatusCase("sending is not news", ids, "SmsStatus=sending&MessageStatus=sending" + common, null,
                        null, null, null),
                new StatusCase("without our message id it is not ours", "", "SmsStatus=delivered&MessageStatus=delivered"
                        + common, null, null, null, null)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusPayloads")
    void statusCallbackBecomesAStatusEventOrIsIgnored(StatusCase c) {
        String sid = newSid();
        String mid = "msg-" + sid.substring(2, 14);
        String to = newPhone();
        String query = c.query().replace("{mid}", mid);
        String body = c.body().replace("{sid}", sid).replace("{to}", "%2B" + to.substring(1))
                .replace("{toDigits}", to.substring(1));

        HttpResponse<String> answer = twilio.signed(STATUS + query, body);

        assertThat(answer.statusCode()).isEqualTo(200);
        if (c.expected() == null) {
            assertNoStatusEventFor(sid, to);
            return;
        }
        MessageStatusChanged event = events.awaitOne(MessageStatusChanged.class, e -> sid.equals(e.providerMessageId()));
        assertThat(event.messageId()).isEqualTo(mid);
        assertThat(event.status()).isEqualTo(c.expected());
        assertThat(event.errorCode()).isEqualTo(c.errorCode());
        assertThat(event.to()).isEqualTo(to);
        assertThat(event.actionId()).isEqualTo(c.actionId());
        assertThat(event.supporterId()).isEqualTo(c.supporterId());
        assertThat(events.recorded(MessageStatusChanged.class, e -> sid.equals(e.providerMessageId())))
                .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(to));
    }

    @Test
    void repeatedStatusCallbackIsPublishedOnceButANewStatusIsNot() {
        String sid = newSid();
        String to = newPhone();
        String query = "?mid=m-" + sid + "&a=act&s=sup";
        String undelivered = statusBody(sid, to, "undelivered") + "&ErrorCode=30003";
        String failed = statusBody(sid, to, "failed") + "&ErrorCode=30008";

        assertThat(twilio.signed(STATUS + query, undelivered).statusCode()).isEqualTo(200);
        assertThat(twilio.signed(STATUS + query, undelivered).statusCode()).isEqualTo(200);
        assertThat(twilio.signed(STATUS + query, failed).statusCode()).isEqualTo(200);

        events.awaitOne(MessageStatusChanged.class,
                e -> sid.equals(e.providerMessageId()) && e.status() == DeliveryStatus.FAILED);
        assertThat(events.all(MessageStatusChanged.class, e -> sid.equals(e.providerMessageId())))
                .extracting(MessageStatusChanged::status)
                .containsExactly(DeliveryStatus.UNDELIVERED, DeliveryStatus.FAILED);
    }

    @Test
    void statusCallbackWithATamperedQueryIsRefused() {
        String sid = newSid();
        String to = newPhone();
        String body = statusBody(sid, to, "delivered");
        String signedForOtherMessage = twilio.signature(BASE_URL + STATUS + "?mid=theirs", body);

        assertForbidden(twilio.post(STATUS + "?mid=ours", body, signedForOtherMessage));
        assertForbidden(twilio.post(STATUS + "?mid=ours", body, null));
        assertNoStatusEventFor(sid, to);
    }

    @Test
    void simulatorsSignedStatusCallbacksBecomeDelivered() {
        String to = newPhone();
        String mid = "msg-" + newSid();
        var sms = new OutboundSms(to, "+15005550006", "Free Ana now", adapter.statusCallback(mid, "act-1", "sup-1"), null);

        var sent = (SendOutcome.Sent) adapter.send(sms);

        MessageStatusChanged delivered = events.awaitOne(MessageStatusChanged.class,
                e -> mid.equals(e.messageId()) && e.status() == DeliveryStatus.DELIVERED);
        assertThat(delivered.providerMessageId()).isEqualTo(sent.providerMessageId());
        assertThat(delivered.actionId()).isEqualTo("act-1");
        assertThat(delivered.supporterId()).isEqualTo("sup-1");
        assertThat(delivered.to()).isEqualTo(to);
        // the simulator's "sent" callback came first and was acknowledged without an event
        assertThat(events.all(MessageStatusChanged.class, e -> mid.equals(e.messageId()))).hasSize(1);
    }

    @Test
    void aDeliveryReportWaitsUntilOurSentEventIsOut() throws Exception {
        String sid = newSid();
        String mid = "msg-" + sid;
        String sentKey = keys.key("sent", mid);
        redis.set(sentKey, "?" + sid); // Twilio accepted it; the sender has not published SENT yet

        double waitedBefore = waitedForSent();
        var answer = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> twilio.signed(STATUS + "?mid=" + mid, statusBody(sid, newPhone(), "delivered")));

        // the report is in and waiting for SENT: nothing of it is published, nothing answered yet
        await().until(() -> waitedForSent() > waitedBefore);
        assertThat(answer).isNotDone();
        assertThat(events.all(MessageStatusChanged.class, e -> mid.equals(e.messageId()))).isEmpty();
        redis.set(sentKey, sid); // SENT is out
        assertThat(answer.get().statusCode()).isEqualTo(200);
        events.awaitOne(MessageStatusChanged.class, e -> mid.equals(e.messageId()) && e.status() == DeliveryStatus.DELIVERED);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private double waitedForSent() {
        var counter = meters.find("tocsin.gateway.status.waited-for-sent").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertForbidden(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("\"status\":403").contains("X-Twilio-Signature");
    }

    /** A later, valid message for the same phone (same key, same partition) arrives; nothing for {@code sid} before it. */
    private void assertNothingPublishedFor(String sid, String from) {
        String control = sendControlInbound(from);
        events.awaitOne(InboundMessageReceived.class, e -> e.providerMessageId().equals(control));
        assertThat(events.all(InboundMessageReceived.class, e -> e.providerMessageId().equals(sid))).isEmpty();
    }

    private void assertNoStatusEventFor(String sid, String to) {
        String control = newSid();
        assertThat(twilio.signed(STATUS + "?mid=control-" + control, statusBody(control, to, "delivered")).statusCode())
                .isEqualTo(200);
        events.awaitOne(MessageStatusChanged.class, e -> control.equals(e.providerMessageId()));
        assertThat(events.all(MessageStatusChanged.class, e -> sid.equals(e.providerMessageId()))).isEmpty();
    }

    private String sendControlInbound(String from) {
        String control = newSid();
        assertThat(twilio.signed(INBOUND, inboundBody(control, from, "control")).statusCode()).isEqualTo(200);
        return control;
    }

    private static String inboundBody(String sid, String from, String text) {
        return "SmsMessageSid=" + sid + "&NumMedia=0&SmsSid=" + sid + "&SmsStatus=received&Body=" + text
                + "&To=%2B15005550006&NumSegments=1&MessageSid=" + sid + "&AccountSid=" + ACCOUNT + "&From=%2B"
                + from.substring(1) + "&ApiVersion=2010-04-01";
    }

    private static String statusBody(String sid, String to, String status) {
        return "SmsSid=" + sid + "&SmsStatus=" + status + "&MessageStatus=" + status + "&To=%2B" + to.substring(1)
                + "&MessageSid=" + sid + "&AccountSid=" + ACCOUNT + "&From=%2B15005550006&ApiVersion=2010-04-01";
    }

    private static String newSid() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "SM" + HexFormat.of().formatHex(bytes);
    }

    /** A UK mobile number no other test of this run uses. */
    private static String newPhone() {
        return "+44770" + NUMBERS.incrementAndGet();
    }
}
