package org.tocsin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.Topics;
import org.tocsin.contracts.UrgentActionTriggered;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.twiliosim.Behaviour;
import org.tocsin.twiliosim.TwilioSimulator;

/**
 * W3: a storm of signed inbound webhooks (JOIN, STOP, YES, free text) against the gateway, with
 * subscriber-service consuming what the gateway publishes.
 *
 * <p>First it warms both JVMs up with storms like the measured one until their JIT compilers are
 * done ({@link WarmUp}), then looks for the client concurrency at which the gateway accepts most
 * webhooks per second (short runs at {@link #CLIENT_THREADS}), then runs the storm at that concurrency,
 * three times, and reports the one of median rate. Every
 * {@link #TRACER_EVERY}th webhook of the storm is a tracer whose effect is polled through
 * subscriber's API by {@link #POLLERS} threads: a JOIN until the supporter is subscribed, a STOP
 * (from a number that joined before the storm) until the supporter is opted out, a reply (from a
 * number that joined and got an urgent action before the storm) until the action's responses
 * list it. Then, after a warm-up of its own at a low rate, open-loop storms (webhooks arriving on a
 * schedule) look for the highest arrival rate held within the targets.
 */
final class InboundStorm {

    static final String W = "W3 inbound storm";
    /** Client concurrencies tried before the storm; the storm runs at the one that accepted most per second. */
    private static final int[] CLIENT_THREADS = {8, 32, 64};
    private static final int TRACER_EVERY = 50;
    /** The size of the storm, and the longest warm-up at that size. */
    private static final int FULL_SIZE = 20_000;
    private static final Duration WARM_UP_AT_FULL_SIZE = Duration.ofMinutes(5);
    /**
     * Storms measured. Three storms of the same code have made rates a factor of two apart on this
     * machine, so the one of median rate is reported, with all three listed.
     */
    private static final int STORMS = 3;
    /**
     * Every storm takes fresh webhook sid phases, from this one up ({@link #freshPhase}), and its numbers
     * from them: a sid seen before would be acknowledged as a repeat and never applied, a number that joined
     * before could not show its JOIN. Opt-out's phases (32 to 35) lie below.
     */
    private static final int FIRST_PHASE = 100;
    /** Phases a number can carry ({@link #phone}: four digits). */
    private static final int PHASES = 10_000;
    /** The longest open-loop warm-up at full size (rounds of a quarter of the storm at the lowest rate tried). */
    private static final Duration OPEN_LOOP_WARM_UP_AT_FULL_SIZE = Duration.ofMinutes(2);
    /**
     * Arrival rates (webhooks per second) the open-loop search may try, in order. It starts at the
     * issue's target and halves the rates still in question each time (bisection): a rate held
     * within the targets leaves those above it, one missed those below it, until the highest held
     * and the lowest missed are neighbours (four storms at most).
     */
    static final int[] ARRIVAL_RATES = {250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2250, 2500, 3000};
    private static final int TARGET_RATE = 2000;
    private static final double TARGET_WEBHOOK_P99_MS = 50;
    private static final double TARGET_VISIBLE_P99_MS = 1000;
    /**
     * Client threads of an open-loop storm: enough that a thread is free when a webhook's time comes
     * unless answers take over 64 ms at 2,000/s; one that is late is measured from its time anyway.
     */
    private static final int ARRIVAL_CLIENT_THREADS = 128;
    /** Set ({@code -Dtocsin.bench.w3OpenLoopRates=250,1000}), W3 runs its warm-ups and then only these open-loop storms. */
    static final String OPEN_LOOP_RATES_PROPERTY = "tocsin.bench.w3OpenLoopRates";
    /** Messages the simulator keeps during W3 (the newest, for a look while it runs); {@link TwilioSimulator#reset()} restores its own. */
    private static final int KEPT_MESSAGES = 100;
    private static final int POLLERS = 2;
    /** A poller's pause after a round in which no tracer became visible, so the polling stays light. */
    private static final Duration RECHECK = Duration.ofMillis(20);
    /**
     * A tracer not yet visible is asked again after its age over this (at least {@link #RECHECK}, at
     * most {@link #LONGEST_RECHECK}): the figure is then late by at most 1/50 of itself, and a
     * backlogged storm is not slowed further by its own measurement's GETs.
     */
    private static final int RECHECK_AGE_DIVISOR = 50;
    private static final Duration LONGEST_RECHECK = Duration.ofMillis(500);
    private static final String[] BODIES = {"JOIN Maria", "STOP", "YES", "Thank you, signed"};
    private static final String ALERT = "Ana was detained today. Reply YES to sign the urgent action.";

    private enum Kind { JOIN, STOP, REPLY }

    private record Tracer(Kind kind, String phone, String supporterId) {
    }

    /** One webhook of a storm: its request, and the tracer it carries (or null). */
    private record Webhook(String sid, byte[] request, Tracer tracer) {
    }

    /** {@code startNanos}: the load generator's clock at the start, from which an open-loop webhook i is due ({@link #dueAfter}). */
    private record Outcome(int accepted, long startNanos, long elapsedNanos, long[] latencies, Map<String, Long> postedAt,
                           List<String> failures, long driverCpuNanos) {
        double perSecond() {
            return Stats.perSecond(accepted, elapsedNanos);
        }

        /** CPU of this JVM (gateway, Kafka broker, simulator, the driver's clients) per accepted webhook. */
        double driverCpuMillisPerWebhook() {
            return accepted == 0 ? Double.NaN : driverCpuNanos / 1e6 / accepted;
        }
    }

    private final Infrastructure infra;
    private final TwilioSimulator simulator;
    private final GatewayInstance gateway;
    private final SubscriberInstance subscriber;
    private final Results results;
    private final String runId;
    private final int webhooks;
    private final InboundWebhooks client;
    private final String actionId;
    private final Path outputDir;
    private int lastPhase = FIRST_PHASE - 1;

    InboundStorm(Infrastructure infra, TwilioSimulator simulator, GatewayInstance gateway, SubscriberInstance subscriber,
                 Results results, String runId, int webhooks, Path outputDir) {
        this.infra = infra;
        this.simulator = simulator;
        this.gateway = gateway;
        this.subscriber = subscriber;
        this.results = results;
        this.runId = runId;
        this.webhooks = webhooks;
        this.client = new InboundWebhooks(gateway.baseUrl(), simulator.config().accountSid(), simulator.config().authToken());
        this.actionId = "bench-w3-" + runId;
        this.outputDir = outputDir;
    }

    void run() throws Exception {
        simulator.reset();
        // replies (JOIN and STOP confirmations, hints, thanks) are sent; their status callbacks are not part of W3
        simulator.behaviour(Behaviour.defaults().withCallbacks(false));
        // W3 reads none of the replies back: kept, they would fill this JVM's heap, which a production
        // gateway's does not hold (Twilio keeps them), and lengthen its GC pauses (benchmark-log.md, 2026-12-07)
        simulator.keepMessages(KEPT_MESSAGES);
        try (Admin admin = BenchKafka.admin(infra)) {
            int[] onlyRates = openLoopRates(System.getProperty(OPEN_LOOP_RATES_PROPERTY, ""));
            warmUp(admin);
            if (onlyRates.length > 0) {
                warmUpOpenLoop(admin);
                measureOpenLoopAt(admin, onlyRates);
                return;
            }
            int best = findBestConcurrency(admin);
            List<Measured> storms = new ArrayList<>();
            for (int s = 0; s < STORMS; s++) {
                storms.add(measureStorm(admin, prepareTracers(admin, webhooks), best, 0));
            }
            Measured storm = Stats.median(storms, m -> m.outcome().perSecond());
            results.put(W, "storms measured (" + storms.size() + "; the figures below are the one of median accepted/s)",
                    storms.stream().map(Measured::summary).collect(Collectors.joining("; ")));
            report("", storm, "w3-tracers-storm.csv");
            warmUpOpenLoop(admin);
            holdArrivalRate(admin);
        } finally {
            client.close();
            simulator.reset(); // what it keeps, too, for the workloads after
        }
    }

    // ---- the highest rate accepted ----------------------------------------------------------------

    /**
     * Storms like the measured one (the same mix, tracers, visibility GETs, so the same code paths), of
     * half its size at the highest concurrency tried, until subscriber's and this JVM's compilers are
     * done ({@link WarmUp}); at most {@link #WARM_UP_AT_FULL_SIZE} at full size, in proportion below it.
     */
    private void warmUp(Admin admin) throws Exception {
        int size = Math.max(100, webhooks / 2);
        Duration budget = WarmUp.budget(WARM_UP_AT_FULL_SIZE, webhooks, FULL_SIZE);
        WarmUp.run(results, W, budget, warmedJvms(),
                number -> measureStorm(admin, prepareTracers(admin, size), CLIENT_THREADS[2], 0)
                        .summary());
    }

    /** The JVMs W3's code runs in, whose compilers a warm-up waits for: this one and subscriber's. */
    private List<WarmUp.Jvm> warmedJvms() {
        return List.of(WarmUp.Jvm.harness(), new WarmUp.Jvm("subscriber", subscriber::cpuTime, subscriber::jitCpuTime));
    }

    /**
     * The closed-loop storms leave the compilers work that only the open loop's low rates show
     * (benchmark-log.md, 2026-12-07): open-loop storms of a quarter of the storm's size at the lowest
     * rate the search may try, unmeasured, until the compilers are done again ({@link WarmUp}); at most
     * {@link #OPEN_LOOP_WARM_UP_AT_FULL_SIZE} at full size.
     */
    private void warmUpOpenLoop(Admin admin) throws Exception {
        int size = Math.max(100, webhooks / 4);
        Duration budget = WarmUp.budget(OPEN_LOOP_WARM_UP_AT_FULL_SIZE, webhooks, FULL_SIZE);
        WarmUp.run(results, W, "open-loop ", budget, warmedJvms(),
                number -> measureStorm(admin, prepareTracers(admin, size),
                        ARRIVAL_CLIENT_THREADS, ARRIVAL_RATES[0]).summary());
    }

    /**
     * Only open-loop storms at the given rates ({@code 250,1000}), each reported, instead of the
     * storms and the search: for looking at a few rates side by side without a full W3.
     */
    private void measureOpenLoopAt(Admin admin, int[] rates) throws Exception {
        for (int r = 0; r < rates.length; r++) {
            Measured m = measureStorm(admin, prepareTracers(admin, webhooks),
                    ARRIVAL_CLIENT_THREADS, rates[r]);
            results.put(W, "open loop at " + rates[r] + "/s (" + (r + 1) + ")", m.summary());
            writeLatencies("w3-open-loop-" + (r + 1) + "-" + rates[r] + ".csv", m, rates[r]);
        }
    }

    /**
     * The rates of {@link #OPEN_LOOP_RATES_PROPERTY} ({@code "250,1000"}), none when it is blank; read before
     * anything runs, so a bad value costs no warm-up.
     */
    static int[] openLoopRates(String asked) {
        if (asked.isBlank()) {
            return new int[0];
        }
        String[] each = asked.split(",", -1);
        int[] rates = new int[each.length];
        for (int r = 0; r < each.length; r++) {
            String rate = each[r].trim();
            rates[r] = rate.matches("\\d{1,6}") ? Integer.parseInt(rate) : 0;
        }
        if (Arrays.stream(rates).anyMatch(rate -> rate <= 0)) {
            throw new IllegalArgumentException(OPEN_LOOP_RATES_PROPERTY
                    + " must be positive webhooks-per-second rates separated by commas, e.g. 250,1000; got " + asked);
        }
        return rates;
    }

    /** Each webhook of an open-loop storm: when it was due and how long its answer took, to see when the slow ones came. */
    private void writeLatencies(String file, Measured m, int rate) throws IOException {
        long[] latencies = m.outcome().latencies();
        StringBuilder csv = new StringBuilder("due_at,due_ms,latency_ms\n");
        for (int i = 0; i < latencies.length; i++) {
            long sinceStormStart = m.outcome().startNanos() + dueAfter(i, rate) - m.stormStart();
            csv.append(m.stormStartedAt().plusNanos(sinceStormStart)).append(',').append(sinceStormStart / 1_000_000)
                    .append(',').append(String.format(Locale.ROOT, "%.2f", latencies[i] / 1e6)).append('\n');
        }
        writeFile(file, csv);
    }

    /** When webhook {@code i} of an open-loop storm at {@code perSecond} is due, after the storm's start. */
    private static long dueAfter(int i, double perSecond) {
        return (long) (i * 1e9 / perSecond);
    }

    private void writeFile(String file, CharSequence text) throws IOException {
        Files.createDirectories(outputDir);
        Files.writeString(outputDir.resolve(file), text);
    }

    private int findBestConcurrency(Admin admin) throws Exception {
        int size = Math.max(100, webhooks / 10);
        int best = CLIENT_THREADS[0];
        double bestRate = -1;
        List<String> tried = new ArrayList<>();
        for (int k = 0; k < CLIENT_THREADS.length; k++) {
            int threads = CLIENT_THREADS[k];
            Outcome outcome = storm(plain(freshPhase(), size), threads);
            double rate = outcome.perSecond();
            tried.add(String.format(Locale.ROOT, "%d threads: %.0f/s, p50 %.1f ms, p99 %.1f ms, %.2f ms CPU/webhook",
                    threads, rate, Stats.percentileMillis(outcome.latencies(), 50),
                    Stats.percentileMillis(outcome.latencies(), 99), outcome.driverCpuMillisPerWebhook()));
            if (outcome.accepted() == size && rate > bestRate) {
                bestRate = rate;
                best = threads;
            }
            awaitQuiet(admin);
        }
        results.put(W, "concurrency search (" + size + " webhooks each)", String.join("; ", tried));
        return best;
    }

    /** Webhooks of the ordinary mix, each from a fresh number. */
    private List<Webhook> plain(int phase, int count) {
        List<Webhook> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String sid = InboundWebhooks.sid(runId, phase, i);
            list.add(new Webhook(sid, client.request(sid, phone("+4479", phase, i), BODIES[i % BODIES.length]), null));
        }
        return list;
    }

    private void awaitQuiet(Admin admin) {
        subscriber.awaitIdle(admin, gateway, Duration.ofSeconds(120 + webhooks / 50));
    }

    // ---- the highest arrival rate held within the targets -----------------------------------------

    /**
     * Twilio posts a webhook when a text arrives, whether or not we have answered the ones before: a
     * storm is an open-loop arrival. The closed-loop storms above find the highest rate accepted, but
     * their latency is the client concurrency's by construction (64 waiting clients at R per second
     * wait 64 / R on average). Here webhooks arrive on a schedule (i / rate after the start), each
     * measured from its scheduled time, so time spent queued anywhere counts; the search looks for
     * the highest rate at which a storm of the size is all accepted with webhook p99 under
     * 50 ms and every tracer visible through the API with p99 under 1 s.
     */
    private void holdArrivalRate(Admin admin) throws Exception {
        ArrivalSearch search = new ArrivalSearch();
        Measured best = null;
        List<String> tried = new ArrayList<>();
        while (search.next() >= 0) {
            int rate = ARRIVAL_RATES[search.next()];
            Measured m = measureStorm(admin, prepareTracers(admin, webhooks),
                    ARRIVAL_CLIENT_THREADS, rate);
            boolean held = held(m);
            tried.add(String.format(Locale.ROOT, "%d/s %s (%d of %d accepted): %s", rate, held ? "held" : "missed",
                    m.outcome().accepted(), m.webhooks(), m.summary()));
            if (held) {
                best = m; // bisection only tries rates above the highest held so far
            }
            search.answer(held);
        }
        int bestRate = search.highestHeld() < 0 ? 0 : ARRIVAL_RATES[search.highestHeld()];
        results.put(W, "open-loop arrival rates tried (from the target, bisecting)", String.join("; ", tried));
        results.put(W, "highest arrival rate held within the targets (open loop)", bestRate);
        if (best != null) {
            report("held at " + bestRate + "/s: ", best, "w3-tracers-held.csv");
        }
    }

    /**
     * Bisection over {@link #ARRIVAL_RATES} from the target: each rate tried lies strictly between
     * the highest held and the lowest missed so far, so an answer only ever narrows the two.
     */
    static final class ArrivalSearch {
        private int highestHeld = -1; // indexes into ARRIVAL_RATES; -1 and length: none yet
        private int lowestMissed = ARRIVAL_RATES.length;
        private int next = Arrays.binarySearch(ARRIVAL_RATES, TARGET_RATE);

        /** The index of the rate to try next, or -1 when nothing is left between held and missed. */
        int next() {
            return next;
        }

        /** The answer for the rate at {@link #next()}: held within the targets or not. */
        void answer(boolean held) {
            if (held) {
                highestHeld = next;
            } else {
                lowestMissed = next;
            }
            next = nextArrivalIndex(highestHeld, lowestMissed);
        }

        int highestHeld() {
            return highestHeld;
        }
    }

    /** All accepted, webhook p99 and visible p99 within the targets, every tracer seen. */
    private static boolean held(Measured m) {
        return m.outcome().accepted() == m.webhooks()
                && m.visibleAfter().size() == m.tracerBySid().size()
                && Stats.percentileMillis(m.outcome().latencies(), 99) < TARGET_WEBHOOK_P99_MS
                && Stats.percentileMillis(m.visible(), 99) < TARGET_VISIBLE_P99_MS;
    }

    /**
     * The index of the next rate to try, halfway between the highest held so far and the lowest
     * missed so far ({@code -1} and {@code ARRIVAL_RATES.length} while there is none), or -1 when
     * they are neighbours: nothing between them is left to try.
     */
    static int nextArrivalIndex(int highestHeld, int lowestMissed) {
        return lowestMissed - highestHeld <= 1 ? -1 : Math.floorDiv(highestHeld + lowestMissed, 2);
    }

    // ---- tracers ----------------------------------------------------------------------------------

    /**
     * The storm's webhooks: the ordinary mix, every {@link #TRACER_EVERY}th replaced by a tracer.
     * STOP and reply tracers come from numbers that join first; reply tracers' numbers also get an
     * urgent action through the gateway (standing in for dispatch, which is not running), so their
     * reply has an action to answer.
     */
    private List<Webhook> prepareTracers(Admin admin, int size) throws Exception {
        int tracers = Math.max(3, size / TRACER_EVERY);
        int joinPhase = freshPhase(); // the tracer numbers' JOINs before the storm, and the numbers themselves
        int tracerPhase = freshPhase();
        List<String> joinFirst = new ArrayList<>();
        for (int k = 0; k < tracers; k++) {
            if (k % 3 != Kind.JOIN.ordinal()) {
                joinFirst.add(phone("+4472", joinPhase, k));
            }
        }
        List<Webhook> joins = new ArrayList<>();
        for (int k = 0; k < joinFirst.size(); k++) {
            String sid = InboundWebhooks.sid(runId, joinPhase, k);
            joins.add(new Webhook(sid, client.request(sid, joinFirst.get(k), "JOIN"), null));
        }
        Outcome joined = storm(joins, CLIENT_THREADS[0]);
        if (joined.accepted() != joins.size()) {
            throw new IllegalStateException("the gateway refused tracer JOINs: " + joined.failures());
        }
        Map<String, String> supporterIds = new HashMap<>();
        Poll.until("tracer numbers joined (subscriber log: " + subscriber.log() + ")", Duration.ofSeconds(120), () -> {
            subscriber.requireAlive();
            for (String phone : joinFirst) {
                if (!supporterIds.containsKey(phone)) {
                    var state = call(() -> subscriber.supporter(phone));
                    if (state.isPresent() && state.get().subscribedTo(SubscriberInstance.DEFAULT_LIST_ID)) {
                        supporterIds.put(phone, state.get().id());
                    }
                }
            }
            return supporterIds.size() == joinFirst.size();
        });

        // the urgent action reply tracers answer, and its message to each of them through the gateway
        Instant now = Instant.now();
        try (KafkaProducer<String, Object> producer = BenchKafka.producer(infra)) {
            producer.send(new ProducerRecord<>(Topics.URGENT_ACTIONS, actionId, new UrgentActionTriggered(actionId,
                    List.of(SubscriberInstance.DEFAULT_LIST_ID), Channel.SMS, now.plus(Duration.ofHours(2)),
                    "Thank you (bench)", "bench", now)));
            for (int k = 0; k < tracers; k++) {
                if (k % 3 == Kind.REPLY.ordinal()) {
                    String phone = phone("+4472", joinPhase, k);
                    producer.send(new ProducerRecord<>(Topics.OUTBOUND_URGENT, phone, new OutboundMessageRequested(
                            UUID.randomUUID().toString(), Lane.URGENT, Channel.SMS, phone, ALERT, actionId,
                            supporterIds.get(phone), Purpose.ALERT, now, now.plus(Duration.ofHours(1)))));
                }
            }
            producer.flush();
        }
        Duration timeout = Duration.ofSeconds(120);
        // the gateway commits a record only once its SENT event is durable; then subscriber must have read them
        BenchKafka.awaitCaughtUp(admin, gateway.property("tocsin.gateway.consumer-group") + ".urgent",
                List.of(Topics.OUTBOUND_URGENT), timeout);
        BenchKafka.awaitCaughtUp(admin, subscriber.consumerGroup(), List.of(Topics.URGENT_ACTIONS, Topics.MESSAGE_STATUS), timeout);
        awaitQuiet(admin);

        List<Webhook> storm = new ArrayList<>(plain(freshPhase(), size));
        for (int k = 0; k < tracers; k++) {
            int index = Math.min(size - 1, k * TRACER_EVERY + TRACER_EVERY / 2);
            Kind kind = Kind.values()[k % 3];
            String phone = kind == Kind.JOIN ? phone("+4473", joinPhase, k) : phone("+4472", joinPhase, k);
            String body = switch (kind) {
                case JOIN -> "JOIN";
                case STOP -> "STOP";
                case REPLY -> "YES";
            };
            String sid = InboundWebhooks.sid(runId, tracerPhase, k);
            storm.set(index, new Webhook(sid, client.request(sid, phone, body), new Tracer(kind, phone, supporterIds.get(phone))));
        }
        return storm;
    }

    private boolean visible(Tracer tracer) throws Exception {
        return switch (tracer.kind()) {
            case JOIN -> subscriber.supporter(tracer.phone())
                    .map(s -> s.subscribedTo(SubscriberInstance.DEFAULT_LIST_ID)).orElse(false);
            case STOP -> subscriber.supporter(tracer.phone()).map(SubscriberInstance.SupporterState::optedOut).orElse(false);
            case REPLY -> subscriber.responded(actionId, tracer.supporterId());
        };
    }

    // ---- the storm --------------------------------------------------------------------------------

    /**
     * Posts {@code storm} from {@code threads} clients, as fast as they are answered or, when
     * {@code arrivalsPerSecond} is above 0, at that rate, and measures until every tracer is visible.
     */
    private Measured measureStorm(Admin admin, List<Webhook> storm, int threads, double arrivalsPerSecond)
            throws Exception {
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        Map<String, Tracer> tracerBySid = new HashMap<>();
        storm.stream().filter(w -> w.tracer() != null).forEach(w -> tracerBySid.put(w.sid(), w.tracer()));
        Map<Tracer, Long> postedAt = new ConcurrentHashMap<>();
        Map<Tracer, Long> visibleAfter = new ConcurrentHashMap<>();
        // subscriber applies each partition's records in order: only the oldest pending tracer of a
        // partition can be the next to become visible, so only it is polled
        Map<Integer, Queue<Tracer>> pendingByPartition = new ConcurrentHashMap<>();
        Map<Tracer, Integer> partitionOf = new ConcurrentHashMap<>();
        AtomicBoolean pollersStop = new AtomicBoolean();
        AtomicInteger pollErrors = new AtomicInteger();
        AtomicInteger apiGets = new AtomicInteger();

        List<Thread> pollers = new ArrayList<>();
        for (int p = 0; p < POLLERS; p++) {
            int poller = p;
            pollers.add(Thread.ofPlatform().name("bench-w3-visibility-" + p).start(() -> {
                Map<Integer, Long> nextAskAt = new HashMap<>(); // by partition, System.nanoTime()
                while (!pollersStop.get()) {
                    boolean progressed = false;
                    for (var entry : pendingByPartition.entrySet()) {
                        if (entry.getKey() % POLLERS != poller) {
                            continue;
                        }
                        Tracer head = entry.getValue().peek();
                        long now = System.nanoTime();
                        if (head == null || now < nextAskAt.getOrDefault(entry.getKey(), Long.MIN_VALUE)) {
                            continue;
                        }
                        apiGets.incrementAndGet();
                        try {
                            if (visible(head)) {
                                visibleAfter.put(head, System.nanoTime() - postedAt.get(head));
                                entry.getValue().poll();
                                nextAskAt.remove(entry.getKey());
                                progressed = true;
                            } else {
                                nextAskAt.put(entry.getKey(), now + recheckAfter(now - postedAt.get(head)));
                            }
                        } catch (Exception e) {
                            pollErrors.incrementAndGet();
                        }
                    }
                    if (!progressed) {
                        sleep(RECHECK);
                    }
                }
            }));
        }

        Outcome outcome;
        Duration subscriberCpuBefore = subscriber.cpuTime();
        Duration subscriberJitBefore = subscriber.jitCpuTime();
        Duration driverJitBefore = JitCpu.ofThisJvm();
        MachineCpu.Snapshot machineBefore = MachineCpu.take();
        long stormStart = System.nanoTime();
        Instant stormStartedAt = Instant.now();
        long stormEnd;
        Duration driverJit;
        String machine;
        try (KafkaConsumer<String, Object> consumer = BenchKafka.consumerAtEnd(infra, Topics.INBOUND)) {
            AtomicBoolean readerStop = new AtomicBoolean();
            Thread reader = Thread.ofPlatform().name("bench-inbound-reader").start(() -> {
                while (!readerStop.get()) {
                    for (var record : consumer.poll(Duration.ofMillis(50))) {
                        if (record.value() instanceof InboundMessageReceived inbound) {
                            seenAt.putIfAbsent(inbound.providerMessageId(), System.nanoTime());
                            Tracer tracer = tracerBySid.get(inbound.providerMessageId());
                            if (tracer != null) {
                                partitionOf.put(tracer, record.partition());
                                pendingByPartition.computeIfAbsent(record.partition(), k -> new ConcurrentLinkedQueue<>())
                                        .add(tracer);
                            }
                        }
                    }
                }
            });
            try {
                outcome = storm(storm, threads, (webhook, since) -> {
                    if (webhook.tracer() != null) {
                        postedAt.put(webhook.tracer(), since);
                    }
                }, arrivalsPerSecond);
                stormEnd = System.nanoTime();
                driverJit = JitCpu.ofThisJvm().minus(driverJitBefore);
                machine = MachineCpu.since(machineBefore, subscriber.named());
                int accepted = outcome.accepted();
                Poll.until("inbound events on Kafka", Duration.ofSeconds(60), () -> seenAt.size() >= accepted);
            } finally {
                readerStop.set(true);
                reader.join(5000);
            }
        }
        Duration catchUp;
        Duration subscriberCpu = null;
        Duration subscriberJit = null;
        String visibilityWait = null;
        try {
            subscriber.requireAlive();
            BenchKafka.awaitCaughtUp(admin, subscriber.consumerGroup(), List.of(Topics.INBOUND),
                    Duration.ofSeconds(120 + webhooks / 20));
            catchUp = Duration.ofNanos(System.nanoTime() - stormEnd);
            subscriberCpu = subscriber.cpuTime().minus(subscriberCpuBefore);
            subscriberJit = subscriber.jitCpuTime().minus(subscriberJitBefore);
            Poll.until("tracers visible through subscriber's API", Duration.ofSeconds(15),
                    () -> visibleAfter.size() == tracerBySid.size());
        } catch (IllegalStateException e) {
            catchUp = null;
            visibilityWait = e.getMessage();
        } finally {
            pollersStop.set(true);
            for (Thread poller : pollers) {
                poller.join(5000);
            }
        }
        long pollingNanos = System.nanoTime() - stormStart;
        long[] onKafka = outcome.postedAt().entrySet().stream()
                .filter(e -> seenAt.containsKey(e.getKey()))
                .mapToLong(e -> seenAt.get(e.getKey()) - e.getValue())
                .toArray();
        double applied = catchUp == null ? Double.NaN
                : Stats.perSecond(outcome.accepted(), stormEnd - stormStart + catchUp.toNanos());
        return new Measured(storm.size(), threads, outcome, seenAt, onKafka, tracerBySid, postedAt, partitionOf,
                visibleAfter, apiGets.get(), pollErrors.get(), pollingNanos, catchUp, visibilityWait, subscriberCpu,
                subscriberJit, driverJit, applied, stormStart, stormStartedAt, machine);
    }

    /** What one storm measured. */
    private record Measured(int webhooks, int threads, Outcome outcome, Map<String, Long> seenAt, long[] onKafka,
                            Map<String, Tracer> tracerBySid, Map<Tracer, Long> postedAt, Map<Tracer, Integer> partitionOf,
                            Map<Tracer, Long> visibleAfter, int apiGets, int pollErrors, long pollingNanos,
                            Duration catchUp, String visibilityWait, Duration subscriberCpu, Duration subscriberJit,
                            Duration driverJit, double applied, long stormStart, Instant stormStartedAt, String machine) {

        long[] visible() {
            return visibleAfter.values().stream().mapToLong(Long::longValue).toArray();
        }

        /** One line: what a warm-up round did. */
        String summary() {
            return String.format(Locale.ROOT, "%d webhooks at %d threads: %.0f/s, p50 %.1f ms, p99 %.1f ms; visible p99 %.0f ms;"
                            + " subscriber applied %.0f/s; CPU per webhook %.2f ms here, %.2f ms in subscriber",
                    webhooks, threads, outcome.perSecond(), Stats.percentileMillis(outcome.latencies(), 50),
                    Stats.percentileMillis(outcome.latencies(), 99),
                    Stats.percentileMillis(visible(), 99), applied, outcome.driverCpuMillisPerWebhook(),
                    subscriberCpuMillisPerWebhook());
        }

        double subscriberCpuMillisPerWebhook() {
            return subscriberCpu == null || outcome.accepted() == 0 ? Double.NaN
                    : subscriberCpu.toNanos() / 1e6 / outcome.accepted();
        }
    }

    /** Puts a storm's figures into the results under {@code label}, its tracers into {@code tracerFile}. */
    private void report(String label, Measured m, String tracerFile) throws IOException {
        Outcome outcome = m.outcome();
        if (m.visibilityWait() != null) {
            results.put(W, label + "visibility wait", m.visibilityWait());
        }
        results.put(W, label + "webhooks", m.webhooks());
        results.put(W, label + "client threads", m.threads());
        results.put(W, label + "accepted (200)", outcome.accepted());
        results.put(W, label + "rejected or failed", m.webhooks() - outcome.accepted());
        if (!outcome.failures().isEmpty()) {
            results.put(W, label + "first failures", String.join("; ", outcome.failures()));
        }
        results.put(W, label + "accepted/s", outcome.perSecond());
        results.put(W, label + "webhook latency p50 ms", Stats.percentileMillis(outcome.latencies(), 50));
        results.put(W, label + "webhook latency p99 ms", Stats.percentileMillis(outcome.latencies(), 99));
        results.put(W, label + "InboundMessageReceived on Kafka", m.seenAt().size());
        results.put(W, label + "webhook -> visible on Kafka p99 ms", Stats.percentileMillis(m.onKafka(), 99));
        results.put(W, label + "tracers (every " + TRACER_EVERY + "th webhook: JOIN, STOP, reply)", m.tracerBySid().size());
        results.put(W, label + "tracers visible through subscriber API", m.visibleAfter().size());
        long[] visible = m.visible();
        results.put(W, label + "webhook -> visible through API p50 ms", Stats.percentileMillis(visible, 50));
        results.put(W, label + "webhook -> visible through API p99 ms", Stats.percentileMillis(visible, 99));
        results.put(W, label + "webhook -> visible through API max ms", Stats.percentileMillis(visible, 100));
        for (Kind kind : Kind.values()) {
            long[] ofKind = m.visibleAfter().entrySet().stream().filter(e -> e.getKey().kind() == kind)
                    .mapToLong(Map.Entry::getValue).toArray();
            results.put(W, label + "visible p99 ms, " + kind.name().toLowerCase(Locale.ROOT) + " tracers (" + ofKind.length + ")",
                    Stats.percentileMillis(ofKind, 99));
        }
        results.put(W, label + "API GETs for visibility (per s)", String.format(Locale.ROOT, "%d (%.0f/s)", m.apiGets(),
                Stats.perSecond(m.apiGets(), m.pollingNanos())));
        if (m.pollErrors() > 0) {
            results.put(W, label + "API polls that failed", m.pollErrors());
        }
        results.put(W, label + "subscriber read all inbound s after the last webhook",
                m.catchUp() == null ? Double.NaN : m.catchUp().toMillis() / 1000.0);
        results.put(W, label + "CPU ms per webhook: this JVM during the storm (gateway, broker, simulator, clients)",
                outcome.driverCpuMillisPerWebhook());
        results.put(W, label + "CPU ms per webhook: subscriber-service until it had read all", m.subscriberCpuMillisPerWebhook());
        results.put(W, label + "JIT compilers' CPU: this JVM during the storm", JitCpu.share(m.driverJit(),
                Duration.ofNanos(outcome.driverCpuNanos())));
        results.put(W, label + "JIT compilers' CPU: subscriber-service until it had read all", JitCpu.share(m.subscriberJit(),
                m.subscriberCpu()));
        writeTracers(tracerFile, m);
        results.put(W, label + "subscriber inbound/s (storm start -> all read)", m.applied());
        results.put(W, label + "machine CPU during the storm (cores)", m.machine());
        if (label.isEmpty()) { // said once, for every round
            describeVisibility();
        }
    }

    /** One line per tracer, for finding out what held a late one: when it was posted, its partition, its times. */
    private void writeTracers(String file, Measured m) throws IOException {
        Map<Tracer, Long> postedAt = m.postedAt();
        Map<String, Long> seenAt = m.seenAt();
        long stormStart = m.stormStart();
        StringBuilder csv = new StringBuilder("posted_at,kind,partition,posted_ms,on_kafka_ms,visible_ms\n");
        m.tracerBySid().entrySet().stream()
                .filter(e -> postedAt.containsKey(e.getValue()))
                .sorted(Comparator.comparingLong(e -> postedAt.get(e.getValue())))
                .forEach(e -> {
                    Tracer tracer = e.getValue();
                    long posted = postedAt.get(tracer);
                    Long seen = seenAt.get(e.getKey());
                    Long visible = m.visibleAfter().get(tracer);
                    csv.append(m.stormStartedAt().plusNanos(posted - stormStart)).append(',')
                            .append(tracer.kind()).append(',').append(m.partitionOf().getOrDefault(tracer, -1)).append(',')
                            .append((posted - stormStart) / 1_000_000).append(',')
                            .append(seen == null ? "" : Long.toString((seen - posted) / 1_000_000)).append(',')
                            .append(visible == null ? "" : Long.toString(visible / 1_000_000)).append('\n');
                });
        writeFile(file, csv);
    }

    private void describeVisibility() {
        results.put(W, "visibility measured at", "subscriber API (GET /api/v1/supporters?phone=, "
                + "GET /api/v1/alerts/{id}/responses/{supporterId}) from the start of the tracer's POST; " + POLLERS + " threads poll "
                + "the oldest pending tracer of each inbound partition (subscriber applies a partition in order), "
                + RECHECK.toMillis() + " ms pause after a round without news; a tracer not yet visible is asked again "
                + "after 1/" + RECHECK_AGE_DIVISOR + " of its age (" + RECHECK.toMillis() + " to "
                + LONGEST_RECHECK.toMillis() + " ms)");
        results.put(W, "target", ">= 2000/s; p99 webhook < 50 ms; p99 visible < 1 s");
    }

    /** Nanoseconds until a tracer this old, not visible yet, is asked again. */
    static long recheckAfter(long ageNanos) {
        long byAge = ageNanos / RECHECK_AGE_DIVISOR;
        return Math.min(LONGEST_RECHECK.toNanos(), Math.max(RECHECK.toNanos(), byAge));
    }

    private interface BeforePost {
        /** {@code webhook} is posted now; its latency counts from {@code since} (System.nanoTime()). */
        void posting(Webhook webhook, long since);
    }

    private Outcome storm(List<Webhook> list, int threads) throws Exception {
        return storm(list, threads, (webhook, since) -> { }, 0);
    }

    /**
     * Posts every webhook of {@code list} from {@code threads} client threads, each as soon as its
     * previous one was answered (closed loop) or, when {@code perSecond} is above 0, at its slot
     * ({@code i / perSecond} after the start; open loop). An open-loop webhook's latency runs from its
     * slot, so one a busy client posts late counts its wait too.
     */
    private Outcome storm(List<Webhook> list, int threads, BeforePost beforePost, double perSecond) throws Exception {
        int n = list.size();
        long[] latencies = new long[n];
        Duration cpuBefore = JitCpu.cpuOfThisJvm();
        Map<String, Long> postedAt = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < threads; c++) {
                futures.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        Webhook webhook = list.get(i);
                        long t0;
                        if (perSecond > 0) {
                            t0 = start + dueAfter(i, perSecond);
                            for (long wait = t0 - System.nanoTime(); wait > 0; wait = t0 - System.nanoTime()) {
                                LockSupport.parkNanos(wait); // may return early
                            }
                        } else {
                            t0 = System.nanoTime();
                        }
                        beforePost.posting(webhook, t0);
                        postedAt.put(webhook.sid(), t0);
                        try {
                            int status = client.post(webhook.request());
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
        } finally {
            clients.shutdown();
        }
        return new Outcome(accepted.get(), start, System.nanoTime() - start, latencies, postedAt, failures,
                JitCpu.cpuOfThisJvm().minus(cpuBefore).toNanos());
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** A webhook sid phase no storm of this run has used. */
    private int freshPhase() {
        if (lastPhase + 1 >= PHASES) {
            throw new IllegalStateException("W3 ran out of fresh webhook phases (" + PHASES + ")");
        }
        return ++lastPhase;
    }

    /** A distinct E.164 number per (prefix, phase, index), for phases under {@link #PHASES}. */
    static String phone(String prefix, int phase, int index) {
        return prefix + String.format("%04d%06d", phase, index);
    }

    private interface Call<T> {
        T get() throws Exception;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
