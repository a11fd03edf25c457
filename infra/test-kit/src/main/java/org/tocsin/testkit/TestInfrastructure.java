package org.tocsin.testkit;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link Infrastructure} of this JVM for tests: started on first use, stopped when the JVM exits.
 * Environment variable {@code TOCSIN_TEST_INFRA}: {@code auto} (default: containers if a Docker engine
 * answers, else embedded), {@code embedded} or {@code containers}.
 * Tests share it, so each keeps apart with names from {@link #uniqueName(String)}.
 */
public final class TestInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);

    private static final int MAX_PREFIX_LENGTH = 40;
    private static final AtomicLong NAMES = new AtomicLong();
    /** Tells apart names from different JVMs that might share a server. */
    private static final String JVM_TOKEN =
            Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36, 36L * 36 * 36 * 36), 36);

    /** Held weakly: Spring's context cache may evict and close a context long before the JVM exits. */
    private static final Deque<WeakReference<AutoCloseable>> CLOSE_FIRST = new ConcurrentLinkedDeque<>();

    private static Infrastructure shared;
    private static RuntimeException startFailure;

    private TestInfrastructure() {
    }

    /**
     * The shared infrastructure, started by the first caller (others wait). If it failed to start, every
     * later call fails at once with the same cause instead of trying again.
     */
    public static synchronized Infrastructure shared() {
        if (shared == null) {
            if (startFailure != null) {
                throw new IllegalStateException("shared test infrastructure failed to start earlier", startFailure);
            }
            try {
                shared = start(InfrastructureMode.choose(System.getenv(), DockerProbe::dockerAvailable));
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        // Spring Boot resets Logback levels when it starts the first context: quieten Kafka again
        LogNoise.quietEmbeddedServers();
        return shared;
    }

    private static Infrastructure start(InfrastructureMode mode) {
        LOG.info("Starting shared test infrastructure: {} ({}={})", mode.value(), InfrastructureMode.ENV,
                System.getenv().getOrDefault(InfrastructureMode.ENV, "auto"));
        if (mode == InfrastructureMode.CONTAINERS) {
            Infrastructure containers = ContainerInfrastructure.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(containers, usersToCloseFirst()),
                    "tocsin-test-infra-stop"));
            return containers;
        }
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("tocsin-test-infra-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory", e);
        }
        Infrastructure embedded = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Ports.random(), dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutDown(embedded, usersToCloseFirst());
            deleteQuietly(dataDir);
        }, "tocsin-test-infra-stop"));
        return embedded;
    }

    /**
     * Has {@code user} closed before the shared infrastructure stops at JVM exit. Shutdown hooks run in
     * no set order, and a Spring context whose Kafka consumers lose their broker first can take many
     * seconds to close; the Spring integration registers every context it configures. Held weakly.
     */
    public static void closeBeforeShutdown(AutoCloseable user) {
        CLOSE_FIRST.addFirst(new WeakReference<>(user));
    }

    private static List<AutoCloseable> usersToCloseFirst() {
        return CLOSE_FIRST.stream().map(WeakReference::get).filter(Objects::nonNull).toList();
    }

    /** Closes the users (latest first; closing twice must be harmless), then the infrastructure. */
    static void shutDown(Infrastructure infrastructure, List<AutoCloseable> usersFirst) {
        for (AutoCloseable user : usersFirst) {
            try {
                user.close();
            } catch (Exception | LinkageError e) {
                LOG.debug("could not close {} before stopping the test infrastructure", user, e);
            }
        }
        infrastructure.close();
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory: the operating system clears it eventually
        }
    }

    /**
     * A name no other call in this JVM returns, usable as a Kafka topic, a PostgreSQL database or schema
     * and a Redis key prefix: lowercase letters, digits and underscores, within PostgreSQL's 63, starting
     * with a letter, e.g. {@code uniqueName("GatewayIT")} = {@code gatewayit_k3x1f}.
     */
    public static String uniqueName(String prefix) {
        String base = (prefix == null ? "" : prefix).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "t" + (base.isEmpty() ? "" : "_" + base);
        }
        if (base.length() > MAX_PREFIX_LENGTH) {
            base = base.substring(0, MAX_PREFIX_LENGTH).replaceAll("_+$", "");
        }
        return base + "_" + JVM_TOKEN + Long.toString(NAMES.incrementAndGet(), 36);
    }
}
