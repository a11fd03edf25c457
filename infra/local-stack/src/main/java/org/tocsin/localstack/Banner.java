package org.tocsin.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a developer sees once the stack is up: every URL, address and demo login, in one screen. */
final class Banner {

    /** The line scripts and tests wait for. */
    static final String READY = "Tocsin local stack is ready";
    private static final String RULE = "=".repeat(78);

    private Banner() {
    }

    static List<String> render(LocalStackConfig config, StackEndpoints endpoints, Duration startup) {
        List<String> lines = new ArrayList<>();
        lines.add(RULE);
        lines.add(" " + READY + " (started in " + seconds(startup) + ")");
        lines.add(RULE);
        lines.add(" Services               URL                     API docs, metrics");
        for (ServiceApp app : ServiceApp.values()) {
            String url = endpoints.serviceBaseUrl(app);
            lines.add(String.format("  %-21s %-23s %s/swagger-ui.html", app.module(), url, url));
            lines.add(String.format("  %-21s %-23s %s/actuator/prometheus", "", "", url));
        }
        lines.add(String.format("  %-21s %-23s %s", "Twilio simulator", endpoints.simulatorBaseUrl(),
                "POST /sim/inbound, GET /sim/messages?to=, POST /sim/behaviour"));
        lines.add("");
        lines.add(" Infrastructure");
        lines.add(String.format("  %-21s %s%s", "Kafka", endpoints.kafkaBootstrapServers(),
                origin(config.embedsKafka())));
        lines.add(String.format("  %-21s %s  user %s%s%s", "PostgreSQL", endpoints.postgresJdbcUrl(),
                endpoints.postgresUsername(),
                config.embedsPostgres() ? " password " + endpoints.postgresPassword() : "",
                origin(config.embedsPostgres())));
        lines.add(String.format("  %-21s %s%s", "Redis", endpoints.redisUrl(), origin(config.embedsRedis())));
        lines.add("");
        lines.add(" Demo users (user / password, role)");
        for (DemoUsers.DemoUser user : DemoUsers.ALL) {
            lines.add(String.format("  %-29s %s", user.username() + " / " + user.password(), user.role()));
        }
        lines.add("");
        lines.add(" Logs: " + config.logDir() + "/<service>.log (infrastructure and simulator: local-stack.log)");
        lines.add(" A service that dies is reported here; the others keep running.");
        lines.add(" Ctrl-C stops everything.");
        lines.add(RULE);
        return lines;
    }

    static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static String origin(boolean embedded) {
        return embedded ? "  (embedded)" : "  (external)";
    }
}
