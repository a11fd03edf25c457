package org.tocsin.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** How the shared test infrastructure is started, chosen by {@value #ENV} = auto (default), embedded or containers. */
enum InfrastructureMode {
    EMBEDDED("embedded"),
    CONTAINERS("containers");

    static final String ENV = "TOCSIN_TEST_INFRA";

    private final String value;

    InfrastructureMode(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    /** Auto asks the Docker probe; an explicit choice never does (the probe can be slow). */
    static InfrastructureMode choose(Map<String, String> env, BooleanSupplier dockerAvailable) {
        String requested = env.getOrDefault(ENV, "").trim().toLowerCase(Locale.ROOT);
        return switch (requested) {
            case "", "auto" -> dockerAvailable.getAsBoolean() ? CONTAINERS : EMBEDDED;
            case "embedded" -> EMBEDDED;
            case "containers" -> CONTAINERS;
            default -> throw new IllegalArgumentException(
                    ENV + "=" + env.get(ENV) + " is not one of auto, embedded, containers");
        };
    }
}
