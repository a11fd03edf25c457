package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    /** A JVM whose CPU and compiler CPU advance by what each round says. */
    private static final class ScriptedJvm {
        final AtomicLong cpuMillis = new AtomicLong();
        final AtomicLong jitMillis = new AtomicLong();

        WarmUp.Jvm jvm(String name) {
            return new WarmUp.Jvm(name, () -> Duration.ofMillis(cpuMillis.get()), () -> Duration.ofMillis(jitMillis.get()));
        }

        void round(long cpu, long jit) {
            cpuMillis.addAndGet(cpu);
            jitMillis.addAndGet(jit);
        }
    }

    @Test
    void runsRoundsUntilEveryJvmsCompilersTakeUnderTheShareAndSaysSo() throws Exception {
        ScriptedJvm a = new ScriptedJvm();
        ScriptedJvm b = new ScriptedJvm();
        // a settles from round 2, b only from round 4: the warm-up must wait for both
        long[] aJit = {400, 100, 100, 100, 100};
        long[] bJit = {500, 300, 200, 140, 100};
        List<Integer> ran = new ArrayList<>();
        Results results = new Results();
        WarmUp.Outcome outcome = WarmUp.run(results, "W", Duration.ofMinutes(5), List.of(a.jvm("a"), b.jvm("b")),
                number -> {
                    ran.add(number);
                    a.round(1_000, aJit[number - 1]);
                    b.round(1_000, bJit[number - 1]);
                    return "round " + number;
                });
        assertThat(ran).containsExactly(1, 2, 3, 4);
        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.rounds()).isEqualTo(4);
        assertThat((String) results.workload("W").get("warm-up round 3"))
                .isEqualTo("round 3; JIT compilers' share of the CPU: a 10 %, b 20 %");
        assertThat((String) results.workload("W").get("warm-up (not in the figures below)"))
                .startsWith("warm after 4 rounds");
    }

    @Test
    void stopsWhenItsTimeIsUpAndSaysTheFiguresIncludeCompiling() throws Exception {
        ScriptedJvm cold = new ScriptedJvm();
        Results results = new Results();
        WarmUp.Outcome outcome = WarmUp.run(results, "W", Duration.ZERO, List.of(cold.jvm("cold")), number -> {
            cold.round(1_000, 500);
            return "did";
        });
        assertThat(outcome.rounds()).isEqualTo(1); // at least one round, however short the time
        assertThat(outcome.settled()).isFalse();
        assertThat((String) results.workload("W").get("warm-up (not in the figures below)"))
                .startsWith("not warm after 1 round").contains("(its time was up)").contains("include compiling");
    }

    @Test
    void aLabelledWarmUpKeepsItsLinesApartFromTheWorkloadsOwn() throws Exception {
        ScriptedJvm jvm = new ScriptedJvm();
        Results results = new Results();
        WarmUp.run(results, "W", Duration.ofMinutes(1), List.of(jvm.jvm("x")), number -> {
            jvm.round(1_000, 0);
            return "first";
        });
        WarmUp.run(results, "W", "baseline ", Duration.ofMinutes(1), List.of(jvm.jvm("x")), number -> {
            jvm.round(1_000, 0);
            return "second";
        });
        assertThat((String) results.workload("W").get("warm-up round 1")).startsWith("first;");
        assertThat((String) results.workload("W").get("baseline warm-up round 1")).startsWith("second;");
        assertThat((String) results.workload("W").get("baseline warm-up (not in the figures below)"))
                .startsWith("warm after 1 round");
    }

    @Test
    void keepsGoingWhileItHasTimeHoweverManyRoundsThatTakes() throws Exception {
        ScriptedJvm slow = new ScriptedJvm();
        AtomicLong rounds = new AtomicLong();
        Results results = new Results();
        // compiles through 39 rounds, done in the 40th: well past the 15 rounds it once stopped at
        WarmUp.Outcome outcome = WarmUp.run(results, "W", Duration.ofHours(1), List.of(slow.jvm("slow")), number -> {
            rounds.incrementAndGet();
            slow.round(1_000, number < 40 ? 900 : 100);
            return "did";
        });
        assertThat(rounds.get()).isEqualTo(40);
        assertThat(outcome.settled()).isTrue();
        assertThat((String) results.workload("W").get("warm-up (not in the figures below)"))
                .startsWith("warm after 40 rounds");
    }

    @Test
    void itsTimeIsInProportionToTheSizeOfTheRun() {
        assertThat(WarmUp.budget(Duration.ofMinutes(5), 20_000, 20_000)).isEqualTo(Duration.ofMinutes(5));
        assertThat(WarmUp.budget(Duration.ofMinutes(5), 200, 20_000)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aJvmWhoseCpuDidNotMoveCountsAsWarm() {
        assertThat(WarmUp.warm(Duration.ZERO, Duration.ZERO)).isTrue();
        assertThat(WarmUp.warm(Duration.ofMillis(149), Duration.ofSeconds(1))).isTrue();
        assertThat(WarmUp.warm(Duration.ofMillis(150), Duration.ofSeconds(1))).isFalse();
    }
}
