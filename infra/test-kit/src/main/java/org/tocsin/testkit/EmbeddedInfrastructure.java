package org.tocsin.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka (an in-process KRaft broker), PostgreSQL and Redis (child processes) on this machine, no Docker
 * needed. Started in parallel; {@link #close()} stops all three and leaves no process behind.
 */
public final class EmbeddedInfrastructure implements Infrastructure {

    /** Ports to listen on, all on 127.0.0.1; 0 means any free port. */
    public record Ports(int kafka, int postgres, int redis) {

        public Ports {
            requirePort("kafka", kafka);
            requirePort("postgres", postgres);
            requirePort("redis", redis);
        }

        /** Free ports chosen at start: what tests want. */
        public static Ports random() {
            return new Ports(0, 0, 0);
        }

        /** The local stack's fixed ports: Kafka 19092, PostgreSQL 15432, Redis 16379. */
        public static Ports localStackDefaults() {
            return new Ports(19092, 15432, 16379);
        }

        private static void requirePort(String name, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " port out of range: " + port);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    /** Generous for a busy two-core machine; each server also has its own, shorter waits. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedRedis redis;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedInfrastructure(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, EmbeddedRedis redis,
            Duration startupTime) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.redis = redis;
        this.startupTime = startupTime;
    }

    /**
     * Starts Kafka, PostgreSQL (role and database {@code tocsin}, password {@code tocsin}) and Redis.
     *
     * @param dataDir PostgreSQL keeps its data in {@code dataDir/postgres}, wiped on start and on close;
     *     Kafka keeps its log in a temporary directory of its own, deleted on close
     * @throws IllegalStateException if any of them does not start; those that did are stopped again
     */
    public static EmbeddedInfrastructure start(Ports ports, Path dataDir) {
        long began = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        ExecutorService starter = Executors.newFixedThreadPool(3, starterThreads());
        try {
            Future<EmbeddedKafka> kafka = starter.submit(() -> EmbeddedKafka.start(ports.kafka()));
            Future<EmbeddedPostgresServer> postgres = starter.submit(
                    () -> EmbeddedPostgresServer.start(ports.postgres(), dataDir.resolve("postgres")));
            Future<EmbeddedRedis> redis = starter.submit(() -> EmbeddedRedis.start(ports.redis()));

            long deadline = began + START_TIMEOUT.toNanos();
            List<Throwable> failures = new ArrayList<>();
            List<AutoCloseable> started = new ArrayList<>();
            EmbeddedKafka startedKafka = await("Kafka", kafka, deadline, failures, started);
            EmbeddedPostgresServer startedPostgres = await("PostgreSQL", postgres, deadline, failures, started);
            EmbeddedRedis startedRedis = await("Redis", redis, deadline, failures, started);
            if (!failures.isEmpty()) {
                closeAll(started.reversed());
                IllegalStateException failure = new IllegalStateException(
                        "embedded infrastructure did not start: " + failures.getFirst().getMessage(), failures.getFirst());
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
            EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(startedKafka, startedPostgres,
                    startedRedis, Duration.ofNanos(System.nanoTime() - began));
            LOG.info("Embedded infrastructure up in {} ms: Kafka {}, PostgreSQL {}, Redis {}",
                    infrastructure.startupTime.toMillis(), infrastructure.kafkaBootstrapServers(),
                    infrastructure.postgresJdbcUrl(EmbeddedPostgresServer.DATABASE), infrastructure.redisPort());
            return infrastructure;
        } finally {
            starter.shutdown();
        }
    }

    /**
     * Waits for one server; on failure or time-out records why. A server that finishes starting after its
     * time-out is stopped by a callback, so that nothing outlives a failed start.
     */
    private static <T extends AutoCloseable> T await(String name, Future<T> future, long deadline,
            List<Throwable> failures, List<AutoCloseable> started) {
        try {
            T server = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            started.add(server);
            return server;
        } catch (ExecutionException e) {
            failures.add(new IllegalStateException(name + " did not start: " + e.getCause(), e.getCause()));
        } catch (TimeoutException e) {
            failures.add(new IllegalStateException(name + " did not start within " + START_TIMEOUT));
            stopWhenStarted(future);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(new IllegalStateException("interrupted while " + name + " was starting", e));
            stopWhenStarted(future);
        }
        return null;
    }

    private static void stopWhenStarted(Future<? extends AutoCloseable> future) {
        Thread.ofVirtual().name("tocsin-infra-late-stop").start(() -> {
            try {
                future.get().close();
            } catch (Exception e) {
                LOG.debug("a server that started late could not be stopped", e);
            }
        });
    }

    private static ThreadFactory starterThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "tocsin-infra-start-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Closes in the given order; every one is tried, the first failure is thrown with the others suppressed. */
    private static void closeAll(List<AutoCloseable> servers) {
        RuntimeException failure = null;
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("could not stop embedded infrastructure cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String mode() {
        return InfrastructureMode.EMBEDDED.value();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String postgresJdbcUrl(String database) {
        return postgres.jdbcUrl(PostgresDatabases.requireValidName(database));
    }

    @Override
    public String postgresUsername() {
        return EmbeddedPostgresServer.USER;
    }

    @Override
    public String postgresPassword() {
        return EmbeddedPostgresServer.PASSWORD;
    }

    @Override
    public String createDatabase(String database) {
        return postgres.createDatabase(PostgresDatabases.requireValidName(database));
    }

    @Override
    public String redisHost() {
        return "127.0.0.1";
    }

    @Override
    public int redisPort() {
        return redis.port();
    }

    /** The ports actually bound (never 0). */
    public Ports ports() {
        return new Ports(kafka.port(), postgres.port(), redis.port());
    }

    /** How long {@link #start} took, from call to all three ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops Redis, PostgreSQL, then Kafka; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(List.of(redis, postgres, kafka));
        }
    }
}
