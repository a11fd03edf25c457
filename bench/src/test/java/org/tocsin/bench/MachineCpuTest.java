package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineCpuTest {

    private static final long SELF = 100;
    private static final long DISPATCH = 200;

    /** One process as two snapshots see it: its stat line after the pid in each, null where it did not exist. */
    private record Seen(long pid, String before, String after) {
    }

    /**
     * A /proc tree: the machine's stat line, and for each process that {@code when} finds in its row
     * (a snapshot's side) its stat line with comm, utime and stime.
     */
    private static void proc(Path root, long idle, long iowait, long steal, List<Seen> processes,
                             Function<Seen, String> when) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("stat"), String.format(
                "cpu  5000 10 2000 %d %d 0 30 %d 0 0%ncpu0 2500 5 1000 1 1 0 15 1 0 0%ncpu1 2500 5 1000 1 1 0 15 1 0 0%nintr 1%n",
                idle, iowait, steal));
        Files.createDirectories(root.resolve("self")); // not a pid: ignored
        for (Seen process : processes) {
            if (when.apply(process) != null) {
                Path dir = Files.createDirectories(root.resolve(Long.toString(process.pid())));
                Files.writeString(dir.resolve("stat"), process.pid() + " " + when.apply(process) + "\n");
            }
        }
    }

    /** A stat line's part after the pid: "(comm) S ..." with utime, stime and starttime where Linux puts them. */
    private static String stat(String comm, long utime, long stime, long startedAt) {
        return "(" + comm + ") S 1 1 1 0 -1 4194304 100 0 0 0 " + utime + " " + stime + " 0 0 20 0 30 0 " + startedAt
                + " 123456 789";
    }

    private static String stat(String comm, long utime, long stime) {
        return stat(comm, utime, stime, 12_345);
    }

    @Test
    void sharesTheMachinesCoresBetweenItsProcessGroupsOverTheStretch(@TempDir Path tmp) throws IOException {
        Path before = tmp.resolve("before");
        Path after = tmp.resolve("after");
        // over 10 s: this JVM 4 s, dispatch 6 s, PostgreSQL 5 s over two processes and one new, Redis
        // 0.2 s, another process 0.3 s (with ") " in its name), a renamed kernel worker nothing; idle 3 s,
        // 1 s stolen
        List<Seen> processes = List.of(
                new Seen(SELF, stat("java", 1_000, 200), stat("java", 1_300, 300)),
                new Seen(DISPATCH, stat("java", 400, 100), stat("java", 900, 200)),
                new Seen(301, stat("postgres", 50, 50), stat("postgres", 250, 100)),
                new Seen(302, stat("postgres", 10, 0), stat("postgres", 110, 0)),
                new Seen(303, null, stat("postgres", 100, 50)),
                new Seen(400, stat("redis-server-6.", 5, 5), stat("redis-server-6.", 15, 15)),
                new Seen(500, stat("ended (x)", 70, 0), null),
                new Seen(601, null, stat("odd ) name", 30, 0)),
                new Seen(600, stat("bash", 1, 0), stat("bash", 1, 0)),
                new Seen(700, stat("kworker/0:1-events", 40, 0), stat("kworker/0:1-mm_percpu_wq", 40, 0)));
        proc(before, 10_000, 500, 40, processes, Seen::before);
        proc(after, 10_250, 550, 140, processes, Seen::after);

        MachineCpu.Share share = MachineCpu.between(MachineCpu.read(before, 0), MachineCpu.read(after, 10_000_000_000L),
                Map.of(DISPATCH, "dispatch"), SELF);

        assertThat(share.seconds()).isEqualTo(10.0);
        assertThat(share.cores()).isEqualTo(2);
        assertThat(List.copyOf(share.byGroup().keySet())).containsExactly("dispatch", "PostgreSQL", "this JVM", "other", "Redis");
        assertThat(share.byGroup().get("dispatch")).isCloseTo(0.6, within(1e-9));
        assertThat(share.byGroup().get("PostgreSQL")).isCloseTo(0.5, within(1e-9));
        assertThat(share.byGroup().get("this JVM")).isCloseTo(0.4, within(1e-9));
        assertThat(share.byGroup().get("other")).isCloseTo(0.03, within(1e-9));
        assertThat(share.byGroup().get("Redis")).isCloseTo(0.02, within(1e-9));
        assertThat(share.idle()).isCloseTo(0.3, within(1e-9));
        assertThat(share.stolen()).isCloseTo(0.1, within(1e-9));
        assertThat(share.describe()).isEqualTo(
                "dispatch 0.60, PostgreSQL 0.50, this JVM 0.40, other 0.03, Redis 0.02; idle 0.30, stolen 0.10 (cores of 2, over 10.0 s)");
        // W1's PostgreSQL CPU per recipient is read from here
        assertThat(share.cpuSeconds(MachineCpu.POSTGRESQL)).isCloseTo(5.0, within(1e-9));
        assertThat(share.cpuSeconds("nobody")).isZero();
    }

    @Test
    void aPidReusedByAProcessStartedLaterCountsAllItsTicks(@TempDir Path tmp) throws IOException {
        List<Seen> reused = List.of(new Seen(700, stat("postgres", 900, 0, 5_000), stat("redis-server", 20, 0, 5_050)));
        proc(tmp.resolve("before"), 0, 0, 0, reused, Seen::before);
        proc(tmp.resolve("after"), 0, 0, 0, reused, Seen::after);

        MachineCpu.Share share = MachineCpu.between(MachineCpu.read(tmp.resolve("before"), 0),
                MachineCpu.read(tmp.resolve("after"), 1_000_000_000L), Map.of(), SELF);

        assertThat(share.byGroup()).containsOnlyKeys("Redis");
        assertThat(share.byGroup().get("Redis")).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void withoutProcTheSnapshotIsUnknown(@TempDir Path tmp) {
        assertThat(MachineCpu.read(tmp.resolve("missing"), 0).known()).isFalse();
    }

    @Test
    void seesThisJvmWorkOnTheRealMachine() {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "needs Linux's /proc");
        MachineCpu.Snapshot before = MachineCpu.take();
        long spinUntil = System.nanoTime() + 300_000_000L;
        long sum = 0;
        while (System.nanoTime() < spinUntil) {
            sum += Long.numberOfTrailingZeros(System.nanoTime());
        }
        MachineCpu.Share share = MachineCpu.between(before, MachineCpu.take(), Map.of(), ProcessHandle.current().pid());

        assertThat(sum).isPositive();
        assertThat(share.cores()).isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        // one thread spun for the whole stretch: this JVM used most of a core (ticks are 10 ms, so not exactly one)
        assertThat(share.byGroup().get("this JVM")).isGreaterThan(0.5);
    }
}
