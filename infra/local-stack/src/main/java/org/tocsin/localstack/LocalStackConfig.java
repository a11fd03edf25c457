package org.tocsin.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Everything the local stack needs to know, read once from the environment. Every setting is an
 * environment variable ({@code TOCSIN_GATEWAY_PORT}); a system property ({@code -Dtocsin.gateway.port})
 * works too and wins. A port of 0 means "any free port", so a test can run a whole second stack.
 *
 * @param projectRoot the Tocsin checkout, where the service jars are built
 * @param stackDir scratch space for this stack ({@code <project>/.tocsin}): data, logs, lock, endpoints
 * @param servicePorts each service's HTTP port (0: a free one)
 * @param externalKafkaBootstrapServers use this Kafka instead of an embedded one
 * @param externalPostgres use this PostgreSQL instead of an embedded one
 * @param externalRedisUrl use this Redis ({@code redis://host:port}) instead of an embedded one
 * @param serviceJvmOptions JVM options for each service's child process
 * @param startupTimeout how long the services together may take to report UP
 */
record LocalStackConfig(
        Path projectRoot,
        Path stackDir,
        Map<ServiceApp, Integer> servicePorts,
        int simulatorPort,
        int kafkaPort,
        int postgresPort,
        int redisPort,
        Optional<String> externalKafkaBootstrapServers,
        Optional<ExternalPostgres> externalPostgres,
        Optional<String> externalRedisUrl,
        Map<ServiceApp, Path> serviceJars,
        List<String> serviceJvmOptions,
        List<String> twilioSenders,
        int kafkaPartitions,
        Duration startupTimeout) {

    static final int DEFAULT_SIMULATOR_PORT = 8089;
    static final int DEFAULT_KAFKA_PORT = 19092;
    static final int DEFAULT_POSTGRES_PORT = 15432;
    static final int DEFAULT_REDIS_PORT = 16379;
    static final String DEFAULT_POSTGRES_USERNAME = "tocsin";
    static final String DEFAULT_POSTGRES_PASSWORD = "tocsin";
    /** Small heaps and C1 only: three services start faster and fit beside each other on a laptop. */
    static final List<String> DEFAULT_SERVICE_JVM_OPTIONS =
            List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    static final int DEFAULT_KAFKA_PARTITIONS = 8;
    static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(180);

    /** A PostgreSQL server that someone else runs. */
    record ExternalPostgres(String jdbcUrl, String username, String password) {
    }

    LocalStackConfig {
        servicePorts = Map.copyOf(servicePorts);
        serviceJars = Map.copyOf(serviceJars);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        twilioSenders = List.copyOf(twilioSenders);
        for (ServiceApp app : ServiceApp.values()) {
            if (!servicePorts.containsKey(app) || !serviceJars.containsKey(app)) {
                throw new IllegalArgumentException("no port or jar for " + app.module());
            }
        }
    }

    /** Reads the configuration, finding the project root from the working directory unless it is set. */
    static LocalStackConfig fromEnvironment(Map<String, String> environment) {
        return fromEnvironment(environment, Path.of("").toAbsolutePath());
    }

    static LocalStackConfig fromEnvironment(Map<String, String> environment, Path workingDirectory) {
        Settings settings = new Settings(environment);
        Path projectRoot = settings.get("TOCSIN_PROJECT_ROOT")
                .map(root -> workingDirectory.resolve(root).normalize())
                .orElseGet(() -> findProjectRoot(workingDirectory));
        Path stackDir = settings.get("TOCSIN_STACK_DIR")
                .map(dir -> workingDirectory.resolve(dir).normalize())
                .orElse(projectRoot.resolve(".tocsin"));

        Map<ServiceApp, Integer> servicePorts = new EnumMap<>(ServiceApp.class);
        Map<ServiceApp, Path> serviceJars = new EnumMap<>(ServiceApp.class);
        String version = projectVersion();
        for (ServiceApp app : ServiceApp.values()) {
            servicePorts.put(app, settings.port(app.portVariable(), app.defaultPort()));
            serviceJars.put(app, settings.get(app.jarVariable())
                    .map(jar -> workingDirectory.resolve(jar).normalize())
                    .orElse(projectRoot.resolve(app.module()).resolve("target")
                            .resolve(app.module() + "-" + version + "-exec.jar")));
        }

        Optional<ExternalPostgres> externalPostgres = settings.get("TOCSIN_POSTGRES_URL")
                .map(url -> new ExternalPostgres(jdbcUrl(url),
                        settings.get("TOCSIN_POSTGRES_USERNAME").orElse(DEFAULT_POSTGRES_USERNAME),
                        settings.get("TOCSIN_POSTGRES_PASSWORD").orElse(DEFAULT_POSTGRES_PASSWORD)));
        Optional<String> externalRedis = settings.get("TOCSIN_REDIS_URL").map(LocalStackConfig::redisUrl);

        LocalStackConfig config = new LocalStackConfig(
                projectRoot,
                stackDir,
                servicePorts,
                settings.port("TOCSIN_SIM_PORT", DEFAULT_SIMULATOR_PORT),
                settings.port("TOCSIN_KAFKA_PORT", DEFAULT_KAFKA_PORT),
                settings.port("TOCSIN_POSTGRES_PORT", DEFAULT_POSTGRES_PORT),
                settings.port("TOCSIN_REDIS_PORT", DEFAULT_REDIS_PORT),
                settings.get("TOCSIN_KAFKA_BOOTSTRAP_SERVERS"),
                externalPostgres,
                externalRedis,
                serviceJars,
                settings.get("TOCSIN_SERVICE_JAVA_OPTS")
                        .map(options -> List.of(options.trim().split("\\s+")))
                        .orElse(DEFAULT_SERVICE_JVM_OPTIONS),
                settings.get("TOCSIN_TWILIO_SENDERS")
                        .map(senders -> Arrays.stream(senders.split(",")).map(String::trim)
                                .filter(sender -> !sender.isEmpty()).toList())
                        .orElse(LocalTwilio.DEFAULT_SENDERS),
                settings.positiveInt("TOCSIN_KAFKA_PARTITIONS", DEFAULT_KAFKA_PARTITIONS),
                Duration.ofSeconds(settings.positiveInt("TOCSIN_STARTUP_TIMEOUT_SECONDS",
                        (int) DEFAULT_STARTUP_TIMEOUT.toSeconds())));
        config.rejectPortClashes();
        return config;
    }

    /**
     * The environment with {@code tocsin.*} system properties laid over it: {@code -Dtocsin.gateway.port=9081}
     * counts as {@code TOCSIN_GATEWAY_PORT=9081}.
     */
    static Map<String, String> settings(Map<String, String> environment, Properties systemProperties) {
        Map<String, String> merged = new HashMap<>(environment);
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("tocsin.")) {
                merged.put(name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT),
                        systemProperties.getProperty(name));
            }
        }
        return merged;
    }

    /** The nearest directory at or above {@code start} that holds the Tocsin reactor (pom.xml and infra/local-stack). */
    static Path findProjectRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isRegularFile(dir.resolve("infra/local-stack/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalArgumentException("cannot find the Tocsin project from " + start
                + ": run from the project directory, or set TOCSIN_PROJECT_ROOT");
    }

    int port(ServiceApp app) {
        return servicePorts.get(app);
    }

    Path dataDir() {
        return stackDir.resolve("data");
    }

    Path logDir() {
        return stackDir.resolve("logs");
    }

    /** Where a ready stack writes its endpoints (for scripts and tests); removed when it stops. */
    Path endpointsFile() {
        return stackDir.resolve("endpoints.properties");
    }

    /** The processes a ready stack runs, for the next run to stop should this one be killed outright. */
    Path processesFile() {
        return stackDir.resolve("processes");
    }

    /** Held while a stack runs, so a second one cannot wipe the first one's data. */
    Path lockFile() {
        return stackDir.resolve("local-stack.lock");
    }

    boolean embedsKafka() {
        return externalKafkaBootstrapServers.isEmpty();
    }

    boolean embedsPostgres() {
        return externalPostgres.isEmpty();
    }

    boolean embedsRedis() {
        return externalRedisUrl.isEmpty();
    }

    boolean embedsAnything() {
        return embedsKafka() || embedsPostgres() || embedsRedis();
    }

    /** The fixed ports this stack will listen on, by the variable that sets each, for clash and in-use checks. */
    Map<String, Integer> fixedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ServiceApp app : ServiceApp.values()) {
            ports.put(app.portVariable(), port(app));
        }
        ports.put("TOCSIN_SIM_PORT", simulatorPort);
        if (embedsKafka()) {
            ports.put("TOCSIN_KAFKA_PORT", kafkaPort);
        }
        if (embedsPostgres()) {
            ports.put("TOCSIN_POSTGRES_PORT", postgresPort);
        }
        if (embedsRedis()) {
            ports.put("TOCSIN_REDIS_PORT", redisPort);
        }
        ports.values().removeIf(port -> port == 0);
        return ports;
    }

    private void rejectPortClashes() {
        Map<Integer, String> seen = new HashMap<>();
        fixedPorts().forEach((variable, port) -> {
            String other = seen.putIfAbsent(port, variable);
            if (other != null) {
                throw new IllegalArgumentException(other + " and " + variable + " are both " + port);
            }
        });
    }

    private static String jdbcUrl(String url) {
        if (url.startsWith("jdbc:postgresql://")) {
            return url;
        }
        if (url.startsWith("postgresql://")) {
            return "jdbc:" + url;
        }
        throw new IllegalArgumentException(
                "TOCSIN_POSTGRES_URL must look like jdbc:postgresql://host:port/database, not " + url);
    }

    private static String redisUrl(String url) {
        if (url.startsWith("redis://") || url.startsWith("rediss://")) {
            return url;
        }
        throw new IllegalArgumentException("TOCSIN_REDIS_URL must look like redis://host:port, not " + url);
    }

    /** The version this launcher was built with; the service jars of the same build carry it in their names. */
    static String projectVersion() {
        try (InputStream in = LocalStackConfig.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from the local-stack jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Typed access to the raw settings; blank counts as unset. */
    private record Settings(Map<String, String> values) {

        Optional<String> get(String name) {
            return Optional.ofNullable(values.get(name)).map(String::trim).filter(value -> !value.isEmpty());
        }

        int port(String name, int defaultPort) {
            int port = get(name).map(value -> parse(name, value)).orElse(defaultPort);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be a port between 0 (any free port) and 65535, not " + port);
            }
            return port;
        }

        int positiveInt(String name, int defaultValue) {
            int value = get(name).map(text -> parse(name, text)).orElse(defaultValue);
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be a positive number, not " + value);
            }
            return value;
        }

        private static int parse(String name, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, not '" + value + "'");
            }
        }
    }
}
