package org.tocsin.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs a workload unmeasured, round after round, until the JIT compilers of every JVM it runs in
 * took under {@link #SETTLED} of that JVM's CPU during a round, or its time is up. A fresh JVM on
 * two busy cores compiles for minutes; a service that has been running for a while has finished,
 * and the figures measured after the warm-up are meant to be that service's. Each round's line and
 * whether it settled are part of the results.
 */
final class WarmUp {

    /** Compilers' share of a JVM's CPU in a round under which that JVM counts as warm. */
    static final double SETTLED = 0.15;

    /** A JVM whose compilers are watched: its CPU and its compiler threads' CPU so far. */
    record Jvm(String name, Supplier<Duration> cpu, Supplier<Duration> jit) {

        /** The harness's own JVM (gateways, simulator, Kafka broker, clients). */
        static Jvm harness() {
            return new Jvm("this JVM", JitCpu::cpuOfThisJvm, JitCpu::ofThisJvm);
        }
    }

    /** One unmeasured round; returns what it did, for its line (e.g. its rate). */
    interface Round {
        String run(int number) throws Exception;
    }

    /** How a warm-up ended. */
    record Outcome(int rounds, Duration took, boolean settled) {
    }

    private WarmUp() {
    }

    /**
     * Runs rounds of {@code round} (at least one) until every JVM of {@code jvms} is warm or the budget is
     * spent; puts a line per round and one on the outcome into {@code results}.
     */
    static Outcome run(Results results, String workload, Duration budget, List<Jvm> jvms, Round round)
            throws Exception {
        return run(results, workload, "", budget, jvms, round);
    }

    /** The same, each line's name starting with {@code label}: for a second warm-up within one workload. */
    static Outcome run(Results results, String workload, String label, Duration budget, List<Jvm> jvms, Round round)
            throws Exception {
        long start = System.nanoTime();
        for (int number = 1; ; number++) {
            Duration[] cpuBefore = new Duration[jvms.size()];
            Duration[] jitBefore = new Duration[jvms.size()];
            for (int i = 0; i < jvms.size(); i++) {
                cpuBefore[i] = jvms.get(i).cpu().get();
                jitBefore[i] = jvms.get(i).jit().get();
            }
            String did = round.run(number);
            boolean settled = true;
            List<String> shares = new ArrayList<>();
            for (int i = 0; i < jvms.size(); i++) {
                Duration cpu = jvms.get(i).cpu().get().minus(cpuBefore[i]);
                Duration jit = jvms.get(i).jit().get().minus(jitBefore[i]);
                settled &= warm(jit, cpu);
                shares.add(String.format(Locale.ROOT, "%s %s", jvms.get(i).name(), percent(jit, cpu)));
            }
            results.put(workload, label + "warm-up round " + number, did + "; JIT compilers' share of the CPU: "
                    + String.join(", ", shares));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            boolean timeUp = took.compareTo(budget) >= 0;
            if (settled || timeUp) {
                Outcome outcome = new Outcome(number, took, settled);
                results.put(workload, label + "warm-up (not in the figures below)", describe(outcome));
                return outcome;
            }
        }
    }

    /** A warm-up's time limit for a run of {@code size} when it is {@code atFullSize} at the issue's {@code fullSize}. */
    static Duration budget(Duration atFullSize, long size, long fullSize) {
        return Duration.ofMillis(atFullSize.toMillis() * size / fullSize);
    }

    /** Whether compilers that took {@code jit} of {@code cpu} count as done; unknown counts as done. */
    static boolean warm(Duration jit, Duration cpu) {
        return cpu.isZero() || jit.toNanos() < SETTLED * cpu.toNanos();
    }

    static String describe(Outcome outcome) {
        String rounds = outcome.rounds() + (outcome.rounds() == 1 ? " round, " : " rounds, ")
                + String.format(Locale.ROOT, "%.0f s", outcome.took().toMillis() / 1000.0);
        return outcome.settled()
                ? "warm after " + rounds + ": the JIT compilers took under " + Math.round(SETTLED * 100)
                        + " % of each JVM's CPU in the last"
                : "not warm after " + rounds + " (its time was up): the figures below include compiling";
    }

    private static String percent(Duration jit, Duration cpu) {
        return cpu.isZero() ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100.0 * jit.toNanos() / cpu.toNanos());
    }
}
