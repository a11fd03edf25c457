package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every workload at about 1/100 of the issue's volume so the harness cannot rot. It asserts
 * that the harness measured complete, sane figures; never how fast anything was.
 */
class BenchSmokeTest {

    @Test
    void everyWorkloadProducesCompleteFigures() throws Exception {
        Path out = Path.of("target", "bench-smoke");
        Results results = BenchMain.run(BenchConfig.scaled(0.01, out), 0.01);

        var w2 = results.workload("W2 send path");
        assertThat(w2.get("messages seen by simulator")).isEqualTo(w2.get("requests"));
        assertThat((long) w2.get("distinct recipients")).isEqualTo(((Integer) w2.get("requests")).longValue());
        assertThat((double) w2.get("ratio gateway / naive")).isPositive().isFinite();
        assertThat((double) w2.get("CPU ms per message (this JVM: gateway, simulator, broker, driver)")).isPositive();
        // where the machine's CPU went: the gateway runs in this JVM
        assertThat((String) w2.get("machine CPU while the gateway drained them (cores)"))
                .containsPattern("this JVM \\d\\.\\d\\d").containsPattern("; idle \\d\\.\\d\\d, stolen \\d\\.\\d\\d \\(cores of \\d+, over ");
        String slow = "with 100 ms API latency: ";
        assertThat(w2.get(slow + "messages seen by simulator")).isEqualTo(w2.get(slow + "requests"));
        assertThat((long) w2.get(slow + "distinct recipients")).isEqualTo(((Integer) w2.get(slow + "requests")).longValue());
        assertThat((double) w2.get(slow + "ratio gateway / naive")).isPositive().isFinite();

        // every workload with a fresh JVM's code in it warms up first and says how that ended
        for (String warmed : List.of("W2 send path", "W3 inbound storm", "W1 fan-out")) {
            assertThat((String) results.workload(warmed).get("warm-up (not in the figures below)"))
                    .containsPattern("^(not )?warm after \\d+ rounds?");
        }
        assertThat((String) results.workload("W2 send path").get("warm-up round 1")).contains("through the gateway", "naive");
        assertThat((String) results.workload("W1 fan-out").get("warm-up round 1")).contains("recipients", "dispatch CPU");
        var w3 = results.workload("W3 inbound storm");
        assertThat((String) w3.get("warm-up round 1")).contains("webhooks at 64 threads", "JIT compilers' share");
        assertThat((String) w3.get("storms measured (3; the figures below are the one of median accepted/s)"))
                .containsPattern("^\\d+ webhooks at \\d+ threads: .*; \\d+ webhooks .*; \\d+ webhooks ");
        assertThat(w3.get("accepted (200)")).isEqualTo(w3.get("webhooks"));
        assertThat(w3.get("InboundMessageReceived on Kafka")).isEqualTo(w3.get("webhooks"));
        assertThat((double) w3.get("webhook latency p99 ms")).isPositive().isFinite();
        assertThat((String) w3.get("machine CPU during the storm (cores)")).containsPattern("this JVM \\d\\.\\d\\d");
        assertThat((String) w3.get("concurrency search (100 webhooks each)")).contains("8 threads", "32 threads", "64 threads");
        // every tracer's effect (JOIN, STOP, reply) became visible through subscriber-service's API
        assertThat((int) w3.get("tracers (every 50th webhook: JOIN, STOP, reply)")).isGreaterThanOrEqualTo(3);
        assertThat(w3.get("tracers visible through subscriber API"))
                .isEqualTo(w3.get("tracers (every 50th webhook: JOIN, STOP, reply)"));
        assertThat((double) w3.get("webhook -> visible through API p99 ms")).isPositive().isFinite();
        assertThat((double) w3.get("subscriber read all inbound s after the last webhook")).isFinite();
        // the open loop warms up at the lowest rate the search may try, then storms from the target rate,
        // bisecting between the highest held and lowest missed
        assertThat((String) w3.get("open-loop warm-up round 1")).startsWith("100 webhooks at 128 threads: ").contains(", p50 ", "JIT compilers' share");
        assertThat((String) w3.get("open-loop warm-up (not in the figures below)")).containsPattern("^(not )?warm after \\d+ rounds?");
        List<String> tried = List.of(((String) w3.get("open-loop arrival rates tried (from the target, bisecting)"))
                .split("; (?=\\d+/s )"));
        assertThat(tried).hasSizeBetween(2, 4).allSatisfy(round -> assertThat(round)
                .matches("\\d+/s (held|missed) \\((\\d+) of \\2 accepted\\): \\d+ webhooks at 128 threads: .*"));
        assertThat(tried.getFirst()).startsWith("2000/s ");
        int held = (int) w3.get("highest arrival rate held within the targets (open loop)");
        assertThat(tried.stream().filter(round -> round.contains(" held ")).mapToInt(round -> Integer.parseInt(round.split("/")[0]))
                .max().orElse(0)).isEqualTo(held);
        if (held > 0) {
            String at = "held at " + held + "/s: ";
            assertThat(w3.get(at + "accepted (200)")).isEqualTo(w3.get(at + "webhooks"));
            assertThat(w3.get(at + "tracers visible through subscriber API"))
                    .isEqualTo(w3.get(at + "tracers (every 50th webhook: JOIN, STOP, reply)"));
            assertThat((double) w3.get(at + "webhook -> visible through API p99 ms")).isLessThan(1000);
        }

        var optOut = results.workload("opt-out latency");
        assertThat(optOut.get("set only: SUPPRESSED events")).isEqualTo(optOut.get("set only: trials"));
        assertThat(optOut.get("set only: messages that reached the simulator")).isEqualTo(0L);
        assertThat((double) optOut.get("set only: SADD -> SUPPRESSED p99 ms")).isPositive().isFinite();
        // through the chain: every STOP webhook ended with the gateway refusing a queued message to that number
        assertThat(optOut.get("SUPPRESSED events")).isEqualTo(optOut.get("trials"));
        assertThat((double) optOut.get("p99 ms")).isPositive().isFinite();
        assertThat((int) optOut.get("probes queued (every 20 ms from the STOP)")).isGreaterThanOrEqualTo((int) optOut.get("trials"));
        assertThat((int) optOut.get("probes still SENT after the STOP")).isNotNegative();
        // Tocsin's own word takes the long way, through subscriber-service: it ends the same way
        String russian = "СТОП (Tocsin's keyword, not Twilio's): ";
        assertThat(optOut.get(russian + "SUPPRESSED events")).isEqualTo(optOut.get(russian + "trials"));
        assertThat((double) optOut.get(russian + "p99 ms")).isPositive().isFinite();

        var w4 = results.workload("W4 throttle accuracy");
        assertThat((int) w4.get("sent in window")).isPositive();
        assertThat((int) w4.get("max any sender in any 1 s window")).isPositive();
        // the limiter holds at the provider (a safety property, not a speed)
        assertThat((long) w4.get("sends that closed a 1 s window above the rate")).isZero();
        assertThat((double) w4.get("utilisation of allowed rate")).isPositive().isFinite();

        var w1 = results.workload("W1 fan-out");
        assertThat(w1.get("records of each action on tocsin.outbound.urgent.v1 (fewest)"))
                .isEqualTo(((Integer) w1.get("recipients")).longValue());
        assertThat((double) w1.get("ratio dispatch / raw producer (medians)")).isPositive().isFinite();
        // five fan-outs, each followed by a raw producer run, and the ratio of each pair
        assertThat((String) w1.get("dispatch recipients/s, 5 fan-outs")).matches("\\d+(, \\d+){4}");
        assertThat((String) w1.get("raw KafkaProducer records/s, 5 runs, each right after the fan-out above"))
                .matches("\\d+(, \\d+){4}");
        assertThat((String) w1.get("ratio of each fan-out to the raw run after it")).matches("\\d+\\.\\d\\d(, \\d+\\.\\d\\d){4}");
        // W2 and W3 ran first and left status and consent events, which dispatch's group starts after
        assertThat((long) w1.get("earlier records on dispatch's topics (its group starts after them)")).isPositive();
        // the raw producer runs in a JVM of its own, warmed by the same rule as dispatch, its rounds listed apart
        assertThat((String) w1.get("raw KafkaProducer warm-up round 1")).contains("records", "raw producer", "this JVM");
        assertThat((String) w1.get("raw KafkaProducer warm-up (not in the figures below)")).contains("after");
        assertThat((long) w1.get("dispatch peak heap used MiB (before any GC, from its GC log)")).isPositive();
        // dispatch's own process is named, not lumped with "other"
        assertThat((String) w1.get("machine CPU during the median fan-out (cores)")).containsPattern("dispatch-service \\d\\.\\d\\d");
        // and PostgreSQL's part per recipient, each fan-out (it writes a delivery row for each)
        String postgres = (String) w1.get("PostgreSQL CPU microseconds per recipient, each fan-out");
        assertThat(postgres).matches("\\d+\\.\\d(, \\d+\\.\\d){4}");
        // a smoke-sized fan-out is a few clock ticks of PostgreSQL's: some may round to none, not all
        assertThat(Arrays.stream(postgres.split(", ")).mapToDouble(Double::parseDouble).sum()).isPositive();
        assertThat((String) w1.get("machine CPU during the median raw producer run (cores)"))
                .containsPattern("raw producer \\d\\.\\d\\d").containsPattern("this JVM \\d\\.\\d\\d");

        assertThat(Files.readString(out.resolve("bench-results.json"))).contains("\"W4 throttle accuracy\"");
        assertThat(Files.readString(out.resolve("bench-results.md"))).contains("## W2 send path");
    }

    @Test
    void slidingWindowCountsTheBusiestSecond() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<Instant> times = List.of(t, t.plusMillis(100), t.plusMillis(999), t.plusMillis(1000), t.plusMillis(1500));
        // [0, 1 s) holds 3; [100 ms, 1.1 s) holds 100, 999, 1000 = 3; [999, 1999) holds 3
        assertThat(Workloads.maxInOneSecond(times)).isEqualTo(3);
        assertThat(Workloads.maxInOneSecond(List.of())).isZero();
        assertThat(Workloads.windowsAbove(times, 2)).isEqualTo(3); // the sends at 999, 1000 and 1500 ms
        assertThat(Workloads.windowsAbove(times, 3)).isZero();
        // sorted 0, 100, 999, 1000, 1500: from each to the second after it
        assertThat(Workloads.windowTurnMillis(times, 2)).containsExactly(999L, 900L, 501L);
        assertThat(Workloads.windowTurnMillis(times.reversed(), 4)).containsExactly(1500L);
    }
}
