package org.tocsin.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Tocsin service running as a child process from its exec jar, as the local stack runs it: each
 * service jar has its own application.yml at the classpath root, so two services cannot share one
 * classpath, and its own JVM keeps its heap and CPU apart from the driver's.
 *
 * <p>Properties are passed as command-line arguments ({@code --name=value}), which outrank the
 * service's application.yml. The child exits by itself if this JVM dies without closing it
 * ({@code TOCSIN_PARENT_PID}, the platform's watchdog).
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final ChildJvm jvm;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.jvm = new ChildJvm(name, process);
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code jar} on a free port with {@code -Xmx<heapMiB>m}, the given extra JVM options and
     * properties, its output in {@code log}, and waits until {@code /actuator/health} answers 200.
     *
     * @throws IllegalStateException when it exits or is not healthy within {@code healthTimeout}
     *                               (the process is destroyed then)
     */
    static ServiceProcess start(String name, Path jar, int heapMiB, List<String> jvmOptions,
                                Map<String, String> properties, Path log, Duration healthTimeout) throws IOException {
        int port = freePort();
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = ChildJvm.command(heapMiB);
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // as ./tocsin run starts the services
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TOCSIN_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        ServiceProcess service = new ServiceProcess(name, builder.start(), port, log);
        try {
            service.awaitHealthy(healthTimeout);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /**
     * A service's exec jar: {@code -Dtocsin.bench.<module>Jar}, else the module's build output
     * (from the project root or the bench module), else the local Maven repository.
     */
    static Path execJar(String module) {
        String file = module + "-0.1.0-SNAPSHOT-exec.jar";
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("tocsin.bench." + module + "Jar");
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of(module, "target", file));
        candidates.add(Path.of("..", module, "target", file));
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "tocsin", module,
                "0.1.0-SNAPSHOT", file));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                module + " exec jar not found in " + candidates + "; build it: ./mvnw -pl " + module + " package"));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    /** CPU time the process has used so far (zero where the platform does not tell). */
    Duration cpuTime() {
        return jvm.cpuTime();
    }

    /** Its pid with its name, for {@link MachineCpu}. */
    Map<Long, String> named() {
        return jvm.named();
    }

    /** CPU time the process's JIT compilers have used so far. */
    Duration jitCpuTime() {
        return jvm.jitCpuTime();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with a pointer to the log when the process has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited (code " + process.exitValue() + "); see " + log);
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Poll.until(name + " healthy (log: " + log + ")", timeout,
                () -> !process.isAlive() || status(http, baseUrl() + "/actuator/health") == 200);
        requireAlive();
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Asks the service to stop (SIGTERM, a graceful Spring shutdown) and kills it after 30 s. */
    @Override
    public void close() {
        process.destroy();
        jvm.awaitExitOrKill();
    }
}
