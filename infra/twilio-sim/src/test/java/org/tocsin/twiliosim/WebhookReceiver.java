package org.tocsin.twiliosim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tocsin.twiliosim.http.FormEncoding;

/** A tiny webhook endpoint on a free port that records what it receives, like the gateway would. */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(String path, String url, Map<String, String> params, String signature, String contentType) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int answerStatus = 200;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String query = exchange.getRequestURI().getRawQuery();
                String path = exchange.getRequestURI().getPath();
                received.add(new Received(path, url(path) + (query == null ? "" : "?" + query),
                        FormEncoding.decode(body),
                        exchange.getRequestHeaders().getFirst("X-Twilio-Signature"),
                        exchange.getRequestHeaders().getFirst("Content-Type")));
                byte[] twiml = "<Response/>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/xml");
                exchange.sendResponseHeaders(answerStatus, twiml.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(twiml);
                }
            }
        });
        server.start();
    }

    /** The full URL of {@code path} on this receiver. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answerWith(int status) {
        this.answerStatus = status;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests whose MessageSid is {@code sid}, in arrival order. */
    List<Received> forMessage(String sid) {
        return received.stream().filter(r -> sid.equals(r.params().get("MessageSid"))).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
