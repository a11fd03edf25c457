package org.tocsin.localstack;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Stopping a process with everything it started: politely first, then forcibly. */
final class ProcessTrees {

    private static final Duration FORCED_EXIT_WAIT = Duration.ofSeconds(5);

    private ProcessTrees() {
    }

    /**
     * Asks {@code root} to stop (SIGTERM), waits up to {@code grace}, then kills it; then does the same
     * for any of its descendants still alive (recorded before, since they are re-parented once it dies).
     *
     * @return true if it had to kill the root forcibly
     */
    static boolean stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> descendants = root.descendants().toList();
        boolean forced = false;
        root.destroy();
        if (!awaitExit(root, grace)) {
            forced = true;
            root.destroyForcibly();
            awaitExit(root, FORCED_EXIT_WAIT);
        }
        stopAll(descendants, FORCED_EXIT_WAIT);
        return forced;
    }

    /** Stops every process still alive in {@code processes}, together: SIGTERM, wait up to {@code grace}, kill. */
    static void stopAll(List<ProcessHandle> processes, Duration grace) {
        List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : alive) {
            if (!awaitExit(process, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                process.destroyForcibly();
                awaitExit(process, FORCED_EXIT_WAIT);
            }
        }
    }

    /** Every process this JVM started, directly or not, that is still alive. */
    static List<ProcessHandle> aliveDescendantsOfThisProcess() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Processes whose command line names something inside {@code dir}, with their descendants: how to
     * find a server that detached from this JVM (pg_ctl's PostgreSQL runs with {@code -D <dir>/postgres}).
     */
    static List<ProcessHandle> usingDirectory(Path dir) {
        String prefix = dir.toAbsolutePath().normalize() + File.separator;
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(process -> process.pid() != self)
                .filter(process -> process.info().commandLine().map(line -> line.contains(prefix)).orElse(false))
                .flatMap(process -> Stream.concat(Stream.of(process), process.descendants()))
                .distinct()
                .toList();
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
