package org.tocsin.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.tocsin.contracts.EventJson;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.Topics;
import org.tocsin.testkit.Infrastructure;
import tools.jackson.databind.JsonNode;

/**
 * subscriber-service as a child process ({@link ServiceProcess}) with its own database, sharing
 * Kafka and the gateway's Redis key prefix, so the suppression set it writes on STOP is the one the
 * gateway reads. Its consumer group starts where every topic ends at start-up (offsets committed
 * before it joins), so records of earlier workloads never reach it and nothing produced afterwards
 * is missed. Also a small client for the API reads the workloads poll.
 */
final class SubscriberInstance implements AutoCloseable {

    /** The list JOIN joins (seeded by subscriber's V2 migration). */
    static final String DEFAULT_LIST_ID = "00000000-0000-4000-8000-000000000001";
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password";
    private static final int HEAP_MIB = 512;

    private final ServiceProcess process;
    private final String group;
    private final Infrastructure infra;
    private final String jdbcUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private SubscriberInstance(ServiceProcess process, String group, Infrastructure infra, String jdbcUrl) {
        this.process = process;
        this.group = group;
        this.infra = infra;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Starts subscriber-service and waits until it is healthy and its consumers own every partition
     * of the topics it reads.
     *
     * @param redisPrefix the gateway's {@code tocsin.redis.key-prefix}
     * @param log         where its output goes
     */
    static SubscriberInstance start(Infrastructure infra, String runId, String redisPrefix, Path log) throws Exception {
        String group = "bench-subscriber-" + runId;
        BenchKafka.startGroupAtEnd(infra, group);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers());
        properties.put("spring.kafka.consumer.group-id", group);
        properties.put("spring.kafka.consumer.auto-offset-reset", "latest"); // topics created later; none expected
        String jdbcUrl = infra.createDatabase("bench_subscriber_" + runId);
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", infra.postgresUsername());
        properties.put("spring.datasource.password", infra.postgresPassword());
        properties.put("tocsin.redis.url", "redis://" + infra.redisHost() + ":" + infra.redisPort());
        properties.put("tocsin.redis.key-prefix", redisPrefix);
        properties.put("tocsin.security.replicate-users", "false");
        properties.put("tocsin.security.users[0].name", USER);
        properties.put("tocsin.security.users[0].password", "{noop}" + PASSWORD);
        properties.put("tocsin.security.users[0].roles", "COORDINATOR,ANALYST");
        properties.put("logging.level.root", "WARN");
        properties.put("spring.main.banner-mode", "off");
        properties.putAll(TriedSettings.of("subscriber"));
        // e.g. -Dtocsin.bench.subscriberJvmArgs=-XX:StartFlightRecording=filename=subscriber.jfr,settings=profile
        String extra = System.getProperty("tocsin.bench.subscriberJvmArgs", "").trim();
        List<String> jvmOptions = new ArrayList<>(extra.isEmpty() ? List.of() : List.of(extra.split("\\s+")));
        // pauses and safepoints, with wall-clock times to set beside w3-tracers-*.csv
        jvmOptions.add("-Xlog:gc,safepoint:file=" + log.toAbsolutePath().resolveSibling("subscriber-gc.log") + ":time,uptime");
        ServiceProcess process = ServiceProcess.start("subscriber-service", ServiceProcess.execJar("subscriber-service"),
                HEAP_MIB, jvmOptions, properties, log, Duration.ofSeconds(180));
        SubscriberInstance subscriber = new SubscriberInstance(process, group, infra, jdbcUrl);
        try {
            subscriber.awaitAssigned(infra, group, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            subscriber.close();
            throw e;
        }
        return subscriber;
    }

    private void awaitAssigned(Infrastructure infra, String group, Duration timeout) throws Exception {
        try (Admin admin = BenchKafka.admin(infra)) {
            Set<TopicPartition> needed = new HashSet<>();
            admin.describeTopics(Topics.READ_BY_SUBSCRIBER).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p -> needed.add(new TopicPartition(topic, p.partition()))));
            Poll.until("subscriber-service consumers assigned (log: " + process.log() + ")", timeout, () -> {
                process.requireAlive();
                Set<TopicPartition> assigned = new HashSet<>();
                try {
                    for (MemberDescription member : admin.describeConsumerGroups(List.of(group)).all().get().get(group).members()) {
                        assigned.addAll(member.assignment().topicPartitions());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (ExecutionException e) {
                    return false;
                }
                return assigned.containsAll(needed);
            });
        }
    }

    /** What the supporter API shows about one number. */
    record SupporterState(String id, boolean optedOut, Map<String, String> listStates) {

        boolean subscribedTo(String listId) {
            return "SUBSCRIBED".equals(listStates.get(listId));
        }
    }

    /** {@code GET /api/v1/supporters?phone=}: the supporter with this number, if subscriber knows one. */
    Optional<SupporterState> supporter(String phone) throws IOException, InterruptedException {
        JsonNode found = get("/api/v1/supporters?phone=" + URLEncoder.encode(phone, StandardCharsets.UTF_8));
        if (found == null || found.isEmpty()) {
            return Optional.empty();
        }
        JsonNode s = found.get(0);
        Map<String, String> lists = new HashMap<>();
        for (JsonNode list : s.path("lists")) {
            lists.put(list.path("listId").asString(), list.path("state").asString());
        }
        return Optional.of(new SupporterState(s.path("id").asString(), s.path("optedOut").asBoolean(), lists));
    }

    /** Whether the supporter's response to the action is visible (one indexed lookup, not the whole list). */
    boolean responded(String actionId, String supporterId) throws IOException, InterruptedException {
        return get("/api/v1/alerts/" + actionId + "/responses/" + supporterId) != null;
    }

    /** The parsed body of a 200, null for a 404; anything else fails. */
    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(process.baseUrl() + path))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("subscriber-service answered " + response.statusCode() + " to GET " + path
                    + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return EventJson.mapper().readTree(response.body());
    }

    /** Its pid with its name, for {@link MachineCpu}. */
    Map<Long, String> named() {
        return process.named();
    }

    /** CPU time subscriber-service's JIT compilers have used so far. */
    Duration jitCpuTime() {
        return process.jitCpuTime();
    }

    /** CPU time subscriber-service's process has used so far. */
    Duration cpuTime() {
        return process.cpuTime();
    }

    void requireAlive() {
        process.requireAlive();
    }

    @Override
    public void close() {
        process.close();
    }

    /**
     * Waits until subscriber has read every inbound message, its outbox has published every reply it
     * wrote, and {@code gateway} has sent them all (the transactional lane).
     */
    void awaitIdle(Admin admin, GatewayInstance gateway, Duration timeout) {
        BenchKafka.awaitCaughtUp(admin, group, List.of(Topics.INBOUND), timeout);
        Poll.until("subscriber's outbox published", timeout, () -> unpublishedOutboxRows() == 0);
        String lane = gateway.property("tocsin.gateway.consumer-group") + "."
                + Lane.TRANSACTIONAL.name().toLowerCase(Locale.ROOT);
        BenchKafka.awaitCaughtUp(admin, lane, List.of(Topics.OUTBOUND_TRANSACTIONAL), timeout);
    }

    private long unpublishedOutboxRows() {
        try (Connection db = DriverManager.getConnection(jdbcUrl, infra.postgresUsername(), infra.postgresPassword());
             var rows = db.createStatement().executeQuery(
                     "SELECT count(*) FROM subscriber.outbox WHERE published_at IS NULL")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read subscriber's outbox", e);
        }
    }

    /** Its Kafka consumer group (every listener's). */
    String consumerGroup() {
        return group;
    }

    Path log() {
        return process.log();
    }
}
