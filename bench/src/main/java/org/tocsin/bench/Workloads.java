package org.tocsin.bench;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.Topics;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.twiliosim.Behaviour;
import org.tocsin.twiliosim.SimulatedMessage;
import org.tocsin.twiliosim.TwilioSimulator;

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
            if (config.runs("W2")) {
                sendPath(gateway, senders);
            }
            if (config.runs("W3")) {
                inboundStorm(gateway);
            }
            if (config.runs("OPTOUT")) {
                optOutLatency(gateway);
            }
        }
        if (config.runs("W4")) {
            throttleAccuracy();
        }
        if (config.runs("W1")) {
            fanout.run();
        }
    }

    // ---- W2 -------------------------------------------------------------------------------------

    /** W2 with a provider that answers a send in this long: the case the 20 x target is about. */
    private static final long W2_API_LATENCY_MILLIS = 100;
    /** W2's longest warm-up at the size (200,000 requests), in proportion below it. */
    private static final Duration W2_WARM_UP_AT_FULL_SIZE = Duration.ofMinutes(2);

    void sendPath(GatewayInstance gateway, List<String> senders) throws Exception {
        String w = "W2 send path";
        int n = config.sendRequests();
        results.put(w, "requests", n);
        results.put(w, "senders", senders.size());
        // Both paths run the same SDK, HTTP and simulator code in this JVM, so whichever ran first would pay
        // the JIT compilers for both: rounds of 1/4 of each, unmeasured, until the compilers are done.
        Behaviour instant = Behaviour.defaults().withCallbacks(false);
        int warmUpRequests = Math.max(100, n / 4);
        int warmUpSends = Math.max(20, config.naiveSends() / 4);
        WarmUp.run(results, w, WarmUp.budget(W2_WARM_UP_AT_FULL_SIZE, n, 200_000),
                List.of(WarmUp.Jvm.harness()), round -> {
                    Drained drained = sendThroughGateway(gateway, warmUpRequests, 10 + round, "+4477", instant);
                    double naive = naiveLoop(warmUpSends, 10 + round, "+4478", senders, instant);
                    return String.format(Locale.ROOT, "%d through the gateway: %.0f msg/s, %.2f ms CPU each;"
                            + " %d naive SDK calls: %.0f/s", warmUpRequests, drained.rate(), drained.cpuMillisPerMessage(),
                            warmUpSends, naive);
                });
        double gatewayRate = report(w, "", sendThroughGateway(gateway, n, 1, "+4477", instant));
        double naiveRate = reportNaive(w, "", config.naiveSends(), naiveLoop(config.naiveSends(), 1, "+4478", senders, instant));
        results.put(w, "ratio gateway / naive", gatewayRate / naiveRate);
        results.put(w, "target", ">= 5000 msg/s and >= 20 x naive");

        // the same against a provider whose API takes 100 ms per send (1/10 of the volume; the naive loop
        // makes ~10 calls a second there, so it makes few)
        String latency = "with " + W2_API_LATENCY_MILLIS + " ms API latency: ";
        Behaviour slow = instant.withApiLatencyMillis(W2_API_LATENCY_MILLIS);
        int slowRequests = Math.max(200, n / 10);
        int slowNaive = Math.max(20, config.naiveSends() * 3 / 200);
        results.put(w, latency + "requests", slowRequests);
        double slowGatewayRate = report(w, latency, sendThroughGateway(gateway, slowRequests, 1, "+4473", slow));
        double slowNaiveRate = reportNaive(w, latency, slowNaive, naiveLoop(slowNaive, 1, "+4472", senders, slow));
        results.put(w, latency + "ratio gateway / naive", slowGatewayRate / slowNaiveRate);
        simulator.reset();
    }

    /**
     * Queues {@code n} requests on the urgent lane while its consumers are paused, then resumes them and
     * measures until the simulator has them all: the gateway draining a backlog, as after a fan-out,
     * without the harness's own producing in the same JVM competing for the CPU.
     */
    private Drained sendThroughGateway(GatewayInstance gateway, int n, int phase, String phonePrefix,
                                       Behaviour behaviour) throws Exception {
        simulator.reset();
        simulator.behaviour(behaviour);
        gateway.pauseUrgentLane();
        Instant producing = Instant.now();
        try (KafkaProducer<String, Object> producer = BenchKafka.bulkProducer(infra)) {
            for (int i = 0; i < n; i++) {
                String to = phone(phonePrefix, phase, i);
                producer.send(new ProducerRecord<>(Topics.OUTBOUND_URGENT, to, request(to, Lane.URGENT)));
            }
            producer.flush();
        }
        double produceSeconds = Duration.between(producing, Instant.now()).toMillis() / 1000.0;
        Duration cpuBefore = JitCpu.cpuOfThisJvm();
        Duration jitBefore = JitCpu.ofThisJvm();
        RedisUsage redisBefore = RedisUsage.read(infra.redisHost(), infra.redisPort());
        MachineCpu.Snapshot machineBefore = MachineCpu.take();
        Instant start = Instant.now();
        gateway.resumeUrgentLane();
        List<SimulatedMessage> sent = awaitSimulatorCount(n, Duration.ofSeconds(120 + n / 200));
        Duration cpu = JitCpu.cpuOfThisJvm().minus(cpuBefore);
        Duration jit = JitCpu.ofThisJvm().minus(jitBefore);
        String machine = MachineCpu.since(machineBefore, Map.of());
        RedisUsage redis = RedisUsage.read(infra.redisHost(), infra.redisPort()).since(redisBefore);
        Instant last = sent.stream().map(SimulatedMessage::createdAt).max(Instant::compareTo).orElseThrow();
        long distinct = sent.stream().map(SimulatedMessage::to).distinct().count();
        return new Drained(n, sent.size(), distinct, produceSeconds, Duration.between(start, last), cpu, jit, redis,
                machine);
    }

    /** What one drain of queued requests through the gateway measured. */
    private record Drained(int requests, int seen, long distinct, double produceSeconds, Duration took, Duration cpu,
                           Duration jit, RedisUsage redis, String machine) {
        double rate() {
            return Stats.perSecond(requests, took.toNanos());
        }

        double cpuMillisPerMessage() {
            return cpu.toNanos() / 1e6 / requests;
        }
    }

    /** Puts a drain's figures into the results under {@code label}; its msg/s. */
    private double report(String w, String label, Drained d) throws Exception {
        if (label.isEmpty()) {
            // per command, what Redis spent since it started (W2 is the first workload to use it; its warm-up included)
            Files.createDirectories(config.outputDir());
            Files.writeString(config.outputDir().resolve("w2-redis-commandstats.txt"),
                    RedisUsage.commandStats(infra.redisHost(), infra.redisPort()));
        }
        results.put(w, label + "messages seen by simulator", d.seen());
        results.put(w, label + "distinct recipients", d.distinct());
        results.put(w, label + "produce seconds (before the lane resumes)", d.produceSeconds());
        results.put(w, label + "lane resumed -> last send seconds", d.took().toNanos() / 1e9);
        results.put(w, label + "gateway msg/s", d.rate());
        // less dependent on what else the machine runs than msg/s; Redis runs in its own process, not counted
        results.put(w, label + "CPU ms per message (this JVM: gateway, simulator, broker, driver)", d.cpuMillisPerMessage());
        results.put(w, label + "JIT compilers' CPU (this JVM)", JitCpu.share(d.jit(), d.cpu()));
        results.put(w, label + "Redis server CPU ms per message", d.redis().cpuSeconds() * 1000 / d.requests());
        results.put(w, label + "Redis commands per message", (double) d.redis().commands() / d.requests());
        results.put(w, label + "machine CPU while the gateway drained them (cores)", d.machine());
        return d.rate();
    }

    private double reportNaive(String w, String label, int sends, double naiveRate) {
        results.put(w, label + "naive SDK loop sends", sends);
        results.put(w, label + "naive SDK loop msg/s", naiveRate);
        return naiveRate;
    }

    /** One thread calling the Twilio SDK in a loop against the simulator; msg/s. */
    private double naiveLoop(int sends, int phase, String phonePrefix, List<String> senders, Behaviour behaviour) {
        simulator.reset();
        simulator.behaviour(behaviour);
        TwilioRestClient client = SimulatorTwilioClient.restClient(simulator.config().accountSid(),
                simulator.config().authToken(), simulator.baseUrl());
        long t0 = System.nanoTime();
        for (int i = 0; i < sends; i++) {
            Message.creator(new PhoneNumber(phone(phonePrefix, phase, i)), new PhoneNumber(senders.get(i % senders.size())), BODY)
                    .create(client);
        }
        return Stats.perSecond(sends, System.nanoTime() - t0);
    }

    private List<SimulatedMessage> awaitSimulatorCount(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // counting is cheap; listing copies and sorts the simulator's whole store, so it is done once
            int stored = simulator.storedMessages();
            if (stored >= n) {
                List<SimulatedMessage> sent = simulator.sentMessages(null);
                if (sent.size() >= n) {
                    return sent;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("simulator saw " + stored + " of " + n + " messages within " + timeout);
            }
            Thread.sleep(n > 10_000 ? 250 : 50);
        }
    }

    // ---- W3 and opt-out: subscriber-service runs as a child process for both -------------------

    /** Started by the first of W3 and opt-out that runs, closed by the last. */
    private SubscriberInstance subscriber;

    private SubscriberInstance subscriber(GatewayInstance gateway) throws Exception {
        if (subscriber == null) {
            subscriber = SubscriberInstance.start(infra, runId, gateway.property("tocsin.redis.key-prefix"),
                    config.outputDir().resolve("subscriber.log"));
        }
        return subscriber;
    }

    private void closeSubscriber() {
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }

    void inboundStorm(GatewayInstance gateway) throws Exception {
        boolean last = !config.runs("OPTOUT");
        try {
            new InboundStorm(infra, simulator, gateway, subscriber(gateway), results, runId, config.inboundWebhooks(),
                    config.outputDir()).run();
        } catch (Exception | Error e) {
            last = true;
            throw e;
        } finally {
            if (last) {
                closeSubscriber();
            }
        }
    }

    void optOutLatency(GatewayInstance gateway) throws Exception {
        try {
            new OptOutLatency(infra, simulator, gateway, subscriber(gateway), results, runId).run(config.optOutTrials());
        } finally {
            closeSubscriber();
        }
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
            try (KafkaProducer<String, Object> producer = BenchKafka.bulkProducer(infra)) {
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
            long[] turnNanos = bySender.values().stream()
                    .flatMap(times -> windowTurnMillis(times, rate).stream())
                    .mapToLong(TimeUnit.MILLISECONDS::toNanos).toArray();
            List<Timer> calls = gateways.stream().map(GatewayInstance::providerCallsSent).filter(Objects::nonNull).toList();
            double callMillis = calls.stream().mapToDouble(t -> t.totalTime(TimeUnit.MILLISECONDS)).sum()
                    / Math.max(1, calls.stream().mapToLong(Timer::count).sum());
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
            // 1000 ms would be full use: the excess is what a window place costs beyond the second itself
            results.put(w, "ms from a send to the " + rate + "th after it from its sender, median / p90 / p99 / max",
                    String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f", Stats.percentileMillis(turnNanos, 50),
                            Stats.percentileMillis(turnNanos, 90), Stats.percentileMillis(turnNanos, 99),
                            Stats.percentileMillis(turnNanos, 100)));
            results.put(w, "provider call ms, mean (request out -> answer, both gateways)", callMillis);
            results.put(w, "target", "never above 10 in any 1 s window; >= 95 % utilisation");
        } finally {
            gateways.forEach(GatewayInstance::close);
            simulator.reset();
        }
    }

    /** Largest number of timestamps in any half-open window [t, t + 1 s). */
    static int maxInOneSecond(List<Instant> times) {
        return sendsInWindowEndingAt(times).stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** How many sends end a window [t - 1 s, t] holding more than {@code rate} sends. */
    static long windowsAbove(List<Instant> times, int rate) {
        return sendsInWindowEndingAt(times).stream().filter(count -> count > rate).count();
    }

    /**
     * For each send in time order, the milliseconds until the {@code rate}-th send after it: how long
     * one of the sender's {@code rate} places in the window took to come round.
     */
    static List<Long> windowTurnMillis(List<Instant> times, int rate) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(Instant::compareTo);
        List<Long> turns = new ArrayList<>();
        for (int i = 0; i + rate < sorted.size(); i++) {
            turns.add(Duration.between(sorted.get(i), sorted.get(i + rate)).toMillis());
        }
        return turns;
    }

    /** For each send, in time order: the sends within the second ending at it, itself included. */
    private static List<Integer> sendsInWindowEndingAt(List<Instant> times) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(Instant::compareTo);
        List<Integer> counts = new ArrayList<>(sorted.size());
        int lo = 0;
        for (int hi = 0; hi < sorted.size(); hi++) {
            while (!sorted.get(lo).plusSeconds(1).isAfter(sorted.get(hi))) {
                lo++;
            }
            counts.add(hi - lo + 1);
        }
        return counts;
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
    static String phone(String prefix, int run, int index) {
        return prefix + run + String.format("%07d", index);
    }
}
