package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Starts the packaged launcher as a developer would ({@code java -jar}), everything on free ports so it can
 * run beside a developer's own stack, checks that every part answers, then presses Ctrl-C (SIGINT) and
 * checks that the launcher and every process it started are gone.
 */
@DisabledOnOs(OS.WINDOWS) // SIGINT is sent with kill(1)
class LocalStackProcessIT {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration LAUNCHER_EXIT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration PROCESSES_GONE_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Set<ProcessHandle> recorded = new LinkedHashSet<>();
    private Process launcher;

    @Test
    void startsEverythingOnFreePortsAndCtrlCLeavesNoProcessBehind() throws Exception {
        Path projectRoot = Path.of(System.getProperty("tocsin.it.projectRoot")).toAbsolutePath().normalize();
        Path launcherJar = Path.of(System.getProperty("tocsin.it.launcherJar"));
        Path stackDir = Path.of(System.getProperty("tocsin.it.workDir")).resolve("stack");
        requireBuilt(projectRoot, launcherJar);
        wipe(stackDir);
        Files.createDirectories(stackDir);

        ProcessBuilder builder = new ProcessBuilder(launcherCommand(launcherJar))
                .directory(projectRoot.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("TOCSIN_"));
        builder.environment().put("TOCSIN_PROJECT_ROOT", projectRoot.toString());
        builder.environment().put("TOCSIN_STACK_DIR", stackDir.toString());
        for (String port : List.of("TOCSIN_GATEWAY_PORT", "TOCSIN_DISPATCH_PORT", "TOCSIN_SUBSCRIBER_PORT",
                "TOCSIN_SIM_PORT", "TOCSIN_KAFKA_PORT", "TOCSIN_POSTGRES_PORT", "TOCSIN_REDIS_PORT")) {
            builder.environment().put(port, "0");
        }
        builder.environment().put("TOCSIN_STARTUP_TIMEOUT_SECONDS", String.valueOf(READY_TIMEOUT.toSeconds() - 30));
        long startedAt = System.nanoTime();
        launcher = builder.start();
        launcher.getOutputStream().close();
        CompletableFuture<Void> ready = follow(launcher, stackDir.resolveSibling("launcher-output.txt"));

        awaitReady(ready);
        Duration startup = Duration.ofNanos(System.nanoTime() - startedAt);
        System.out.println("LocalStackProcessIT: the stack was ready " + startup.toSeconds() + " s after java -jar");

        Properties endpoints = new Properties();
        try (Reader reader = Files.newBufferedReader(stackDir.resolve("endpoints.properties"))) {
            endpoints.load(reader);
        }
        for (ServiceApp app : ServiceApp.values()) {
            HttpResponse<String> health = get(endpoints.getProperty(app.module() + ".url") + "/actuator/health");
            assertThat(health.statusCode()).as(app.module() + " health").isEqualTo(200);
            assertThat(health.body()).as(app.module() + " health").contains("\"status\":\"UP\"");
        }
        HttpResponse<String> simulator = get(endpoints.getProperty("simulator.url") + "/sim/messages?to=%2B15005550001");
        assertThat(simulator.statusCode()).as("simulator control API").isEqualTo(200);

        recordEverythingTheLauncherStarted(stackDir);
        assertThat(recorded.stream().map(LocalStackProcessIT::commandLine))
                .as("the three services run as child processes of the launcher")
                .anyMatch(line -> line.contains("gateway-service"))
                .anyMatch(line -> line.contains("dispatch-service"))
                .anyMatch(line -> line.contains("subscriber-service"));

        sendSigint(launcher.pid());

        assertThat(launcher.waitFor(LAUNCHER_EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("the launcher exits after Ctrl-C; its output:\n%s", String.join("\n", output)).isTrue();
        assertThat(output).as("the shutdown ran to its end").contains("Tocsin local stack stopped.");
        awaitAllGone(recorded, PROCESSES_GONE_TIMEOUT);
        assertThat(recorded.stream().filter(ProcessHandle::isAlive).map(LocalStackProcessIT::describe))
                .as("processes left behind after Ctrl-C").isEmpty();
        assertThat(stackDir.resolve("endpoints.properties")).doesNotExist();
    }

    /** Whatever happened, nothing this test started may outlive it. */
    @AfterEach
    void leaveNothingBehind() {
        if (launcher == null) {
            return;
        }
        Set<ProcessHandle> all = new LinkedHashSet<>(recorded);
        launcher.descendants().forEach(all::add);
        all.add(launcher.toHandle());
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitAllGone(all, Duration.ofSeconds(10));
    }

    private static void requireBuilt(Path projectRoot, Path launcherJar) {
        assertThat(launcherJar).as("the launcher jar, built at package").isRegularFile();
        String version = LocalStackConfig.projectVersion();
        List<String> missing = Stream.of(ServiceApp.values())
                .map(app -> projectRoot.resolve(app.module()).resolve("target")
                        .resolve(app.module() + "-" + version + "-exec.jar"))
                .filter(jar -> !Files.isRegularFile(jar))
                .map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            fail("The service jars must be built before this test (the reactor builds them before local-stack;"
                    + " alone: ./mvnw -DskipTests install). Missing:\n  " + String.join("\n  ", missing));
        }
    }

    /**
     * A process started in the background by a non-interactive shell (CI) inherits SIGINT as ignored, and a
     * JVM then never sees Ctrl-C. GNU env can reset it, so the test presses the same key a developer would.
     */
    private static List<String> launcherCommand(Path launcherJar) throws IOException {
        List<String> command = new ArrayList<>();
        if (sigintIgnoredByThisProcess()) {
            System.out.println("LocalStackProcessIT: SIGINT is ignored here (a background job?);"
                    + " the launcher runs under env --default-signal=INT");
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.addAll(List.of(ServiceProcess.javaExecutable().toString(), "-jar", launcherJar.toString()));
        return command;
    }

    private static boolean sigintIgnoredByThisProcess() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        long ignored = Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
                .findFirst().orElse(0L);
        return (ignored & (1L << (2 - 1))) != 0; // bit n-1 is signal n; SIGINT is 2
    }

    /** Copies the launcher's output to a file and a list; completes when the ready line appears. */
    private CompletableFuture<Void> follow(Process process, Path copy) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("local-stack-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter file = new PrintWriter(Files.newBufferedWriter(copy), true)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    output.add(line);
                    file.println(line);
                    if (line.contains(Banner.READY)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("the launcher's output ended before it was ready"));
        });
        return ready;
    }

    private void awaitReady(CompletableFuture<Void> ready) throws InterruptedException {
        try {
            ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            boolean exited = launcher.waitFor(LAUNCHER_EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            fail("the launcher stopped before the stack was ready (" + (exited ? "exit code " + launcher.exitValue()
                    : "its output closed") + "). Its output:\n" + String.join("\n", output));
        } catch (TimeoutException e) {
            fail("the local stack was not ready within " + READY_TIMEOUT.toMinutes() + " min. Its output:\n"
                    + String.join("\n", output));
        }
    }

    /**
     * The launcher's descendants, plus processes that detach from it (pg_ctl re-parents PostgreSQL) and are
     * found by the stack directory on their command line, with their own descendants.
     */
    private void recordEverythingTheLauncherStarted(Path stackDir) {
        launcher.descendants().forEach(recorded::add);
        String dir = stackDir.toString();
        Instant launcherStart = launcher.info().startInstant().orElse(Instant.MIN);
        ProcessHandle.allProcesses()
                .filter(process -> process.info().startInstant().map(start -> !start.isBefore(launcherStart))
                        .orElse(false))
                .filter(process -> commandLine(process).contains(dir))
                .forEach(process -> {
                    recorded.add(process);
                    process.descendants().forEach(recorded::add);
                });
    }

    private static void sendSigint(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -INT %d", pid).isZero();
    }

    private static void awaitAllGone(Set<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the caller says which are still alive
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String commandLine(ProcessHandle process) {
        return process.info().commandLine().orElse("");
    }

    private static String describe(ProcessHandle process) {
        return process.pid() + " " + commandLine(process);
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }
}
