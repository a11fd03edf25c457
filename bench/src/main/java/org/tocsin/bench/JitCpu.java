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

    /** Clock ticks per second of /proc's stat times (USER_HZ, 100 on every Linux this runs on). */
    private static final long TICKS_PER_SECOND = 100;

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
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    /** "12.3 s, 35 % of its CPU", or "n/a" when either is unknown. */
    static String share(Duration jit, Duration cpu) {
        if (jit == null || cpu == null || cpu.isZero()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f s, %.0f %% of its CPU", jit.toMillis() / 1000.0,
                100.0 * jit.toMillis() / cpu.toMillis());
    }

    private static long compilerTicks(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm")).strip();
            if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                return 0;
            }
            String stat = Files.readString(thread.resolve("stat"));
            // fields after the parenthesised name: state is the 3rd field, utime the 14th, stime the 15th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended between listing and reading
        }
    }
}
