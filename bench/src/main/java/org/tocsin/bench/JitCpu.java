package org.tocsin.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CPU time a JVM's JIT compiler threads have used, read from Linux's /proc (utime + stime of the
 * threads named "C1 CompilerThread…" and "C2 CompilerThread…"). A fresh JVM on two busy cores
 * compiles for minutes, so a short workload's CPU figures include part of its warm-up; this says how
 * much. Zero where /proc is missing; a compiler thread that exited meanwhile is not counted.
 */
final class JitCpu {

    private JitCpu() {
    }

    static Duration ofThisJvm() {
        return of(ProcessHandle.current().pid());
    }

    /** CPU time this whole JVM has used so far: what {@link #ofThisJvm()} is a share of. */
    static Duration cpuOfThisJvm() {
        return Duration.ofNanos(ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime());
    }

    static Duration of(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return Duration.ZERO;
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                ticks += compilerTicks(thread);
            }
        } catch (IOException e) {
            return Duration.ZERO; // the process ended
        }
        return Duration.ofMillis(ticks * 1000 / ProcStat.TICKS_PER_SECOND);
    }

    /** "12.3 s, 35 % of its CPU", or "n/a" when either is unknown. */
    static String share(Duration jit, Duration cpu) {
        if (jit == null || cpu == null || cpu.isZero()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f s, %.0f %% of its CPU", jit.toMillis() / 1000.0,
                100.0 * jit.toMillis() / cpu.toMillis());
    }

    /** The thread's CPU ticks if it is a JIT compiler thread; 0 otherwise, or when it ended meanwhile. */
    private static long compilerTicks(Path thread) {
        return ProcStat.read(thread.resolve("stat"))
                .filter(stat -> stat.command().startsWith("C1 CompilerThre") || stat.command().startsWith("C2 CompilerThre"))
                .map(ProcStat::cpuTicks)
                .orElse(0L);
    }
}
