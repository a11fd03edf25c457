package org.tocsin.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Service settings given to one run to try them, e.g.
 * {@code -Dtocsin.bench.gatewayArgs="spring.threads.virtual.enabled=false"}: space-separated
 * {@code name=value} pairs (a leading {@code --} is dropped) under {@code tocsin.bench.<service>Args},
 * for {@code gateway}, {@code subscriber} and {@code dispatch}. BenchMain lists them with the run.
 */
final class TriedSettings {

    private TriedSettings() {
    }

    /** The settings given for {@code service}, in the order given; empty when none. */
    static Map<String, String> of(String service) {
        Map<String, String> settings = new LinkedHashMap<>();
        String given = System.getProperty(systemProperty(service), "").trim();
        if (!given.isEmpty()) {
            for (String arg : given.split("\\s+")) {
                String[] pair = arg.replaceFirst("^--", "").split("=", 2);
                settings.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        }
        return settings;
    }

    static String systemProperty(String service) {
        return "tocsin.bench." + service + "Args";
    }
}
