package org.tocsin.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@link RawProducer} in a JVM of its own: the bench's own jar (or class path) started again with
 * {@value RawProducer#CHILD_FLAG}, the same heap limit as dispatch, told each run on its stdin. Its
 * other output (the Kafka client's log, a failure's stack trace) goes to a log file.
 */
final class RawProducerProcess implements AutoCloseable {

    private static final String NAME = "raw producer";

    private final ChildJvm jvm;
    private final Process process;
    private final PrintWriter toChild;
    private final BlockingQueue<String> rates = new LinkedBlockingQueue<>();
    private final Path log;

    private RawProducerProcess(Process process, Path log) throws IOException {
        this.jvm = new ChildJvm(NAME, process);
        this.process = process;
        this.log = log;
        this.toChild = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("raw-producer-output").start(() -> {
            try (logWriter; BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(RawProducer.RATE)) {
                        rates.add(line.substring(RawProducer.RATE.length()));
                    } else {
                        logWriter.write(line);
                        logWriter.write(System.lineSeparator());
                    }
                }
            } catch (IOException e) {
                // the child is gone; run() reports it
            }
        });
    }

    static RawProducerProcess start(String bootstrap, int heapMiB, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = ChildJvm.command(heapMiB);
        String classPath = System.getProperty("java.class.path");
        if (isExecutableJar(classPath)) {
            command.addAll(List.of("-jar", classPath)); // started as java -jar bench-*-exec.jar: classes nested inside
        } else {
            command.addAll(List.of("-cp", classPath, BenchMain.class.getName()));
        }
        command.addAll(List.of(RawProducer.CHILD_FLAG, bootstrap));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new RawProducerProcess(process, log);
    }

    /** Whether {@code classPath} is one Spring Boot executable jar, whose classes only its own launcher finds. */
    static boolean isExecutableJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar") || !Files.isRegularFile(Path.of(classPath))) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            Manifest manifest = jar.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Start-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** One run of {@link RawProducer#produce} in the child; its records per second. */
    double run(String topic, int partitions, int m, int keySize, int valueSize) throws InterruptedException {
        toChild.println(topic + " " + partitions + " " + m + " " + keySize + " " + valueSize);
        Duration timeout = Duration.ofSeconds(120 + m / 500);
        long deadline = System.nanoTime() + timeout.toNanos();
        String rate = null;
        // a child that died at once (or later) is reported within a second, not at the deadline
        while (rate == null && process.isAlive() && System.nanoTime() < deadline) {
            rate = rates.poll(1, TimeUnit.SECONDS);
        }
        if (rate == null) {
            rate = rates.poll(); // it may have answered and then exited
        }
        if (rate == null) {
            throw new IllegalStateException(NAME + (process.isAlive() ? " gave no rate within " + timeout
                    : " exited (code " + process.exitValue() + ")") + "; see " + log);
        }
        return Double.parseDouble(rate);
    }

    Duration cpuTime() {
        return jvm.cpuTime();
    }

    Duration jitCpuTime() {
        return jvm.jitCpuTime();
    }

    /** Its pid with its name, for {@link MachineCpu}. */
    Map<Long, String> named() {
        return jvm.named();
    }

    @Override
    public void close() {
        toChild.close(); // the child's loop ends with its stdin
        jvm.awaitExitOrKill();
    }
}
