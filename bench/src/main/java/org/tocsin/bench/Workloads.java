package org.tocsin.bench;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.MessageStatusChanged;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.contracts.Topics;
import org.tocsin.platform.kafka.EventDeserializer;
import org.tocsin.platform.kafka.EventSerializer;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.twiliosim.Behaviour;
import org.tocsin.twiliosim.SimulatedMessage;
import org.tocsin.twiliosim.TwilioSimulator;
import org.tocsin.twiliosim.webhook.TwilioSignature;
import redis.clients.jedis.JedisPooled;

/** The workloads; each puts what it measured into {@link Results}. */
final class Workloads {

    private static final String BODY = "Ana was detained today. Reply YES to sign the urgent action.";

    private final Infrastructure infra;
    private final TwilioSimulator simulator;
    private final BenchConfig config;
    private final Results results;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    Workloads(Infrastructure infra, TwilioSimulator simulator, BenchConfig config, Results results) {
        this.infra = infra;
        this.simulator = simulator;
        this.config = config;
        this.results = results;
    }

    /** W2, W3 and opt-out share one gateway (one context start); W4 starts two of its own. */
    void runAll() throws Exception {
        List<String> senders = senders(50, 100);
        Map<String, String> fast = Map.of(
                "tocsin.gateway.sender-rate-per-second", "1000000",
                "tocsin.gateway.sender-burst", "1000000",
                "tocsin.gateway.max-concurrent-sends", "64",
                "tocsin.gateway.max-poll-records", "500");
        String prefix = "bench-" + runId + ":";
        FanoutWorkload fanout = new FanoutWorkload(infra, config, results, runId);
        try (GatewayInstance gateway = GatewayInstance.start(infra, simulator, prefix, "bench-" + runId + "-a", senders, fast)) {
            fanout.prepare(); // the gateway has declared the topics by now
            sendPath(senders);
            inboundStorm(gateway);
            optOutLatency(prefix);
        }
        throttleAccuracy();
        fanout.run();
    }

    // ---- W2 -------------------------------------------------------------------------------------

    void sendPath(List<String> senders) throws Exception {
        String w = "W2 send path";
        int n = config.sendRequests();
        simulator.reset();
        simulator.behaviour(Behaviour.defaults().withCallbacks(false));
        results.put(w, "requests", n);
        results.put(w, "senders", senders.size());
        Instant start;
        try (KafkaProducer<String, Object> producer = producer()) {
            start = Instant.now();
            for (int i = 0; i < n; i++) {
                String to = phone("+4477", 1, i);
                producer.send(new ProducerRecord<>(Topics.OUTBOUND_URGENT, to, request(to, Lane.URGENT)));
            }
            producer.flush();
        }
        Instant produced = Instant.now();
        List<SimulatedMessage> sent = awaitSimulatorCount(n, Duration.ofSeconds(120 + n / 200));
        Instant last = sent.stream().map(SimulatedMessage::createdAt).max(Instant::compareTo).orElseThrow();
        long distinct = sent.stream().map(SimulatedMessage::to).distinct().count();
        long nanos = Duration.between(start, last).toNanos();
        double gatewayRate = Stats.perSecond(n, nanos);
        results.put(w, "messages seen by simulator", sent.size());
        results.put(w, "distinct recipients", distinct);
        results.put(w, "produce seconds", Duration.between(start, produced).toMillis() / 1000.0);
        results.put(w, "first produce -> last send seconds", nanos / 1e9);
        results.put(w, "gateway msg/s", gatewayRate);

        simulator.reset();
        simulator.behaviour(Behaviour.defaults().withCallbacks(false));
        TwilioRestClient client = SimulatorTwilioClient.restClient(simulator.config().accountSid(),
                simulator.config().authToken(), simulator.baseUrl());
        int naive = config.naiveSends();
        long t0 = System.nanoTime();
        for (int i = 0; i < naive; i++) {
            Message.creator(new PhoneNumber(phone("+4478", 1, i)), new PhoneNumber(senders.get(i % senders.size())), BODY)
                    .create(client);
        }
        long naiveNanos = System.nanoTime() - t0;
        double naiveRate = Stats.perSecond(naive, naiveNanos);
        results.put(w, "naive SDK loop sends", naive);
        results.put(w, "naive SDK loop msg/s", naiveRate);
        results.put(w, "ratio gateway / naive", gatewayRate / naiveRate);
        results.put(w, "target", ">= 5000 msg/s and >= 20 x naive");
        simulator.reset();
    }

    private List<SimulatedMessage> awaitSimulatorCount(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<SimulatedMessage> sent = simulator.sentMessages(null);
            if (sent.size() >= n) {
                return sent;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("simulator saw " + sent.size() + " of " + n + " messages within " + timeout);
            }
            // listing copies and sorts the simulator's whole store: polled rarely, so the harness does not
            // compete with the gateway for the CPU; the figure comes from the messages' own timestamps
            Thread.sleep(n > 10_000 ? 1000 : 100);
        }
    }

    // ---- W3 -------------------------------------------------------------------------------------

    void inboundStorm(GatewayInstance gateway) throws Exception {
        String w = "W3 inbound storm";
        int n = config.inboundWebhooks();
        String url = gateway.baseUrl() + "/webhooks/twilio/inbound";
        TwilioSignature signature = new TwilioSignature(simulator.config().authToken());
        String to = "+15005550006";
        String[] bodies = {"JOIN Maria", "STOP", "YES", "Thank you, signed"};
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        long[] latencies = new long[n];
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

        try (KafkaConsumer<String, Object> consumer = consumerAtEnd(Topics.INBOUND)) {
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread reader = Thread.ofPlatform().name("bench-inbound-reader").start(() -> {
                while (!stop.get() && seenAt.size() < n) {
                    for (var record : consumer.poll(Duration.ofMillis(50))) {
                        if (record.value() instanceof InboundMessageReceived inbound) {
                            seenAt.putIfAbsent(inbound.providerMessageId(), System.nanoTime());
                        }
                    }
                }
            });
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService clients = Executors.newFixedThreadPool(config.webhookClients());
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < config.webhookClients(); c++) {
                futures.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        String sid = "SM" + String.format("%032x", ((long) runId.hashCode() << 32) | i).substring(0, 32);
                        String from = phone("+4479", 1, i);
                        Map<String, String> params = inboundParams(sid, from, to, bodies[i % bodies.length]);
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("X-Twilio-Signature", signature.sign(url, params))
                                .POST(HttpRequest.BodyPublishers.ofString(form(params)))
                                .build();
                        long t0 = System.nanoTime();
                        sentAt.put(sid, t0);
                        try {
                            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            latencies[i] = System.nanoTime() - t0;
                            if (status == 200) {
                                accepted.incrementAndGet();
                            } else if (failures.size() < 5) {
                                failures.add("HTTP " + status);
                            }
                        } catch (Exception e) {
                            latencies[i] = System.nanoTime() - t0;
                            if (failures.size() < 5) {
                                failures.add(e.toString());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            long elapsed = System.nanoTime() - start;
            clients.shutdown();
            Poll.until("inbound events on Kafka", Duration.ofSeconds(60), () -> seenAt.size() >= accepted.get());
            stop.set(true);
            reader.join(5000);

            long[] visible = sentAt.entrySet().stream()
                    .filter(e -> seenAt.containsKey(e.getKey()))
                    .mapToLong(e -> seenAt.get(e.getKey()) - e.getValue())
                    .toArray();
            results.put(w, "webhooks", n);
            results.put(w, "client threads", config.webhookClients());
            results.put(w, "accepted (200)", accepted.get());
            results.put(w, "rejected or failed", n - accepted.get());
            if (!failures.isEmpty()) {
                results.put(w, "first failures", String.join("; ", failures));
            }
            results.put(w, "accepted/s", Stats.perSecond(accepted.get(), elapsed));
            results.put(w, "webhook latency p50 ms", Stats.percentileMillis(latencies, 50));
            results.put(w, "webhook latency p99 ms", Stats.percentileMillis(latencies, 99));
            results.put(w, "InboundMessageReceived on Kafka", seenAt.size());
            results.put(w, "webhook -> visible on Kafka p99 ms", Stats.percentileMillis(visible, 99));
            results.put(w, "visibility measured at", "Kafka topic " + Topics.INBOUND + " (subscriber API not run)");
            results.put(w, "target", ">= 2000/s; p99 webhook < 50 ms; p99 visible < 1 s");
        }
    }

    private Map<String, String> inboundParams(String sid, String from, String to, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", sid);
        params.put("NumMedia", "0");
        params.put("SmsSid", sid);
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("FromCountry", "GB");
        params.put("To", to);
        params.put("NumSegments", "1");
        params.put("MessageSid", sid);
        params.put("AccountSid", simulator.config().accountSid());
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    // ---- opt-out --------------------------------------------------------------------------------

    void optOutLatency(String redisPrefix) throws Exception {
        String w = "opt-out latency";
        int trials = config.optOutTrials();
        simulator.reset();
        simulator.behaviour(Behaviour.defaults().withCallbacks(false));
        long[] latencies = new long[trials];
        Map<String, Long> suppressedSeen = new ConcurrentHashMap<>();
        try (JedisPooled redis = new JedisPooled(infra.redisHost(), infra.redisPort());
             KafkaProducer<String, Object> producer = producer();
             KafkaConsumer<String, Object> consumer = consumerAtEnd(Topics.MESSAGE_STATUS)) {
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread reader = Thread.ofPlatform().name("bench-status-reader").start(() -> {
                while (!stop.get()) {
                    for (var record : consumer.poll(Duration.ofMillis(20))) {
                        if (record.value() instanceof MessageStatusChanged status
                                && status.status() == DeliveryStatus.SUPPRESSED) {
                            suppressedSeen.putIfAbsent(status.to(), System.nanoTime());
                        }
                    }
                }
            });
            try {
                for (int i = 0; i < trials; i++) {
                    String phone = phone("+4475", 1, i);
                    long t0 = System.nanoTime();
                    // what subscriber does on STOP, before it confirms: the gateway must refuse from now on
                    redis.sadd(redisPrefix + SharedRedisKeys.SUPPRESSED_PHONES, phone);
                    producer.send(new ProducerRecord<>(Topics.OUTBOUND_URGENT, phone, request(phone, Lane.URGENT)));
                    producer.flush();
                    Poll.until("SUPPRESSED for trial " + i, Duration.ofSeconds(30), () -> suppressedSeen.containsKey(phone));
                    latencies[i] = suppressedSeen.get(phone) - t0;
                }
            } finally {
                stop.set(true);
                reader.join(5000);
            }
        }
        results.put(w, "trials", trials);
        results.put(w, "SUPPRESSED events", suppressedSeen.size());
        results.put(w, "messages that reached the simulator", simulator.sentMessages(null).size());
        results.put(w, "p50 ms", Stats.percentileMillis(latencies, 50));
        results.put(w, "p99 ms", Stats.percentileMillis(latencies, 99));
        results.put(w, "max ms", Stats.percentileMillis(latencies, 100));
        results.put(w, "measured from", "SADD to the suppression set (as subscriber does on STOP), then a message "
                + "queued on the urgent lane, until SUPPRESSED is on Kafka; STOP webhook -> subscriber not included");
        results.put(w, "target", "p99 < 1 s");
    }

    // ---- W4 -------------------------------------------------------------------------------------

    void throttleAccuracy() throws Exception {
        String w = "W4 throttle accuracy";
        int rate = 10;
        List<String> senders = senders(10, 300);
        Duration duration = config.throttleDuration();
        simulator.reset();
        simulator.behaviour(Behaviour.defaults().withCallbacks(false));
        Map<String, String> throttled = Map.of(
                "tocsin.gateway.sender-rate-per-second", Integer.toString(rate),
                "tocsin.gateway.sender-burst", "1",
                "tocsin.gateway.max-poll-records", "200");
        String prefix = "bench-w4-" + runId + ":";
        String group = "bench-" + runId + "-w4";
        List<GatewayInstance> gateways = new ArrayList<>();
        try {
            gateways.add(GatewayInstance.start(infra, simulator, prefix, group, senders, throttled));
            gateways.add(GatewayInstance.start(infra, simulator, prefix, group, senders, throttled));
            GatewayInstance.awaitAllAssigned(gateways, Duration.ofSeconds(60));
            long needed = (long) (senders.size() * rate * (duration.toSeconds() + 5) * 1.3);
            try (KafkaProducer<String, Object> producer = producer()) {
                for (int i = 0; i < needed; i++) {
                    String to = phone("+4474", 1, i);
                    producer.send(new ProducerRecord<>(Topics.OUTBOUND_URGENT, to, request(to, Lane.URGENT)));
                }
                producer.flush();
            }
            Poll.until("first throttled send", Duration.ofSeconds(30), () -> !simulator.sentMessages(null).isEmpty());
            Instant first = simulator.sentMessages(null).getFirst().createdAt();
            Instant end = first.plus(duration);
            Poll.until("throttle window to pass", duration.plusSeconds(30), () -> Instant.now().isAfter(end.plusMillis(500)));
            List<SimulatedMessage> sent = simulator.sentMessages(null).stream()
                    .filter(m -> !m.createdAt().isAfter(end))
                    .toList();
            Map<String, List<Instant>> bySender = new HashMap<>();
            sent.forEach(m -> bySender.computeIfAbsent(m.from(), s -> new ArrayList<>()).add(m.createdAt()));
            int maxWindow = 0;
            String worst = "";
            long windowsOver = 0;
            for (var entry : bySender.entrySet()) {
                windowsOver += windowsAbove(entry.getValue(), rate);
                int count = maxInOneSecond(entry.getValue());
                if (count > maxWindow) {
                    maxWindow = count;
                    worst = entry.getKey();
                }
            }
            double allowed = (double) senders.size() * rate * duration.toMillis() / 1000.0;
            results.put(w, "gateway instances", gateways.size());
            results.put(w, "senders x rate", senders.size() + " x " + rate + " MPS (burst 1)");
            results.put(w, "duration s", duration.toSeconds());
            results.put(w, "requests queued", needed);
            results.put(w, "sent in window", sent.size());
            results.put(w, "senders used", bySender.size());
            results.put(w, "max any sender in any 1 s window", maxWindow);
            results.put(w, "worst sender (masked)", worst.isEmpty() ? "-" : worst.substring(0, 3) + "******" + worst.substring(worst.length() - 2));
            results.put(w, "above the rate", maxWindow > rate);
            results.put(w, "sends that closed a 1 s window above the rate", windowsOver);
            results.put(w, "utilisation of allowed rate", sent.size() / allowed);
            results.put(w, "target", "never above 10 in any 1 s window; >= 95 % utilisation");
        } finally {
            gateways.forEach(GatewayInstance::close);
            simulator.reset();
        }
    }

    /** Largest number of timestamps in any half-open window [t, t + 1 s). */
    static int maxInOneSecond(List<Instant> times) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(Instant::compareTo);
        int max = 0;
        int lo = 0;
        for (int hi = 0; hi < sorted.size(); hi++) {
            while (!sorted.get(lo).plusSeconds(1).isAfter(sorted.get(hi))) {
                lo++;
            }
            max = Math.max(max, hi - lo + 1);
        }
        return max;
    }

    /** How many sends end a window [t - 1 s, t] holding more than {@code rate} sends. */
    static long windowsAbove(List<Instant> times, int rate) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(Instant::compareTo);
        long over = 0;
        int lo = 0;
        for (int hi = 0; hi < sorted.size(); hi++) {
            while (!sorted.get(lo).plusSeconds(1).isAfter(sorted.get(hi))) {
                lo++;
            }
            if (hi - lo + 1 > rate) {
                over++;
            }
        }
        return over;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private OutboundMessageRequested request(String to, Lane lane) {
        Instant now = Instant.now();
        return new OutboundMessageRequested(UUID.randomUUID().toString(), lane, Channel.SMS, to, BODY, null, null,
                Purpose.ALERT, now, now.plus(Duration.ofHours(1)));
    }

    private static List<String> senders(int count, int offset) {
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            senders.add("+1500555" + String.format("%04d", offset + i));
        }
        return senders;
    }

    /** A distinct E.164 number per index: prefix + a run digit + 7 digits. */
    private static String phone(String prefix, int run, int index) {
        return prefix + run + String.format("%07d", index);
    }

    private KafkaProducer<String, Object> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        return new KafkaProducer<>(p);
    }

    private KafkaConsumer<String, Object> consumerAtEnd(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve now, before anything is produced
        return consumer;
    }
}
