package org.tocsin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the whole machine's CPU went over a stretch of a run, read from Linux's /proc: the cores
 * PostgreSQL, Redis, this JVM and each named service JVM used on average, what was idle, and what
 * the hypervisor took (steal). Everything here shares two cores, so a workload that misses its
 * target is limited by whoever took them; this says who, in every run, not only in a profile.
 * "n/a" where /proc is missing.
 */
final class MachineCpu {

    private static final Path PROC = Path.of("/proc");
    /** The group of PostgreSQL's processes. */
    static final String POSTGRESQL = "PostgreSQL";

    /** The machine's counters at one moment. */
    record Snapshot(long nanoTime, int cores, long idleTicks, long stealTicks, Map<Long, ProcStat> processes) {

        boolean known() {
            return cores > 0;
        }
    }

    /** Average cores each group used between two snapshots, largest first, and what was idle or stolen. */
    record Share(double seconds, int cores, Map<String, Double> byGroup, double idle, double stolen) {

        /** "PostgreSQL 0.82, dispatch 0.61, this JVM 0.30, other 0.02; idle 0.24, stolen 0.00 (cores of 2, over 21.3 s)". */
        String describe() {
            List<String> parts = new ArrayList<>();
            byGroup.forEach((group, used) -> parts.add(String.format(Locale.ROOT, "%s %.2f", group, used)));
            return String.join(", ", parts) + String.format(Locale.ROOT, "; idle %.2f, stolen %.2f (cores of %d, over %.1f s)",
                    idle, stolen, cores, seconds);
        }

        /** The CPU-seconds {@code group} used (0 if it used none). */
        double cpuSeconds(String group) {
            return byGroup.getOrDefault(group, 0.0) * seconds;
        }
    }

    private MachineCpu() {
    }

    /** The machine now; not {@link Snapshot#known()} where /proc is missing. */
    static Snapshot take() {
        return read(PROC, System.nanoTime());
    }

    /** What the machine did since {@code before}, with {@code named} processes (by pid) under their own names. */
    static String since(Snapshot before, Map<Long, String> named) {
        return describe(shareSince(before, named));
    }

    /** As {@link #since}, for reading figures from; empty where /proc is missing. */
    static Optional<Share> shareSince(Snapshot before, Map<Long, String> named) {
        Snapshot after = take();
        return before.known() && after.known()
                ? Optional.of(between(before, after, named, ProcessHandle.current().pid())) : Optional.empty();
    }

    static String describe(Optional<Share> share) {
        return share.map(Share::describe).orElse("n/a (no /proc)");
    }

    /** Reads {@code proc} (a /proc tree) as of {@code nanoTime}. */
    static Snapshot read(Path proc, long nanoTime) {
        long idle;
        long steal;
        int cores = 0;
        try {
            List<String> lines = Files.readAllLines(proc.resolve("stat"));
            // "cpu  user nice system idle iowait irq softirq steal ...": the whole machine, in ticks;
            // a core waiting for the disk (iowait) is idle too, as far as the workloads' CPU goes
            String[] total = lines.getFirst().trim().split("\\s+");
            idle = Long.parseLong(total[4]) + Long.parseLong(total[5]);
            steal = total.length > 8 ? Long.parseLong(total[8]) : 0;
            for (String line : lines) {
                if (line.matches("cpu\\d+ .*")) {
                    cores++;
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Snapshot(nanoTime, 0, 0, 0, Map.of());
        }
        Map<Long, ProcStat> processes = new HashMap<>();
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    ProcStat.read(entry.resolve("stat")).ifPresent(process -> processes.put(Long.parseLong(name), process));
                }
            }
        } catch (IOException e) {
            return new Snapshot(nanoTime, 0, 0, 0, Map.of());
        }
        return new Snapshot(nanoTime, cores, idle, steal, processes);
    }

    /**
     * The average cores each group used between the two snapshots: {@code named} pids by their name,
     * {@code self} as "this JVM", PostgreSQL's and Redis's processes by their command, the rest as
     * "other". A process that started in between counts all its ticks; one that ended is missed.
     */
    static Share between(Snapshot before, Snapshot after, Map<Long, String> named, long self) {
        double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
        Map<String, Long> ticks = new HashMap<>();
        after.processes().forEach((pid, process) -> {
            ProcStat earlier = before.processes().get(pid);
            // not by command: a kernel worker renames itself as it takes other work
            long used = earlier == null || earlier.startedAt() != process.startedAt()
                    ? process.cpuTicks() : process.cpuTicks() - earlier.cpuTicks();
            if (used > 0) {
                ticks.merge(group(pid, process.command(), named, self), used, Long::sum);
            }
        });
        Map<String, Double> byGroup = new LinkedHashMap<>();
        ticks.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> byGroup.put(e.getKey(), cores(e.getValue(), seconds)));
        return new Share(seconds, after.cores(), byGroup, cores(after.idleTicks() - before.idleTicks(), seconds),
                cores(after.stealTicks() - before.stealTicks(), seconds));
    }

    private static String group(long pid, String command, Map<Long, String> named, long self) {
        if (named.containsKey(pid)) {
            return named.get(pid);
        } else if (pid == self) {
            return "this JVM";
        } else if (command.equals("postgres")) {
            return POSTGRESQL;
        } else if (command.startsWith("redis")) {
            return "Redis";
        }
        return "other";
    }

    private static double cores(long ticks, double seconds) {
        return seconds <= 0 ? 0 : (double) ticks / ProcStat.TICKS_PER_SECOND / seconds;
    }
}
