package org.tocsin.bench;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.postgresql.PGConnection;
import org.tocsin.contracts.Topics;
import org.tocsin.testkit.Infrastructure;

/**
 * W1: dispatch-service fans an urgent action out to M consenting supporters. Dispatch runs as a
 * child process from its exec jar, as the local stack runs it: each service jar has its own
 * application.yml on the classpath root, so two services cannot share one classpath, and its own
 * JVM gives a heap figure that is dispatch's alone.
 */
final class FanoutWorkload {

    private static final String W = "W1 fan-out";
    /**
     * Fan-outs, and raw producer runs, per run of the workload: figures are their medians. Five since
     * 2026-12-08 (three before): single runs of the raw producer spread by up to 2 × within a run.
     */
    private static final int RUNS = 5;
    /**
     * The longest warm-up at the size (1,000,000 recipients), in proportion below it. One
     * minute often ran out with dispatch's compilers still at 15–24 % of its CPU; given three, they
     * settled after 50–113 s (benchmark-log.md, 2026-12-07 16:38).
     */
    private static final Duration WARM_UP_AT_FULL_SIZE = Duration.ofMinutes(3);
    private static final String USER = "bench";
    /** Approves each action before it is triggered, as a second coordinator must above the threshold. */
    private static final String APPROVER = "bench-approver";
    private static final String PASSWORD = "bench-password";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final Infrastructure infra;
    private final BenchConfig config;
    private final Results results;
    private final String runId;

    FanoutWorkload(Infrastructure infra, BenchConfig config, Results results, String runId) {
        this.infra = infra;
        this.config = config;
        this.results = results;
        this.runId = runId;
    }

    void run() throws Exception {
        int m = config.fanoutRecipients();
        String database = "bench_dispatch_" + runId;
        String jdbcUrl = infra.createDatabase(database);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers());
        String group = "bench-dispatch-" + runId;
        properties.put("spring.kafka.consumer.group-id", group);
        properties.put("spring.kafka.consumer.auto-offset-reset", "latest"); // topics created later; none expected
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", infra.postgresUsername());
        properties.put("spring.datasource.password", infra.postgresPassword());
        properties.put("tocsin.redis.url", "redis://" + infra.redisHost() + ":" + infra.redisPort());
        properties.put("tocsin.redis.key-prefix", "bench-w1-" + runId + ":");
        properties.put("tocsin.security.replicate-users", "false");
        properties.put("tocsin.security.users[0].name", USER);
        properties.put("tocsin.security.users[0].password", "{noop}" + PASSWORD);
        properties.put("tocsin.security.users[0].roles", "COORDINATOR,ANALYST");
        properties.put("tocsin.security.users[1].name", APPROVER);
        properties.put("tocsin.security.users[1].password", "{noop}" + PASSWORD);
        properties.put("tocsin.security.users[1].roles", "COORDINATOR");
        properties.put("logging.level.root", "WARN");
        // e.g. -Dtocsin.bench.dispatchArgs=tocsin.dispatch.fanout.page-size=2000 to try a setting
        properties.putAll(TriedSettings.of("dispatch"));
        // e.g. -Dtocsin.bench.dispatchJvmArgs=-XX:StartFlightRecording=filename=dispatch.jfr,settings=profile
        String jvmArgs = System.getProperty("tocsin.bench.dispatchJvmArgs", "").trim();
        List<String> jvmOptions = new ArrayList<>(jvmArgs.isEmpty() ? List.of() : List.of(jvmArgs.split("\\s+")));
        // the heap figure comes from the GC's own log: every collection logs the heap used before it,
        // which a sampler polling an endpoint can miss (and the polling costs dispatch CPU)
        Path gcLog = config.outputDir().toAbsolutePath().resolve("dispatch-w1-gc.log");
        Files.deleteIfExists(gcLog);
        jvmOptions.add("-Xlog:gc:file=" + gcLog);
        HttpClient http = HttpClient.newHttpClient();
        // A dispatch that has been running reads its topics as they grow. A new group would read them from the
        // start: in a full run, the status and consent events of every earlier workload, during the fan-outs.
        long skipped = BenchKafka.startGroupAtEnd(infra, group).entrySet().stream()
                .filter(end -> Topics.READ_BY_DISPATCH.contains(end.getKey().topic()))
                .mapToLong(Map.Entry::getValue).sum();
        results.put(W, "earlier records on dispatch's topics (its group starts after them)", skipped);
        try (ServiceProcess dispatch = ServiceProcess.start("dispatch-service", ServiceProcess.execJar("dispatch-service"),
                config.dispatchHeapMiB(), jvmOptions, properties, config.outputDir().resolve("dispatch-w1.log"),
                Duration.ofSeconds(180))) {
            String listId = UUID.randomUUID().toString();
            long loadStart = System.nanoTime();
            loadSupporters(jdbcUrl, listId, m);
            results.put(W, "recipients", m);
            results.put(W, "consent_view COPY seconds", (System.nanoTime() - loadStart) / 1e9);

            try (KafkaConsumer<String, byte[]> offsets = consumer()) {
                List<TopicPartition> partitions = partitions(offsets, Topics.OUTBOUND_URGENT);
                offsets.assign(partitions); // read_committed end offsets of unassigned partitions log a warning per call
                // Five actions to the same audience, each followed by a run of the raw producer: the figures are
                // the medians. Fan-outs go first, unmeasured, until dispatch's fresh JVM, and this one (the broker
                // every record goes through), have compiled what a fan-out runs.
                Duration budget = WarmUp.budget(WARM_UP_AT_FULL_SIZE, m, 1_000_000);
                AtomicReference<FanOut> lastWarmUp = new AtomicReference<>();
                WarmUp.run(results, W, budget, List.of(new WarmUp.Jvm("dispatch", dispatch::cpuTime,
                                dispatch::jitCpuTime), WarmUp.Jvm.harness()),
                        round -> {
                            FanOut warmUp = fanOut(http, dispatch, listId, RUNS + round, offsets, partitions, m);
                            lastWarmUp.set(warmUp);
                            return String.format(Locale.ROOT, "%d recipients: %.0f/s, %.1f µs dispatch CPU each", m,
                                    warmUp.rate(), warmUp.cpuMicrosPerRecipient());
                        });
                // the raw producer writes records of the fan-out's sizes: the last warm-up's, read back
                ActionRecords sizes = countActionRecords(partitions, lastWarmUp.get(), m);
                String bootstrap = infra.kafkaBootstrapServers();
                List<FanOut> fanOuts = new ArrayList<>();
                List<RawRun> raw = new ArrayList<>();
                long fewestRecords = Long.MAX_VALUE;
                // The raw producer runs in a JVM of its own with dispatch's heap limit, as dispatch's producer
                // does, warmed by the same rule. Each of its runs comes right after a fan-out, so both sides
                // meet the same machine: its speed drifted by a third within an evening here.
                try (RawProducerProcess child = RawProducerProcess.start(bootstrap, config.dispatchHeapMiB(),
                        config.outputDir().resolve("raw-producer-w1.log"))) {
                    WarmUp.run(results, W, "raw KafkaProducer ", budget, List.of(new WarmUp.Jvm("raw producer",
                                    child::cpuTime, child::jitCpuTime), WarmUp.Jvm.harness()),
                            round -> String.format(Locale.ROOT, "%d records: %.0f/s", m, child.run(rawTopic(RUNS),
                                    partitions.size(), m, sizes.keyBytes(), sizes.valueBytes())));
                    for (int run = 0; run < RUNS; run++) {
                        FanOut fanOut = fanOut(http, dispatch, listId, run, offsets, partitions, m);
                        fanOuts.add(fanOut);
                        // every recipient's record is there (read after the timing)
                        fewestRecords = Math.min(fewestRecords, countActionRecords(partitions, fanOut, m).count());

                        MachineCpu.Snapshot before = MachineCpu.take();
                        double rate = child.run(rawTopic(run), partitions.size(), m, sizes.keyBytes(), sizes.valueBytes());
                        raw.add(new RawRun(rate, MachineCpu.since(before, child.named())));
                    }
                }
                FanOut medianFanOut = Stats.median(fanOuts, FanOut::rate);
                double dispatchRate = medianFanOut.rate();
                results.put(W, "dispatch recipients/s, " + RUNS + " fan-outs",
                        joined(fanOuts.stream().mapToDouble(FanOut::rate).toArray()));
                results.put(W, "dispatch recipients/s (trigger -> all durable), median", dispatchRate);
                results.put(W, "dispatch CPU microseconds per recipient (its JVM, during the fan-out), median",
                        Stats.median(fanOuts.stream().mapToDouble(FanOut::cpuMicrosPerRecipient).toArray()));
                results.put(W, "machine CPU during the median fan-out (cores)", medianFanOut.machine());
                // PostgreSQL takes as much of the machine as dispatch in a fan-out: its share per recipient, each run
                results.put(W, "PostgreSQL CPU microseconds per recipient, each fan-out",
                        joined("%.1f", fanOuts.stream().mapToDouble(FanOut::postgresMicrosPerRecipient).toArray()));
                results.put(W, "dispatch -Xmx MiB", config.dispatchHeapMiB());
                results.put(W, "dispatch peak heap used MiB (before any GC, from its GC log)", peakHeapMiB(gcLog));
                results.put(W, "records of each action on " + Topics.OUTBOUND_URGENT + " (fewest)", fewestRecords);
                results.put(W, "mean key / value bytes", sizes.keyBytes() + " / " + sizes.valueBytes());

                RawRun medianRaw = Stats.median(raw, RawRun::rate);
                results.put(W, "raw KafkaProducer records/s, " + RUNS + " runs, each right after the fan-out above",
                        joined(raw.stream().mapToDouble(RawRun::rate).toArray()));
                results.put(W, "raw KafkaProducer records/s (same sizes, acks=all, own JVM), median", medianRaw.rate());
                results.put(W, "machine CPU during the median raw producer run (cores)", medianRaw.machine());
                results.put(W, "ratio dispatch / raw producer (medians)", dispatchRate / medianRaw.rate());
                double[] pairs = IntStream.range(0, RUNS).mapToDouble(i -> fanOuts.get(i).rate() / raw.get(i).rate()).toArray();
                results.put(W, "ratio of each fan-out to the raw run after it", joined("%.2f", pairs));
                results.put(W, "target", ">= 0.5 x raw producer; dispatch heap < 512 MB");
            }
        }
    }

    /** One run of the raw producer in its own JVM: records/s, the machine's CPU meanwhile. */
    private record RawRun(double rate, String machine) {
    }

    /**
     * One fan-out: its action, the urgent topic's end offsets before it, recipients/s, dispatch's CPU
     * and PostgreSQL's per recipient (NaN without /proc), the machine's.
     */
    private record FanOut(String actionId, Map<TopicPartition, Long> before, double rate, double cpuMicrosPerRecipient,
                          double postgresMicrosPerRecipient, String machine) {
    }

    /** Creates and triggers an action to the list's {@code m} supporters; returns once all are durable in Kafka. */
    private FanOut fanOut(HttpClient http, ServiceProcess dispatch, String listId, int run,
                          KafkaConsumer<String, byte[]> offsets, List<TopicPartition> partitions, int m) throws Exception {
        String actionId = createAction(http, dispatch.baseUrl(), listId, run);
        Map<TopicPartition, Long> before = offsets.endOffsets(partitions);
        Duration cpuBefore = dispatch.cpuTime();
        MachineCpu.Snapshot machineBefore = MachineCpu.take();
        long start = System.nanoTime();
        send(http, HttpRequest.newBuilder(URI.create(dispatch.baseUrl() + "/api/v1/alerts/" + actionId + "/trigger"))
                .header("Idempotency-Key", "bench-" + runId + "-" + run)
                .POST(HttpRequest.BodyPublishers.noBody()), 202, 200);
        Poll.until("every OutboundMessageRequested durable in Kafka", Duration.ofSeconds(120 + m / 500),
                () -> sumSince(offsets.endOffsets(partitions), before) >= m || !dispatch.isAlive());
        long fanoutNanos = System.nanoTime() - start;
        Duration cpu = dispatch.cpuTime().minus(cpuBefore);
        Optional<MachineCpu.Share> machine = MachineCpu.shareSince(machineBefore, dispatch.named());
        dispatch.requireAlive();
        return new FanOut(actionId, before, Stats.perSecond(m, fanoutNanos), cpu.toNanos() / 1000.0 / m,
                machine.map(share -> share.cpuSeconds(MachineCpu.POSTGRESQL) * 1e6 / m).orElse(Double.NaN),
                MachineCpu.describe(machine));
    }

    private void loadSupporters(String jdbcUrl, String listId, int m) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, infra.postgresUsername(), infra.postgresPassword())) {
            try (PreparedStatement known = connection.prepareStatement(
                    "INSERT INTO dispatch.known_list (id, name, double_opt_in, updated_at) VALUES (?, ?, false, ?)")) {
                known.setObject(1, UUID.fromString(listId));
                known.setString(2, "bench " + runId);
                known.setTimestamp(3, Timestamp.from(Instant.now()));
                known.executeUpdate();
            }
            String now = Instant.now().toString();
            Reader rows = new Reader() {
                private int next;
                private String pending = "";
                private int offset;

                @Override
                public int read(char[] buffer, int off, int len) {
                    if (offset == pending.length()) {
                        if (next >= m) {
                            return -1;
                        }
                        int i = next++;
                        pending = new UUID(0x7e57L, i) + "," + listId + ",+4476" + String.format("%08d", i)
                                + ",Maria,en,SUBSCRIBED," + now + "\n";
                        offset = 0;
                    }
                    int n = Math.min(len, pending.length() - offset);
                    pending.getChars(offset, offset + n, buffer, off);
                    offset += n;
                    return n;
                }

                @Override
                public void close() {
                }
            };
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY dispatch.consent_view (supporter_id, list_id, phone, first_name, language, state, updated_at) "
                            + "FROM STDIN WITH (FORMAT csv)", rows);
        }
    }

    /** An action's records on the urgent lane: how many, and their mean key and value sizes. */
    private record ActionRecords(long count, int keyBytes, int valueBytes) {
    }

    private ActionRecords countActionRecords(List<TopicPartition> partitions, FanOut fanOut, int m) {
        Map<TopicPartition, Long> from = fanOut.before();
        byte[] needle = fanOut.actionId().getBytes(StandardCharsets.UTF_8);
        long count = 0;
        long keyBytes = 0;
        long valueBytes = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(partitions);
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60 + m / 2000).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (contains(record.value(), needle)) {
                        count++;
                        keyBytes += record.key() == null ? 0 : record.key().getBytes(StandardCharsets.UTF_8).length;
                        valueBytes += record.value().length;
                    }
                }
            }
        }
        return new ActionRecords(count, (int) Math.round((double) keyBytes / Math.max(1, count)),
                (int) Math.round((double) valueBytes / Math.max(1, count)));
    }

    /**
     * Creates the raw producer's topic with the urgent lane's partition count, long before it is
     * used: an idempotent producer writing to a topic created a moment earlier hit out-of-order
     * sequence errors on this single-node broker, which would measure the broker's start-up of the
     * topic rather than producing.
     */
    void prepare() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(Topics.OUTBOUND_URGENT)).allTopicNames().get()
                    .get(Topics.OUTBOUND_URGENT).partitions().size();
            admin.createTopics(IntStream.rangeClosed(0, RUNS).mapToObj(this::rawTopic)
                    .map(topic -> new NewTopic(topic, partitions, (short) 1)).toList()).all().get();
        }
    }

    /** A raw producer run's own topic; run {@value #RUNS} is the warm-up's. */
    private String rawTopic(int run) {
        return "bench.raw-producer." + runId + "." + run;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static long sumSince(Map<TopicPartition, Long> now, Map<TopicPartition, Long> before) {
        return now.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String auth(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static String send(HttpClient http, HttpRequest.Builder request, int... expected) throws Exception {
        return send(http, USER, request, expected);
    }

    private static String send(HttpClient http, String user, HttpRequest.Builder request, int... expected) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", auth(user)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response.body();
            }
        }
        throw new IllegalStateException("dispatch answered " + response.statusCode() + ": " + response.body());
    }

    /**
     * Creates an action to the list and has a second coordinator approve it, outside the timed
     * trigger: an audience above {@code tocsin.dispatch.second-approval-threshold} (1,000 by default)
     * cannot be triggered otherwise.
     */
    private String createAction(HttpClient http, String base, String listId, int run) throws Exception {
        String created = send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Bench " + runId + " " + run + "\",\"body\":"
                        + "\"{{first_name|Friend}}, Ana was detained today. Reply YES to sign.\",\"listIds\":[\""
                        + listId + "\"],\"channel\":\"SMS\",\"replyWindow\":\"PT48H\"}")), 201);
        Matcher id = ID.matcher(created);
        if (!id.find()) {
            throw new IllegalStateException("no id in " + created);
        }
        send(http, APPROVER, HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts/" + id.group(1) + "/approve"))
                .POST(HttpRequest.BodyPublishers.noBody()), 200);
        return id.group(1);
    }

    private static String joined(double[] values) {
        return joined("%.0f", values);
    }

    private static String joined(String format, double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, format, v)).collect(Collectors.joining(", "));
    }

    private static final Pattern GC_HEAP = Pattern.compile("\\b(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The most heap any collection found in use (unified GC log: {@code 123M->45M(512M)}), whole run. */
    static long peakHeapMiB(Path gcLog) throws IOException {
        if (!Files.isRegularFile(gcLog)) {
            throw new IllegalStateException("no GC log at " + gcLog);
        }
        try (var lines = Files.lines(gcLog)) {
            return lines.map(GC_HEAP::matcher).filter(Matcher::find)
                    .mapToLong(m -> Math.max(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))))
                    .max().orElseThrow(() -> new IllegalStateException("no collection in " + gcLog));
        }
    }
}
