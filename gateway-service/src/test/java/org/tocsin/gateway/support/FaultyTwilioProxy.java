package org.tocsin.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sits between the gateway and the Twilio simulator and passes everything through, except that it
 * can answer a send to a chosen number with Twilio's 503 (error 20503, "Service Unavailable"), the
 * transient failure the simulator itself does not produce at send time.
 */
public final class FaultyTwilioProxy implements AutoCloseable {

    private static final int ALWAYS = -1;
    private static final List<String> FORWARDED_HEADERS = List.of("Authorization", "Content-Type", "Accept",
            "User-Agent");

    private final String target;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();

    public FaultyTwilioProxy(String target) {
        this.target = target.replaceAll("/+$", "");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code times} sends to {@code to} get a 503. */
    public void failNext(String to, int times) {
        failures.put(to, new AtomicInteger(times));
    }

    /** Every send to {@code to} gets a 503. */
    public void failAlways(String to) {
        failures.put(to, new AtomicInteger(ALWAYS));
    }

    /** Send requests (POSTs) that reached the proxy for {@code to}, failed or not. */
    public int sendsTo(String to) {
        AtomicInteger count = sends.get(to);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("POST".equals(exchange.getRequestMethod())) {
                String to = WebhookPoster.parse(new String(body, StandardCharsets.UTF_8)).get("To");
                if (to != null) {
                    sends.computeIfAbsent(to, k -> new AtomicInteger()).incrementAndGet();
                }
            }
            if ("POST".equals(exchange.getRequestMethod()) && shouldFail(new String(body, StandardCharsets.UTF_8))) {
                byte[] error = """
                        {"code":20503,"message":"Service Unavailable","more_info":"https://www.twilio.com/docs/errors/20503","status":503}"""
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(503, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            var forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            FORWARDED_HEADERS.forEach(name -> {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    forward.header(name, value);
                }
            });
            HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean shouldFail(String formBody) {
        String to = WebhookPoster.parse(formBody).get("To");
        AtomicInteger left = to == null ? null : failures.get(to);
        if (left == null) {
            return false;
        }
        if (left.get() == ALWAYS) {
            return true;
        }
        return left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
