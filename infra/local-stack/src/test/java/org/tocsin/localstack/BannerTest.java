package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BannerTest {

    private static final StackEndpoints ENDPOINTS = new StackEndpoints("127.0.0.1:19092",
            "jdbc:postgresql://127.0.0.1:15432/tocsin", "tocsin", "tocsin", "redis://127.0.0.1:16379",
            "http://127.0.0.1:8089",
            Map.of(ServiceApp.GATEWAY, 8081, ServiceApp.DISPATCH, 8082, ServiceApp.SUBSCRIBER, 8083));

    private static String render(Map<String, String> env) {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(env);
        return String.join("\n", Banner.render(config, ENDPOINTS, Duration.ofMillis(42_300)));
    }

    @Test
    void showsEveryUrlAddressAndDemoLogin() {
        String banner = render(Map.of("TOCSIN_PROJECT_ROOT", "/srv/tocsin"));

        assertThat(banner).contains(Banner.READY, "42.3 s");
        for (String base : new String[] {"http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083"}) {
            assertThat(banner).contains(base + "/swagger-ui.html", base + "/actuator/prometheus");
        }
        assertThat(banner).contains("http://127.0.0.1:8089", "127.0.0.1:19092",
                "jdbc:postgresql://127.0.0.1:15432/tocsin", "password tocsin", "redis://127.0.0.1:16379",
                "/srv/tocsin/.tocsin/logs/<service>.log", "Ctrl-C stops everything");
        DemoUsers.ALL.forEach(user ->
                assertThat(banner).contains(user.username() + " / " + user.password()).contains(user.role()));
    }

    @Test
    void neverPrintsAnExternalDatabasesPassword() {
        String banner = render(Map.of("TOCSIN_PROJECT_ROOT", "/srv/tocsin",
                "TOCSIN_POSTGRES_URL", "jdbc:postgresql://db:5432/tocsin", "TOCSIN_POSTGRES_PASSWORD", "tocsin"));

        assertThat(banner).doesNotContain("password tocsin").contains("user tocsin", "(external)");
    }
}
