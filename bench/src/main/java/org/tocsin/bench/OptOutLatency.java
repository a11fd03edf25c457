package org.tocsin.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.MessageStatusChanged;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.contracts.Topics;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.twiliosim.Behaviour;
import org.tocsin.twiliosim.TwilioSimulator;
import redis.clients.jedis.JedisPooled;

/**
 * Opt-out latency as the issue defines it: a STOP webhook until the gateway refuses a queued
 * message to that number, through the real chain. Twilio's own keyword (STOP) is suppressed by
 * the gateway's webhook itself; a word only Tocsin knows (СТОП) goes through Kafka,
 * subscriber-service and the Redis suppression set: both are measured, one after the other.
 *
 * <p>Per trial, a number that joined before (so subscriber knows it as a subscribed supporter)
 * texts STOP; from the moment the STOP is posted, a probe message to that number is queued on the
 * urgent lane every {@link #PROBE_EVERY}, until the gateway publishes SUPPRESSED for one. The
 * latency is that event's arrival minus the start of the STOP's POST. Probes the gateway still
 * SENT show the window in which a queued message would still have gone out. Trials run one after
 * another. The gateway-only part (a number put straight into the suppression set) is measured
 * first, as before, and labelled so.
 */
final class OptOutLatency {

    static final String W = "opt-out latency";
    private static final Duration PROBE_EVERY = Duration.ofMillis(20);
    private static final String BODY = "Ana was detained today. Reply YES to sign the urgent action.";

    private final Infrastructure infra;
    private final TwilioSimulator simulator;
    private final GatewayInstance gateway;
    private final SubscriberInstance subscriber;
    private final Results results;
    private final String runId;
    private final String suppressedKey;
    private final InboundWebhooks webhooks;

    /** What the gateway said about each message (first word), and when each number was first SUPPRESSED. */
    private final Map<String, DeliveryStatus> statusOf = new ConcurrentHashMap<>();
    private final Map<String, Long> suppressedAt = new ConcurrentHashMap<>();

    OptOutLatency(Infrastructure infra, TwilioSimulator simulator, GatewayInstance gateway, SubscriberInstance subscriber,
                  Results results, String runId) {
        this.infra = infra;
        this.simulator = simulator;
        this.gateway = gateway;
        this.subscriber = subscriber;
        this.results = results;
        this.runId = runId;
        this.suppressedKey = gateway.property("tocsin.redis.key-prefix") + SharedRedisKeys.SUPPRESSED_PHONES;
        this.webhooks = new InboundWebhooks(gateway.baseUrl(), simulator.config().accountSid(), simulator.config().authToken());
    }

    void run(int trials) throws Exception {
        simulator.reset();
        simulator.behaviour(Behaviour.defaults().withCallbacks(false));
        try (JedisPooled redis = new JedisPooled(infra.redisHost(), infra.redisPort());
             KafkaProducer<String, Object> producer = BenchKafka.producer(infra);
             KafkaConsumer<String, Object> consumer = BenchKafka.consumerAtEnd(infra, Topics.MESSAGE_STATUS);
             Admin admin = BenchKafka.admin(infra)) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread reader = Thread.ofPlatform().name("bench-status-reader").start(() -> {
                while (!stop.get()) {
                    for (var record : consumer.poll(Duration.ofMillis(20))) {
                        if (record.value() instanceof MessageStatusChanged status) {
                            long now = System.nanoTime();
                            statusOf.putIfAbsent(status.messageId(), status.status());
                            if (status.status() == DeliveryStatus.SUPPRESSED) {
                                suppressedAt.putIfAbsent(status.to(), now);
                            }
                        }
                    }
                }
            });
            try {
                suppressionSetOnly(trials, redis, producer);
                throughTheChain(trials, redis, producer, admin, TWILIO_KEYWORD);
                throughTheChain(trials, redis, producer, admin, SUBSCRIBER_KEYWORD);
            } finally {
                stop.set(true);
                reader.join(5000);
                webhooks.close();
            }
        }
        results.put(W, "target", "p99 < 1 s");
        simulator.reset();
    }

    /** The gateway's part alone: SADD to the suppression set (what subscriber does on STOP), then a message to that number. */
    private void suppressionSetOnly(int trials, JedisPooled redis, KafkaProducer<String, Object> producer) {
        long[] latencies = new long[trials];
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            String phone = Workloads.phone("+4475", 1, i);
            phones.add(phone);
            long t0 = System.nanoTime();
            redis.sadd(suppressedKey, phone);
            send(producer, probe(phone, UUID.randomUUID().toString()));
            Poll.until("SUPPRESSED for set-only trial " + i, Duration.ofSeconds(30), () -> suppressedAt.containsKey(phone));
            latencies[i] = suppressedAt.get(phone) - t0;
        }
        long reached = simulator.sentMessages(null).stream().filter(m -> phones.contains(m.to())).count();
        results.put(W, "set only: trials", trials);
        results.put(W, "set only: SUPPRESSED events", (int) phones.stream().filter(suppressedAt::containsKey).count());
        results.put(W, "set only: messages that reached the simulator", reached);
        results.put(W, "set only: SADD -> SUPPRESSED p50 ms", Stats.percentileMillis(latencies, 50));
        results.put(W, "set only: SADD -> SUPPRESSED p99 ms", Stats.percentileMillis(latencies, 99));
        results.put(W, "set only: measured from", "SADD to the suppression set, then a message queued on the urgent "
                + "lane, until SUPPRESSED is on Kafka: the gateway's part alone, without the STOP webhook and subscriber");
    }

    /**
     * How a STOP word reaches the suppression set: {@code label} prefixes its figures, {@code run} keeps
     * its numbers and message sids apart from the other word's.
     */
    record StopWord(String text, String label, int run, String path) {

        /** The sid phase of its numbers' JOINs (30 and 31 were the one round's before there were two). */
        int joinPhase() {
            return 30 + 2 * run;
        }

        int stopPhase() {
            return joinPhase() + 1;
        }
    }

    /** Twilio's own keyword: the gateway suppresses the number in the webhook, before answering. */
    static final StopWord TWILIO_KEYWORD = new StopWord("STOP", "", 1, "gateway webhook (a Twilio opt-out keyword "
            + "goes into the Redis suppression set before the answer; subscriber-service records it after) -> "
            + "gateway send path");
    /** A word only Tocsin knows: the whole chain through subscriber-service. */
    static final StopWord SUBSCRIBER_KEYWORD = new StopWord("СТОП", "СТОП (Tocsin's keyword, not Twilio's): ", 2,
            "gateway webhook -> Kafka -> subscriber-service -> Redis suppression set -> gateway send path");

    private void throughTheChain(int trials, JedisPooled redis, KafkaProducer<String, Object> producer, Admin admin,
                                 StopWord word) throws Exception {
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            phones.add(Workloads.phone("+4471", word.run(), i));
        }
        joinAll(phones, word.joinPhase());
        subscriber.awaitIdle(admin, gateway, Duration.ofSeconds(120));

        long[] latencies = new long[trials];
        long[] inSet = new long[trials];
        long[] stopAnswered = new long[trials];
        int probes = 0;
        int sentAfterStop = 0;
        int trialsWithSent = 0;
        long latestSentProbe = 0;
        for (int i = 0; i < trials; i++) {
            String phone = phones.get(i);
            byte[] stopRequest =
                    webhooks.request(InboundWebhooks.sid(runId, word.stopPhase(), i), phone, word.text());
            List<String[]> queued = new CopyOnWriteArrayList<>(); // {messageId, nanos after the STOP began}
            AtomicBoolean probing = new AtomicBoolean(true);
            long t0 = System.nanoTime();
            int trial = i;
            Thread prober = Thread.ofPlatform().name("bench-optout-probe").start(() -> {
                long next = System.nanoTime();
                for (int k = 0; probing.get(); k++) {
                    String id = UUID.randomUUID().toString();
                    long at = System.nanoTime() - t0;
                    send(producer, probe(phone, id));
                    queued.add(new String[] {id, Long.toString(at)});
                    next += PROBE_EVERY.toNanos();
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                }
            });
            int status;
            try {
                status = webhooks.post(stopRequest);
                stopAnswered[i] = System.nanoTime() - t0;
                if (status != 200) {
                    throw new IllegalStateException("the gateway answered " + status + " to trial " + i + "'s STOP");
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!suppressedAt.containsKey(phone)) {
                    if (inSet[i] == 0 && redis.sismember(suppressedKey, phone)) {
                        inSet[i] = System.nanoTime() - t0;
                    }
                    if (System.nanoTime() > deadline) {
                        subscriber.requireAlive();
                        throw new IllegalStateException("no SUPPRESSED within 30 s of trial " + i + "'s STOP");
                    }
                    sleepNanos(1_000_000);
                }
            } finally {
                probing.set(false);
                prober.join(5000);
            }
            latencies[i] = suppressedAt.get(phone) - t0;
            if (inSet[i] == 0) {
                inSet[i] = latencies[i]; // in the set no later than the gateway refused
            }
            Poll.until("an outcome for every probe of trial " + i, Duration.ofSeconds(30),
                    () -> queued.stream().allMatch(q -> statusOf.containsKey(q[0])));
            probes += queued.size();
            int sent = 0;
            for (String[] q : queued) {
                if (statusOf.get(q[0]) == DeliveryStatus.SENT) {
                    sent++;
                    latestSentProbe = Math.max(latestSentProbe, Long.parseLong(q[1]));
                }
            }
            sentAfterStop += sent;
            trialsWithSent += sent > 0 ? 1 : 0;
        }
        String label = word.label();
        results.put(W, label + "trials", trials);
        results.put(W, label + "SUPPRESSED events", (int) phones.stream().filter(suppressedAt::containsKey).count());
        results.put(W, label + "STOP webhook answered p99 ms", Stats.percentileMillis(stopAnswered, 99));
        results.put(W, label + "STOP webhook -> in suppression set p99 ms", Stats.percentileMillis(inSet, 99));
        results.put(W, label + "p50 ms", Stats.percentileMillis(latencies, 50));
        results.put(W, label + "p99 ms", Stats.percentileMillis(latencies, 99));
        results.put(W, label + "max ms", Stats.percentileMillis(latencies, 100));
        results.put(W, label + "probes queued (every " + PROBE_EVERY.toMillis() + " ms from the STOP)", probes);
        results.put(W, label + "probes still SENT after the STOP", sentAfterStop);
        results.put(W, label + "trials with a probe SENT after the STOP", trialsWithSent);
        results.put(W, label + "latest probe still SENT, queued ms after the STOP", latestSentProbe / 1e6);
        results.put(W, label + "measured from", "the start of a signed " + word.text() + " webhook's POST (from a "
                + "number that had joined) until the gateway's SUPPRESSED event for a message queued to that number "
                + "is on Kafka: " + word.path());
    }

    /** Every number texts JOIN (8 at a time) and is a subscribed supporter before the trials. */
    private void joinAll(List<String> phones, int sidPhase) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < phones.size(); i++) {
                byte[] join = webhooks.request(InboundWebhooks.sid(runId, sidPhase, i), phones.get(i), "JOIN");
                answers.add(pool.submit(() -> webhooks.post(join)));
            }
            for (Future<Integer> answer : answers) {
                if (answer.get() != 200) {
                    throw new IllegalStateException("the gateway answered " + answer.get() + " to a JOIN");
                }
            }
        } finally {
            pool.shutdown();
        }
        List<String> waiting = new ArrayList<>(phones);
        Poll.until("opt-out numbers joined (subscriber log: " + subscriber.log() + ")", Duration.ofSeconds(120), () -> {
            subscriber.requireAlive();
            waiting.removeIf(phone -> {
                try {
                    return subscriber.supporter(phone).map(s -> s.subscribedTo(SubscriberInstance.DEFAULT_LIST_ID))
                            .orElse(false);
                } catch (Exception e) {
                    return false;
                }
            });
            return waiting.isEmpty();
        });
    }

    private static OutboundMessageRequested probe(String to, String messageId) {
        Instant now = Instant.now();
        return new OutboundMessageRequested(messageId, Lane.URGENT, Channel.SMS, to, BODY, null, null,
                Purpose.ALERT, now, now.plus(Duration.ofHours(1)));
    }

    /** Queued once Kafka has it (acks=all). */
    private static void send(KafkaProducer<String, Object> producer, OutboundMessageRequested request) {
        try {
            producer.send(new ProducerRecord<>(Topics.OUTBOUND_URGENT, request.to(), request)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not queue a message", e);
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
