package org.tocsin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collector;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** A separate instance on random ports, beside the shared one: start, use, close, nothing left running. */
class EmbeddedInfrastructureLifecycleTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void startsAllThreeOnFreePortsAndCloseLeavesNoServerProcessBehind(@TempDir Path dataDir) throws Exception {
        Set<Long> before = descendantPids();

        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Ports.random(), dataDir);
        ProcessHandle redisServer;
        ProcessHandle postmaster;
        EmbeddedInfrastructure.Ports ports = infrastructure.ports();
        try {
            assertThat(List.of(ports.kafka(), ports.postgres(), ports.redis())).allSatisfy(port -> assertThat(port).isPositive());
            assertThat(infrastructure.kafkaBootstrapServers()).isEqualTo("127.0.0.1:" + ports.kafka());
            assertThat(infrastructure.mode()).isEqualTo("embedded");
            assertThat(infrastructure.startupTime()).isPositive();
            try (Jedis jedis = new Jedis(infrastructure.redisHost(), infrastructure.redisPort())) {
                assertThat(jedis.ping()).isEqualTo("PONG");
                assertThat(jedis.configGet("save").get("save")).isEmpty();
                assertThat(jedis.configGet("appendonly").get("appendonly")).isEqualTo("no");
            }
            try (Connection connection = DriverManager.getConnection(infrastructure.postgresJdbcUrl("tocsin"),
                    "tocsin", "tocsin")) {
                assertThat(connection.isValid(5)).isTrue();
            }

            redisServer = newDescendants(before).stream()
                    .filter(process -> command(process).contains("redis-server"))
                    .collect(single("redis-server child"));
            // pg_ctl detaches the server, so it is found by its data directory rather than as a child
            Path postgresData = dataDir.resolve("postgres");
            postmaster = ProcessHandle.allProcesses()
                    .filter(process -> command(process).endsWith("/postgres")
                            && commandLine(process).contains(postgresData.toString()))
                    .collect(single("postmaster of " + postgresData));
            assertThat(EmbeddedPostgresServer.postmasterOf(postgresData)).contains(postmaster);
        } finally {
            infrastructure.close();
        }

        await().atMost(DEADLINE).until(() -> !redisServer.isAlive() && !postmaster.isAlive());
        await().atMost(DEADLINE).until(() -> !accepts(ports.kafka()) && !accepts(ports.postgres())
                && !accepts(ports.redis()));
        assertThat(newDescendants(before)).noneMatch(process -> process.isAlive()
                && (command(process).contains("redis-server") || command(process).contains("postgres")));
        assertThat(dataDir.resolve("postgres")).doesNotExist();
        infrastructure.close(); // a second close is harmless
    }

    @Test
    void whenOneServerCannotStartTheOthersAreStoppedAgain(@TempDir Path dataDir) throws IOException {
        Set<Long> before = descendantPids();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedInfrastructure.Ports ports = new EmbeddedInfrastructure.Ports(0, 0, taken.getLocalPort());

            assertThatIllegalStateException()
                    .isThrownBy(() -> EmbeddedInfrastructure.start(ports, dataDir))
                    .withMessageContaining("Redis");
        }

        Path postgresData = dataDir.resolve("postgres");
        await().atMost(DEADLINE).until(() -> ProcessHandle.allProcesses()
                .noneMatch(process -> commandLine(process).contains(postgresData.toString())));
        await().atMost(DEADLINE).until(() -> newDescendants(before).stream().noneMatch(ProcessHandle::isAlive));
        assertThat(Files.exists(postgresData)).isFalse();
    }

    @Test
    void portsAreCheckedAndTheLocalStackDefaultsAreFixed() {
        assertThat(EmbeddedInfrastructure.Ports.localStackDefaults())
                .isEqualTo(new EmbeddedInfrastructure.Ports(19092, 15432, 16379));
        assertThat(EmbeddedInfrastructure.Ports.random()).isEqualTo(new EmbeddedInfrastructure.Ports(0, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new EmbeddedInfrastructure.Ports(0, -1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new EmbeddedInfrastructure.Ports(65_536, 0, 0));
    }

    private static Set<Long> descendantPids() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static List<ProcessHandle> newDescendants(Set<Long> before) {
        return ProcessHandle.current().descendants().filter(process -> !before.contains(process.pid())).toList();
    }

    private static String command(ProcessHandle process) {
        return process.info().command().orElse("");
    }

    private static String commandLine(ProcessHandle process) {
        return process.info().commandLine().orElse("");
    }

    private static Collector<ProcessHandle, ?, ProcessHandle> single(String what) {
        return Collectors.collectingAndThen(Collectors.toList(), found -> {
            assertThat(found).as(what).hasSize(1);
            return found.getFirst();
        });
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
