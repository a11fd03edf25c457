package org.tocsin.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a service's actuator whether it is UP. */
final class HealthProbe {

    /** What /actuator/health said. */
    enum Health {
        UP,
        /** not listening yet, or starting, or DOWN for now: ask again */
        NOT_YET,
        /** 401 or 403: the endpoint is not public, so asking again will not help */
        REFUSED
    }

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** UP means 200 from /actuator/health (Boot answers 503 for DOWN and OUT_OF_SERVICE) with status UP. */
    Health check(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                .timeout(Duration.ofSeconds(3))
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                return Health.REFUSED;
            }
            boolean up = response.statusCode() == 200
                    && response.body().replace(" ", "").contains("\"status\":\"UP\"");
            return up ? Health.UP : Health.NOT_YET;
        } catch (IOException e) {
            return Health.NOT_YET;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.NOT_YET;
        }
    }
}
