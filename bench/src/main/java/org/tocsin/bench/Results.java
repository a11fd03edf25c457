package org.tocsin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Figures measured in one run, in the order they were measured; written as JSON and Markdown. */
public final class Results {

    private final Map<String, Map<String, Object>> workloads = new LinkedHashMap<>();
    private final Map<String, Object> run = new LinkedHashMap<>();

    void run(String name, Object value) {
        run.put(name, value);
    }

    public synchronized void put(String workload, String figure, Object value) {
        workloads.computeIfAbsent(workload, w -> new LinkedHashMap<>()).put(figure, value);
        System.out.printf(Locale.ROOT, "[bench] %-22s %-34s %s%n", workload, figure, format(value));
    }

    public synchronized Map<String, Object> workload(String name) {
        return workloads.getOrDefault(name, Map.of());
    }

    public synchronized Map<String, Map<String, Object>> all() {
        return workloads;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder json = new StringBuilder("{\n  \"run\": ").append(object(run, "  ")).append(",\n  \"workloads\": {");
        String separator = "\n";
        for (var entry : workloads.entrySet()) {
            json.append(separator).append("    \"").append(entry.getKey()).append("\": ").append(object(entry.getValue(), "    "));
            separator = ",\n";
        }
        json.append("\n  }\n}\n");
        Files.writeString(dir.resolve("bench-results.json"), json);

        StringBuilder md = new StringBuilder("# Tocsin benchmark results\n\n");
        run.forEach((k, v) -> md.append("- ").append(k).append(": ").append(format(v)).append('\n'));
        for (var entry : workloads.entrySet()) {
            md.append("\n## ").append(entry.getKey()).append("\n\n| figure | value |\n|---|---|\n");
            entry.getValue().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(format(v)).append(" |\n"));
        }
        Files.writeString(dir.resolve("bench-results.md"), md);
    }

    private static String object(Map<String, Object> map, String indent) {
        StringBuilder out = new StringBuilder("{");
        String separator = "\n";
        for (var entry : map.entrySet()) {
            out.append(separator).append(indent).append("  \"").append(entry.getKey()).append("\": ").append(json(entry.getValue()));
            separator = ",\n";
        }
        return out.append('\n').append(indent).append('}').toString();
    }

    private static String json(Object value) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return "\"" + d + "\""; // JSON has no NaN
        }
        if (value instanceof Number || value instanceof Boolean) {
            return format(value);
        }
        return "\"" + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.2f", d);
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        return String.valueOf(value);
    }
}
