package org.tocsin.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Sizes of one run. Scale 1.0 is the full size (W1 1,000,000, W2 200,000, W3 20,000, W4 60 s); the
 * smoke test runs about 1/100.
 *
 * @param sendRequests     W2: outbound requests through the gateway
 * @param naiveSends       W2: SDK calls of the one-thread baseline
 * @param inboundWebhooks  W3: signed inbound webhooks
 * @param throttleDuration W4: how long the two gateways are kept saturated
 * @param optOutTrials     opt-out latency trials
 * @param fanoutRecipients W1: consenting supporters the action goes to
 * @param dispatchHeapMiB  W1: -Xmx of the dispatch-service process (the target is a heap under 512 MB)
 * @param outputDir        where bench-results.json and .md are written
 * @param only             workloads to run (W1, W2, W3, W4, OPTOUT); empty runs every one
 */
public record BenchConfig(int sendRequests, int naiveSends, int inboundWebhooks,
                          Duration throttleDuration, int optOutTrials, int fanoutRecipients,
                          int dispatchHeapMiB, Path outputDir, Set<String> only) {

    /** Every workload's short name, in the order they run. */
    static final List<String> WORKLOADS = List.of("W2", "W3", "OPTOUT", "W4", "W1");

    public BenchConfig {
        only = Set.copyOf(only);
        for (String name : only) {
            if (!WORKLOADS.contains(name)) {
                throw new IllegalArgumentException("unknown workload " + name + "; known: " + WORKLOADS);
            }
        }
    }

    /** Whether {@code workload} (W1, W2, W3, W4, OPTOUT) is part of this run. */
    boolean runs(String workload) {
        return only.isEmpty() || only.contains(workload);
    }

    BenchConfig only(Set<String> workloads) {
        return new BenchConfig(sendRequests, naiveSends, inboundWebhooks, throttleDuration,
                optOutTrials, fanoutRecipients, dispatchHeapMiB, outputDir, workloads);
    }

    public static BenchConfig scaled(double scale, Path outputDir) {
        return new BenchConfig(
                atLeast(200_000 * scale, 200),
                atLeast(20_000 * scale, 100),
                atLeast(20_000 * scale, 200),
                Duration.ofSeconds(Math.max(3, Math.round(60 * scale))),
                atLeast(300 * Math.min(1.0, scale * 10), 20),
                atLeast(1_000_000 * scale, 1000),
                512,
                outputDir,
                Set.of());
    }

    private static int atLeast(double value, int minimum) {
        return Math.max(minimum, (int) Math.round(value));
    }
}
