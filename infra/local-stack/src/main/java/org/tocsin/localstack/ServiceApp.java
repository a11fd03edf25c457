package org.tocsin.localstack;

/** The three Tocsin services the local stack runs, each as its own child process, in banner order. */
enum ServiceApp {

    GATEWAY("gateway-service", "TOCSIN_GATEWAY_PORT", 8081, false, true, true),
    DISPATCH("dispatch-service", "TOCSIN_DISPATCH_PORT", 8082, true, true, false),
    SUBSCRIBER("subscriber-service", "TOCSIN_SUBSCRIBER_PORT", 8083, true, true, false);

    private final String module;
    private final String portVariable;
    private final int defaultPort;
    private final boolean usesPostgres;
    private final boolean usesRedis;
    private final boolean usesTwilio;

    ServiceApp(String module, String portVariable, int defaultPort, boolean usesPostgres, boolean usesRedis,
            boolean usesTwilio) {
        this.module = module;
        this.portVariable = portVariable;
        this.defaultPort = defaultPort;
        this.usesPostgres = usesPostgres;
        this.usesRedis = usesRedis;
        this.usesTwilio = usesTwilio;
    }

    /** The Maven module, which is also the name shown on screen and the log file's name. */
    String module() {
        return module;
    }

    String portVariable() {
        return portVariable;
    }

    int defaultPort() {
        return defaultPort;
    }

    boolean usesPostgres() {
        return usesPostgres;
    }

    boolean usesRedis() {
        return usesRedis;
    }

    boolean usesTwilio() {
        return usesTwilio;
    }

    /** Overrides where its executable jar is, e.g. {@code TOCSIN_GATEWAY_JAR}. */
    String jarVariable() {
        return "TOCSIN_" + name() + "_JAR";
    }
}
