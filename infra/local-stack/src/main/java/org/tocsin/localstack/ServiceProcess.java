package org.tocsin.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One service running as a child process of the launcher, its output going to its own log file. */
final class ServiceProcess {

    private static final String FOLDED_FRAMES = "\t...";

    private final ServiceApp app;
    private final String baseUrl;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(ServiceApp app, String baseUrl, Path logFile, Process process) {
        this.app = app;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
        this.process = process;
    }

    /** Starts {@code <java of this JVM> <jvmOptions> -jar <jar>} with {@code environment} over the launcher's own. */
    static ServiceProcess start(ServiceApp app, String baseUrl, Path jar, List<String> jvmOptions,
            Map<String, String> environment, Path workingDirectory, Path logFile) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close(); // nothing to say on its stdin: it reads end-of-file
        return new ServiceProcess(app, baseUrl, logFile, process);
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    ServiceApp app() {
        return app;
    }

    String name() {
        return app.module();
    }

    String baseUrl() {
        return baseUrl;
    }

    Path logFile() {
        return logFile;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    Process process() {
        return process;
    }

    /** SIGTERM (Spring Boot shuts down gracefully), then SIGKILL after {@code grace}; descendants too. */
    boolean stop(Duration grace) {
        return ProcessTrees.stop(process.toHandle(), grace);
    }

    /** The end of its log, to show why it failed without sending the user hunting. */
    List<String> lastLogLines(int count) {
        // a Reader replaces malformed bytes instead of failing on them
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(logFile), StandardCharsets.UTF_8))) {
            return tail(reader.lines(), count);
        } catch (IOException | UncheckedIOException e) {
            return List.of("(cannot read " + logFile + ": " + e.getMessage() + ")");
        }
    }

    /**
     * The last {@code count} lines, with each run of stack frames folded into one "..." line: what
     * explains a failure (the exception messages, Spring Boot's "APPLICATION FAILED TO START") stays visible.
     */
    static List<String> tail(Stream<String> lines, int count) {
        Deque<String> tail = new ArrayDeque<>(count);
        lines.forEach(line -> {
            boolean frame = isStackFrame(line);
            if (frame && FOLDED_FRAMES.equals(tail.peekLast())) {
                return;
            }
            if (tail.size() == count) {
                tail.removeFirst();
            }
            tail.addLast(frame ? FOLDED_FRAMES : line);
        });
        return List.copyOf(tail);
    }

    private static boolean isStackFrame(String line) {
        String trimmed = line.strip();
        return trimmed.startsWith("at ") || (trimmed.startsWith("... ") && trimmed.endsWith(" more"));
    }
}
