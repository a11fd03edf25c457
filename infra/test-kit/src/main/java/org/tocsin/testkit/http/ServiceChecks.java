package org.tocsin.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every Tocsin service must show from outside: health, metrics, protected APIs, problem+json errors. */
public final class ServiceChecks {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ServiceChecks() {
    }

    /** Health and readiness are UP, and so is each named component (db, kafka, redis…). */
    public static void assertHealthy(int port, String... components) {
        var reply = ServiceProbe.local(port).get("/actuator/health");
        assertThat(reply.status()).as("health status code, body %s", reply.body()).isEqualTo(200);
        JsonNode health = JSON.readTree(reply.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        for (String component : components) {
            assertThat(health.path("components").path(component).path("status").asString())
                    .as("health of %s in %s", component, reply.body()).isEqualTo("UP");
        }
        assertThat(ServiceProbe.local(port).get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(ServiceProbe.local(port).get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    /** Prometheus metrics are exported and tagged with the application's name. */
    public static void assertPrometheusMetrics(int port, String application) {
        var reply = ServiceProbe.local(port).get("/actuator/prometheus");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("jvm_memory_used_bytes").contains("application=\"" + application + "\"");
    }

    /** The OpenAPI document is served and names the service's API. */
    public static void assertOpenApiDocument(int port) {
        var reply = ServiceProbe.local(port).get("/v3/api-docs");
        assertThat(reply.status()).as("OpenAPI document, body %s", reply.body()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).path("openapi").asString()).startsWith("3.");
    }

    /** APIs refuse anonymous callers and wrong passwords with 401, and errors are problem+json. */
    public static void assertApisNeedAUser(int port, String user, String password) {
        var anonymous = ServiceProbe.local(port).get("/api/v1/anything");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");

        assertThat(ServiceProbe.local(port).as(user, password + "-wrong").get("/api/v1/anything").status())
                .isEqualTo(401);

        var missing = ServiceProbe.local(port).as(user, password).get("/api/v1/no-such-thing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(missing.body()).path("status").asInt()).isEqualTo(404);
    }
}
