package org.tocsin.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.testkit.TestInfrastructure;
import org.tocsin.testkit.http.ServiceProbe;
import org.tocsin.twiliosim.SimulatorConfig;
import org.tocsin.twiliosim.TwilioSimulator;

/**
 * The whole system for black-box tests: the test kit's Kafka, PostgreSQL and Redis, the simulator
 * in this JVM, and each service as its own process from its packaged jar, exactly as the local
 * stack runs them, on free ports. A service can be killed (SIGKILL) and started again.
 */
final class RunningSystem implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final LocalStackConfig config;
    private final StackEndpoints endpoints;
    private final TwilioSimulator simulator;
    private final Map<ServiceApp, Map<String, String>> environments = new EnumMap<>(ServiceApp.class);
    private final Map<ServiceApp, ServiceProcess> processes = new EnumMap<>(ServiceApp.class);
    private final Path logDir;

    private RunningSystem(LocalStackConfig config, StackEndpoints endpoints, TwilioSimulator simulator, Path logDir) {
        this.config = config;
        this.endpoints = endpoints;
        this.simulator = simulator;
        this.logDir = logDir;
    }

    /**
     * Starts everything; {@code settings} are extra environment variables for every service
     * (e.g. a slower sender rate for the gateway).
     */
    static RunningSystem start(Path workDir, Map<String, String> settings) throws Exception {
        Infrastructure infrastructure = TestInfrastructure.shared();
        String database = infrastructure.createDatabase(TestInfrastructure.uniqueName("e2e"));
        // every service on a free port, chosen as the local stack chooses them for port 0
        Map<String, String> environment = new LinkedHashMap<>();
        for (ServiceApp app : ServiceApp.values()) {
            environment.put(app.portVariable(), "0");
        }
        environment.put("TOCSIN_PROJECT_ROOT", System.getProperty("tocsin.it.projectRoot"));
        var config = LocalStackConfig.fromEnvironment(environment);
        for (ServiceApp app : ServiceApp.values()) {
            requireBuilt(config.serviceJars().get(app));
        }
        Map<ServiceApp, Integer> ports = FreePorts.inPlaceOfZeros(config.servicePorts());
        String gatewayUrl = "http://127.0.0.1:" + ports.get(ServiceApp.GATEWAY);
        var simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withInboundWebhookUrl(gatewayUrl + "/webhooks/twilio/inbound"));
        var endpoints = new StackEndpoints(infrastructure.kafkaBootstrapServers(), database,
                infrastructure.postgresUsername(), infrastructure.postgresPassword(),
                "redis://" + infrastructure.redisHost() + ":" + infrastructure.redisPort(), simulator.baseUrl(),
                ports);
        Path logDir = Files.createDirectories(workDir.resolve("logs"));
        var system = new RunningSystem(config, endpoints, simulator, logDir);
        try {
            // one system's Redis keys apart from any other's on the shared server
            String prefix = TestInfrastructure.uniqueName("e2e") + ":";
            for (ServiceApp app : ServiceApp.values()) {
                Map<String, String> env = new LinkedHashMap<>(ServiceEnvironment.forService(app, endpoints,
                        config.twilioSenders(), ProcessHandle.current().pid()));
                env.put("TOCSIN_REDIS_KEY_PREFIX", prefix);
                env.putAll(settings);
                system.environments.put(app, env);
            }
            for (ServiceApp app : ServiceApp.values()) {
                system.launch(app);
            }
            for (ServiceApp app : ServiceApp.values()) {
                system.awaitHealthy(app);
            }
            return system;
        } catch (Exception | Error e) {
            system.close();
            throw e;
        }
    }

    TwilioSimulator simulator() {
        return simulator;
    }

    /** The senders the gateway sends from. */
    List<String> senders() {
        return config.twilioSenders();
    }

    int port(ServiceApp app) {
        return endpoints.servicePorts().get(app);
    }

    ServiceProbe api(ServiceApp app, String user) {
        return ServiceProbe.at(endpoints.serviceBaseUrl(app)).as(user, DemoUsers.passwordOf(user));
    }

    /** Kills the service at once (SIGKILL): no shutdown hook, no offset commit, no goodbye. */
    void kill(ServiceApp app) throws InterruptedException {
        ServiceProcess process = processes.get(app);
        process.process().destroyForcibly();
        process.process().waitFor();
    }

    /** Starts the service again with the same settings and waits until it is UP. */
    void restart(ServiceApp app) throws Exception {
        launch(app);
        awaitHealthy(app);
    }

    private void launch(ServiceApp app) throws IOException {
        Path log = logDir.resolve(app.module() + "-" + System.nanoTime() + ".log");
        processes.put(app, ServiceProcess.start(app, endpoints.serviceBaseUrl(app), config.serviceJars().get(app),
                config.serviceJvmOptions(), environments.get(app), logDir, log));
    }

    private void awaitHealthy(ServiceApp app) throws InterruptedException {
        var probe = new HealthProbe();
        ServiceProcess process = processes.get(app);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (probe.check(process.baseUrl()) != HealthProbe.Health.UP) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(app.module() + " did not become healthy; its log ("
                        + process.logFile() + ") ends with:\n" + String.join("\n", process.lastLogLines(60)));
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() {
        List<ServiceProcess> running = new ArrayList<>(processes.values());
        running.parallelStream().forEach(p -> p.stop(STOP_GRACE));
        simulator.close();
    }

    private static void requireBuilt(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Service jar " + jar + " is missing: run ./mvnw verify (it builds the "
                    + "services before this module)");
        }
    }

}
