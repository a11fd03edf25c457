package org.tocsin.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tocsin.testkit.EmbeddedInfrastructure;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.twiliosim.SimulatorConfig;
import org.tocsin.twiliosim.TwilioSimulator;

/**
 * One command, the whole system on this machine: embedded Kafka, PostgreSQL and Redis (unless external
 * ones are configured), the Twilio simulator in this JVM, and each service as its own child process.
 * Ctrl-C or SIGTERM stops all of it, and nothing it started outlives it.
 */
public final class LocalStack {

    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(15);
    /** The test kit gives up on a start after 3 minutes and stops what it started. */
    private static final Duration INFRASTRUCTURE_START_WAIT = Duration.ofMinutes(4);
    private static final Duration HEALTH_POLL_INTERVAL = Duration.ofMillis(500);
    private static final int LOG_LINES_ON_FAILURE = 40;
    private static final String DATABASE = "tocsin";

    private final LocalStackConfig config;
    private final PrintStream out;
    private final ShutdownSequence shutdown;
    private final HealthProbe health = new HealthProbe();
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private final FileChannel stackDirLock;

    /** @param stackDirLock held on the stack directory (see {@link #lockStackDir}), released when stopped */
    LocalStack(LocalStackConfig config, PrintStream out, FileChannel stackDirLock) {
        this.config = config;
        this.out = out;
        this.stackDirLock = stackDirLock;
        this.shutdown = new ShutdownSequence(out);
    }

    public static void main(String[] args) {
        Map<String, String> settings = LocalStackConfig.settings(System.getenv(), System.getProperties());
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help"))) {
            System.out.print(usage());
            return;
        }
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            System.err.print(usage());
            System.exit(2);
        }
        if (args.length == 1) {
            settings.put("TOCSIN_PROJECT_ROOT", args[0]);
        }
        LocalStackConfig config;
        FileChannel lock;
        try {
            config = LocalStackConfig.fromEnvironment(settings);
            Files.createDirectories(config.logDir());
            lock = lockStackDir(config);
        } catch (IllegalArgumentException | IOException | StartupException e) {
            System.err.println("Tocsin local stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream console = System.out;
        PrintStream consoleErrors = System.err;
        Path libraryLog = config.logDir().resolve("local-stack.log");
        try {
            routeLibraryOutputTo(libraryLog);
        } catch (IOException e) {
            consoleErrors.println("Tocsin local stack: cannot write " + libraryLog + ": " + e.getMessage());
            System.exit(2);
        }

        LocalStack stack = new LocalStack(config, console, lock);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "tocsin-local-stack-shutdown"));
        try {
            stack.start();
        } catch (StartupException e) {
            if (!stack.stopping) {
                consoleErrors.println();
                consoleErrors.println("Tocsin local stack could not start: " + e.getMessage());
                System.exit(1);
            }
        } catch (Exception e) {
            if (!stack.stopping) {
                consoleErrors.println();
                consoleErrors.println("Tocsin local stack could not start: " + e
                        + "\n(details in " + libraryLog + ")");
                e.printStackTrace();
                System.exit(1);
            }
        }
        stack.awaitStopped();
    }

    /**
     * Kafka, PostgreSQL, Redis and the simulator log (and Kafka prints) a lot: all of it goes to a file,
     * so that the screen shows only the launcher's own lines, which it writes to the saved console.
     */
    private static void routeLibraryOutputTo(Path logFile) throws IOException {
        PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8);
        System.setOut(log);
        System.setErr(log);
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
        for (String chatty : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
            setIfAbsent("org.slf4j.simpleLogger.log." + chatty, "warn");
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    void start() throws Exception {
        long startedAt = System.nanoTime();
        out.println("Tocsin local stack: starting from " + config.projectRoot());
        requireServiceJars();
        stopLeftoversOfAnEarlierRun();
        requireFreePorts();

        StackEndpoints endpoints = startInfrastructure();
        createTopics(endpoints.kafkaBootstrapServers());
        endpoints = withServicePorts(endpoints);
        endpoints = startSimulator(endpoints);
        startServices(endpoints);
        awaitServicesHealthy(startedAt);

        Duration startup = Duration.ofNanos(System.nanoTime() - startedAt);
        RecordedProcesses.write(config.processesFile(), Stream.concat(ProcessTrees.aliveDescendantsOfThisProcess().stream(),
                ProcessTrees.usingDirectory(config.dataDir()).stream()).distinct().toList());
        EndpointsFile.write(config.endpointsFile(), EndpointsFile.properties(endpoints, ProcessHandle.current().pid()));
        services.forEach(this::reportIfItDies);
        out.println();
        Banner.render(config, endpoints, startup).forEach(out::println);
        out.flush();
    }

    /** Stops services, simulator and infrastructure, then anything else still running below this process. */
    void stop() {
        stopping = true;
        if (!stopRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            out.println();
            out.println("Stopping the Tocsin local stack...");
            shutdown.run();
            List<ProcessHandle> leftovers = Stream.concat(ProcessTrees.aliveDescendantsOfThisProcess().stream(),
                    ProcessTrees.usingDirectory(config.dataDir()).stream()).distinct().toList();
            if (!leftovers.isEmpty()) {
                out.println("  stopping " + leftovers.size() + " leftover process(es): "
                        + leftovers.stream().map(p -> String.valueOf(p.pid())).collect(Collectors.joining(", ")));
                ProcessTrees.stopAll(leftovers, Duration.ofSeconds(5));
            }
            Files.deleteIfExists(config.endpointsFile());
            Files.deleteIfExists(config.processesFile());
            stackDirLock.close();
            out.println("Tocsin local stack stopped.");
            out.flush();
        } catch (IOException | RuntimeException e) {
            out.println("  error while stopping: " + e);
        } finally {
            stopped.countDown();
        }
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requireServiceJars() throws StartupException {
        List<String> missing = new ArrayList<>();
        for (ServiceApp app : ServiceApp.values()) {
            Path jar = config.serviceJars().get(app);
            if (!Files.isRegularFile(jar)) {
                missing.add("  " + app.module() + ": " + jar);
            }
        }
        if (!missing.isEmpty()) {
            throw new StartupException("the service jars are not built:\n" + String.join("\n", missing)
                    + "\nBuild them with ./mvnw -DskipTests install (./tocsin run does it for you).");
        }
        for (ServiceApp app : ServiceApp.values()) {
            Path jar = config.serviceJars().get(app);
            if (ServiceJars.isRepackagedTwice(jar)) {
                throw new StartupException(jar + " was repackaged twice (its Start-Class is Spring Boot's own"
                        + " launcher, so it would only overflow its stack): in " + app.module() + "/pom.xml give the"
                        + " spring-boot-maven-plugin execution <id>repackage</id>, the parent's, instead of a second one.");
            }
        }
    }

    /**
     * A second stack on the same directory would wipe the first one's data and logs: refuse instead. The
     * lock lasts as long as the returned channel stays open (or this JVM lives).
     */
    static FileChannel lockStackDir(LocalStackConfig config) throws IOException, StartupException {
        Files.createDirectories(config.stackDir());
        FileChannel channel = FileChannel.open(config.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new StartupException("another local stack is running on " + config.stackDir()
                    + " (it holds " + config.lockFile() + "). Stop it first, or give this one its own"
                    + " TOCSIN_STACK_DIR and ports.");
        }
        return channel;
    }

    /** Says which setting to change, rather than letting a service fail with "Address already in use". */
    private void requireFreePorts() throws StartupException {
        List<String> busy = new ArrayList<>();
        config.fixedPorts().forEach((variable, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(port));
            } catch (BindException e) {
                busy.add("  " + port + " (" + variable + ")");
            } catch (IOException e) {
                busy.add("  " + port + " (" + variable + "): " + e.getMessage());
            }
        });
        if (!busy.isEmpty()) {
            throw new StartupException("ports already in use (is another stack running?):\n"
                    + String.join("\n", busy) + "\nStop what uses them, or choose others with those variables.");
        }
    }

    private StackEndpoints startInfrastructure() throws IOException, StartupException {
        Infrastructure infrastructure = null;
        if (config.embedsAnything()) {
            String what = Stream.of(config.embedsKafka() ? "Kafka" : null, config.embedsPostgres() ? "PostgreSQL" : null,
                    config.embedsRedis() ? "Redis" : null).filter(name -> name != null).collect(Collectors.joining(", "));
            out.println("  starting embedded " + what + " (data in " + config.dataDir() + ", fresh each run)...");
            long startedAt = System.nanoTime();
            wipe(config.dataDir());
            Files.createDirectories(config.dataDir());
            // external components still get an embedded twin on a free port: the test kit starts all three
            var ports = new EmbeddedInfrastructure.Ports(
                    config.embedsKafka() ? config.kafkaPort() : 0,
                    config.embedsPostgres() ? config.postgresPort() : 0,
                    config.embedsRedis() ? config.redisPort() : 0);
            // Ctrl-C while it starts must still stop it: pg_ctl detaches PostgreSQL, so the final sweep
            // of this process's descendants would not find it
            CompletableFuture<Infrastructure> starting = new CompletableFuture<>();
            if (stopping) {
                throw new StartupException("stopped before the infrastructure started");
            }
            shutdown.add("infrastructure", () -> {
                Infrastructure started;
                try {
                    started = starting.get(INFRASTRUCTURE_START_WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    return; // it did not start, and stopped what it had started
                }
                started.close();
                out.println("  embedded infrastructure stopped");
            });
            try {
                infrastructure = EmbeddedInfrastructure.start(ports, config.dataDir());
                starting.complete(infrastructure);
            } catch (RuntimeException e) {
                starting.completeExceptionally(e);
                throw e;
            }
            out.println("  " + what + " up in " + Banner.seconds(Duration.ofNanos(System.nanoTime() - startedAt)));
        }
        Infrastructure embedded = infrastructure;
        String kafka = config.externalKafkaBootstrapServers().orElseGet(() -> embedded.kafkaBootstrapServers());
        String postgresUrl;
        String postgresUsername;
        String postgresPassword;
        if (config.externalPostgres().isPresent()) {
            postgresUrl = config.externalPostgres().get().jdbcUrl();
            postgresUsername = config.externalPostgres().get().username();
            postgresPassword = config.externalPostgres().get().password();
        } else {
            postgresUrl = embedded.createDatabase(DATABASE);
            postgresUsername = embedded.postgresUsername();
            postgresPassword = embedded.postgresPassword();
        }
        String redis = config.externalRedisUrl()
                .orElseGet(() -> "redis://" + embedded.redisHost() + ":" + embedded.redisPort());
        // service ports and the simulator's URL are filled in once known
        return new StackEndpoints(kafka, postgresUrl, postgresUsername, postgresPassword, redis, null,
                config.servicePorts());
    }

    private void createTopics(String bootstrapServers) throws InterruptedException {
        KafkaTopics.Outcome outcome = KafkaTopics.create(bootstrapServers, config.kafkaPartitions());
        out.println("  Kafka topics: " + outcome.created().size() + " created"
                + (outcome.existing().isEmpty() ? "" : ", " + outcome.existing().size() + " already there")
                + " (" + config.kafkaPartitions() + " partitions each)");
    }

    /** Port 0 means any free port; the services need a concrete one before the simulator and gateway are told. */
    private StackEndpoints withServicePorts(StackEndpoints endpoints) {
        return endpoints.withServicePorts(FreePorts.inPlaceOfZeros(config.servicePorts()));
    }

    private StackEndpoints startSimulator(StackEndpoints endpoints) {
        TwilioSimulator simulator = TwilioSimulator.start(new SimulatorConfig(config.simulatorPort(),
                LocalTwilio.ACCOUNT_SID, LocalTwilio.AUTH_TOKEN, endpoints.inboundWebhookUrl()));
        shutdown.add("Twilio simulator", () -> {
            simulator.close();
            out.println("  Twilio simulator stopped");
        });
        out.println("  Twilio simulator on " + simulator.baseUrl() + " (inbound texts go to "
                + endpoints.inboundWebhookUrl() + ")");
        return endpoints.withSimulatorBaseUrl(simulator.baseUrl());
    }

    /** All three at once: each is its own JVM, so they start in parallel. */
    private void startServices(StackEndpoints endpoints) throws IOException {
        shutdown.add("services", this::stopServices);
        out.println("  starting " + Stream.of(ServiceApp.values()).map(ServiceApp::module)
                .collect(Collectors.joining(", ")) + "; their logs: " + config.logDir() + "/<service>.log");
        long launcherPid = ProcessHandle.current().pid();
        for (ServiceApp app : ServiceApp.values()) {
            if (stopping) {
                return;
            }
            ServiceProcess service = ServiceProcess.start(app, endpoints.serviceBaseUrl(app),
                    config.serviceJars().get(app), config.serviceJvmOptions(),
                    ServiceEnvironment.forService(app, endpoints, config.twilioSenders(), launcherPid),
                    config.projectRoot(), config.logDir().resolve(app.module() + ".log"));
            services.add(service);
            if (stopping) {
                service.stop(SERVICE_STOP_GRACE);
            }
        }
    }

    private void stopServices() throws InterruptedException {
        List<Thread> stoppers = new ArrayList<>();
        for (ServiceProcess service : services) {
            stoppers.add(Thread.ofPlatform().name("stop-" + service.name()).start(() -> {
                if (!service.isAlive()) {
                    out.println("  " + service.name() + " had already stopped");
                } else if (service.stop(SERVICE_STOP_GRACE)) {
                    out.println("  " + service.name() + " killed: it did not stop within "
                            + SERVICE_STOP_GRACE.toSeconds() + " s");
                } else {
                    out.println("  " + service.name() + " stopped");
                }
            }));
        }
        for (Thread stopper : stoppers) {
            stopper.join();
        }
    }

    /** Polls each service's health; fails fast, with its log's tail, if one exits or the time runs out. */
    private void awaitServicesHealthy(long startedAt) throws StartupException, InterruptedException {
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        List<ServiceProcess> pending = new ArrayList<>(services);
        while (!pending.isEmpty() && !stopping) {
            for (ServiceProcess service : List.copyOf(pending)) {
                if (!service.isAlive()) {
                    throw new StartupException(service.name() + " exited with code " + service.exitCode()
                            + " while starting." + logTail(service));
                }
                HealthProbe.Health state = health.check(service.baseUrl());
                if (state == HealthProbe.Health.REFUSED) {
                    throw new StartupException(service.name() + " refuses " + service.baseUrl()
                            + "/actuator/health without credentials (401/403): the launcher, Docker and Kubernetes"
                            + " need it public.");
                }
                if (state == HealthProbe.Health.UP) {
                    pending.remove(service);
                    out.println("  " + service.name() + " is UP on " + service.baseUrl() + " after "
                            + Banner.seconds(Duration.ofNanos(System.nanoTime() - startedAt)));
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException(pending.stream().map(ServiceProcess::name)
                        .collect(Collectors.joining(", ")) + " did not report UP on /actuator/health within "
                        + config.startupTimeout().toSeconds() + " s (TOCSIN_STARTUP_TIMEOUT_SECONDS)."
                        + pending.stream().map(LocalStack::logTail).collect(Collectors.joining()));
            }
            awaitAnyExit(pending, HEALTH_POLL_INTERVAL);
        }
    }

    /** Waits for the next poll, waking early if one of the services dies meanwhile. */
    private static void awaitAnyExit(List<ServiceProcess> pending, Duration timeout) throws InterruptedException {
        CompletableFuture<?>[] exits = pending.stream().map(service -> service.process().onExit())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.anyOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // time for the next poll
        }
    }

    private void reportIfItDies(ServiceProcess service) {
        service.process().onExit().thenRun(() -> {
            if (!stopping) {
                out.println();
                out.println("!! " + service.name() + " (pid " + service.pid() + ") exited with code "
                        + service.exitCode() + ". Its log: " + service.logFile());
                out.println("!! The rest of the stack keeps running; Ctrl-C stops it, ./tocsin run starts it again.");
                out.flush();
            }
        });
    }

    private static String logTail(ServiceProcess service) {
        return "\n--- last lines of " + service.logFile() + " ---\n"
                + String.join("\n", service.lastLogLines(LOG_LINES_ON_FAILURE))
                + "\n--- end of " + service.name() + " log ---";
    }

    /**
     * A launcher killed with SIGKILL cannot stop PostgreSQL and Redis (the services stop by themselves);
     * the next run on this directory does: those it recorded, and any server still using its data directory.
     */
    private void stopLeftoversOfAnEarlierRun() throws IOException {
        List<ProcessHandle> leftovers = Stream.concat(RecordedProcesses.stillRunning(config.processesFile()).stream(),
                ProcessTrees.usingDirectory(config.dataDir()).stream()).distinct().toList();
        if (!leftovers.isEmpty()) {
            out.println("  stopping " + leftovers.size() + " process(es) an earlier run of " + config.stackDir()
                    + " left running: " + leftovers.stream().map(p -> String.valueOf(p.pid()))
                    .collect(Collectors.joining(", ")));
            ProcessTrees.stopAll(leftovers, Duration.ofSeconds(10));
        }
    }

    /** Fresh data each run; refuses anything that could hold the project or a home directory. */
    private void wipe(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        if (target.getParent() == null || config.projectRoot().toAbsolutePath().normalize().startsWith(target)
                || home.startsWith(target)) {
            throw new IllegalStateException("refusing to wipe " + target + " as the data directory");
        }
        if (!Files.exists(target)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(target)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String usage() {
        return """
                Usage: java -jar local-stack-exec.jar [PROJECT_ROOT]     (or: ./tocsin run)

                Starts Kafka, PostgreSQL and Redis (embedded), the Twilio simulator and the gateway,
                dispatch and subscriber services, waits until all are UP and prints their URLs.
                Ctrl-C stops everything.

                Settings (environment variables; -Dtocsin.gateway.port=... works too):
                  TOCSIN_GATEWAY_PORT 8081, TOCSIN_DISPATCH_PORT 8082, TOCSIN_SUBSCRIBER_PORT 8083,
                  TOCSIN_SIM_PORT 8089, TOCSIN_KAFKA_PORT 19092, TOCSIN_POSTGRES_PORT 15432,
                  TOCSIN_REDIS_PORT 16379                       0 = any free port
                  TOCSIN_KAFKA_BOOTSTRAP_SERVERS                use this Kafka instead of an embedded one
                  TOCSIN_POSTGRES_URL (+ _USERNAME, _PASSWORD)  use this PostgreSQL (jdbc:postgresql://...)
                  TOCSIN_REDIS_URL                              use this Redis (redis://host:port)
                  TOCSIN_PROJECT_ROOT                           default: found from the working directory
                  TOCSIN_STACK_DIR                              data, logs, lock; default <project>/.tocsin
                  TOCSIN_GATEWAY_JAR, _DISPATCH_JAR, _SUBSCRIBER_JAR   default <module>/target/<module>-<version>-exec.jar
                  TOCSIN_SERVICE_JAVA_OPTS                      default -Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
                  TOCSIN_TWILIO_SENDERS                         default +15005550006,+15005550007
                  TOCSIN_KAFKA_PARTITIONS 8, TOCSIN_STARTUP_TIMEOUT_SECONDS 180
                """;
    }

    /** A reason the stack cannot start, said in words a developer can act on. */
    static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String message) {
            super(message);
        }
    }
}
