package org.tocsin.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.contracts.Topics;
import org.tocsin.gateway.events.EventPublisher;
import org.tocsin.gateway.send.SentMessages;
import org.tocsin.gateway.support.FreePort;
import org.tocsin.gateway.support.RecordedEvents;
import org.tocsin.gateway.webhook.ProcessOnce;
import org.tocsin.gateway.webhook.WebhookProperties;
import org.tocsin.platform.kafka.EventSerializer;
import org.tocsin.platform.redis.RedisProperties;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.testkit.TestInfrastructure;
import org.tocsin.twiliosim.webhook.TwilioSignature;
import redis.clients.jedis.JedisPooled;

/**
 * The inbound webhook is acknowledged only once Kafka has its event: with Kafka unreachable it
 * answers 503 and forgets the MessageSid, so Twilio's retry is processed once Kafka is back.
 * Real Redis and real Kafka clients (one of them pointed at a port where no broker listens).
 */
class InboundWebhookDurabilityTest {

    private static final String TOKEN = "tocsin-local-auth-token";
    private static final String PUBLIC_URL = "http://127.0.0.1:8081";
    private static Infrastructure infrastructure;
    private static JedisPooled redis;
    private static RecordedEvents events;
    private final List<DefaultKafkaProducerFactory<String, Object>> producers = new ArrayList<>();
    private final List<ProcessOnce> onces = new ArrayList<>();

    private final RedisProperties keys = new RedisProperties(URI.create("redis://unused"),
            TestInfrastructure.uniqueName("inbound_durability") + ":", 4);
    private final WebhookProperties webhooks = new WebhookProperties(Duration.ofHours(48), Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ofSeconds(2));
    private final TwilioProperties twilio = new TwilioProperties("AC00000000000000000000000000000000", TOKEN,
            URI.create("http://127.0.0.1:8089"), URI.create(PUBLIC_URL), List.of("+15005550006"));

    @BeforeAll
    static void connect() {
        infrastructure = TestInfrastructure.shared();
        redis = new JedisPooled(infrastructure.redisHost(), infrastructure.redisPort());
        events = new RecordedEvents(infrastructure.kafkaBootstrapServers(), List.of(Topics.INBOUND));
    }

    @AfterAll
    static void disconnect() {
        events.close();
        redis.close();
    }

    @Test
    void unacknowledgedEventMeans503AndTheRetryIsProcessedOnceKafkaIsBack() throws Exception {
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        String from = "+4477390" + java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000, 99_999);

        var kafkaDown = template("127.0.0.1:" + FreePort.find());
        ResponseEntity<?> first = controller(kafkaDown).inbound(signedInbound(sid, from), new MockHttpServletResponse());

        assertThat(first.getStatusCode().value()).isEqualTo(503);
        assertThat(redis.exists(keys.key("webhook", "inbound", sid))).as("claim given back").isFalse();
        assertThat(redis.sismember(keys.key(SharedRedisKeys.SUPPRESSED_PHONES), from))
                .as("Twilio confirmed the STOP already: the number is suppressed even while Kafka is down").isTrue();

        var kafkaUp = template(infrastructure.kafkaBootstrapServers());
        var answer = new MockHttpServletResponse();
        ResponseEntity<?> retried = controller(kafkaUp).inbound(signedInbound(sid, from), answer);

        assertThat(retried).as("no error: the TwiML answer is written to the response").isNull();
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getContentAsString()).endsWith("<Response/>");
        assertThat(events.awaitOne(InboundMessageReceived.class, e -> e.providerMessageId().equals(sid)).from())
                .isEqualTo(from);
        // the "seen" mark is written after the answer, by ProcessOnce's writer
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(redis.get(keys.key("webhook", "inbound", sid))).isEqualTo("done"));
    }

    /** The producers (the one pointed at no broker would try to connect for the rest of the JVM) and the marks' writers. */
    @AfterEach
    void closeClients() throws InterruptedException {
        producers.forEach(DefaultKafkaProducerFactory::destroy);
        producers.clear();
        for (ProcessOnce once : onces) {
            once.close();
        }
        onces.clear();
    }

    private TwilioWebhookController controller(KafkaTemplate<String, Object> kafka) {
        ProcessOnce once = new ProcessOnce(redis, keys, webhooks);
        onces.add(once);
        return new TwilioWebhookController(twilio, once,
                new EventPublisher(kafka, Duration.ofSeconds(2)), new SimpleMeterRegistry(),
                new SentMessages(redis, keys), webhooks, new TwilioOptOuts(redis, keys));
    }

    private KafkaTemplate<String, Object> template(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1_500,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(config);
        producers.add(factory);
        return new KafkaTemplate<>(factory);
    }

    private static MockHttpServletRequest signedInbound(String sid, String from) {
        Map<String, String> form = Map.of("MessageSid", sid, "SmsSid", sid, "From", from, "To", "+15005550006",
                "Body", "STOP", "AccountSid", "AC00000000000000000000000000000000");
        var request = new MockHttpServletRequest("POST", "/webhooks/twilio/inbound");
        request.setContentType("application/x-www-form-urlencoded");
        form.forEach(request::addParameter);
        request.addHeader("X-Twilio-Signature", TwilioSignature.sign(TOKEN, PUBLIC_URL + "/webhooks/twilio/inbound", form));
        return request;
    }
}
