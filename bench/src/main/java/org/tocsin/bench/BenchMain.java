package org.tocsin.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tocsin.testkit.EmbeddedInfrastructure;
import org.tocsin.twiliosim.SimulatorConfig;
import org.tocsin.twiliosim.TwilioSimulator;

/**
 * Runs every workload once against freshly started embedded Kafka, PostgreSQL and Redis and an
 * in-process Twilio simulator, prints each figure and writes bench-results.json and .md.
 *
 * <p>Arguments: {@code --scale=1.0} (1.0 = the full sizes), {@code --out=bench/target},
 * {@code --only=W1,W3} (a subset; every workload by default).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals(RawProducer.CHILD_FLAG)) {
            RawProducer.serve(args[1], new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    System.out);
            System.exit(0);
        }
        double scale = 1.0;
        Path out = Path.of("bench", "target");
        Set<String> only = Set.of();
        for (String arg : args) {
            if (arg.startsWith("--scale=")) {
                scale = Double.parseDouble(arg.substring("--scale=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else if (arg.startsWith("--only=")) {
                only = Arrays.stream(arg.substring("--only=".length()).split(","))
                        .map(w -> w.trim().toUpperCase(Locale.ROOT)).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + " (use --scale=1.0 --out=dir --only=W1,W2,W3,W4,OPTOUT)");
            }
        }
        Results results = run(BenchConfig.scaled(scale, out).only(only), scale);
        System.out.println("[bench] results written to " + out.toAbsolutePath().resolve("bench-results.{json,md}"));
        System.exit(results.all().isEmpty() ? 1 : 0);
    }

    /** Starts the infrastructure and the simulator, runs the workloads, writes the results. */
    public static Results run(BenchConfig config, double scale) throws Exception {
        Results results = new Results();
        results.run("date", Instant.now());
        results.run("scale", scale);
        results.run("cores", Runtime.getRuntime().availableProcessors());
        results.run("max heap MiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        results.run("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
        results.run("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        // the driver JVM's options move W3's figures (its G1 pause goal: docs/benchmark-log.md), so each run says them
        results.run("this JVM's options", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        for (String service : List.of("gateway", "subscriber", "dispatch")) {
            Map<String, String> tried = TriedSettings.of(service);
            if (!tried.isEmpty()) {
                results.run(service + " settings tried (" + TriedSettings.systemProperty(service) + ")", tried.entrySet()
                        .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
            }
        }
        Path data = Files.createTempDirectory("tocsin-bench-");
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Ports.random(), data);
             TwilioSimulator simulator = TwilioSimulator.start(SimulatorConfig.defaults().withPort(0)
                     .withInboundWebhookUrl(null)
                     .withMaxStoredMessages(Math.max(SimulatorConfig.DEFAULT_MAX_STORED_MESSAGES,
                             config.sendRequests() + 10_000)))) {
            results.run("infrastructure", infra.mode() + " (Kafka KRaft in-process, PostgreSQL and Redis embedded binaries)");
            new Workloads(infra, simulator, config, results).runAll();
            results.run("peak heap of this JVM MiB (driver + simulator + gateways + Kafka broker)",
                    ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                            .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024));
        } finally {
            results.write(config.outputDir());
        }
        return results;
    }
}
