package org.tocsin.twiliosim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's HTTP server, over raw sockets so that what goes over the wire is what is checked. */
class ThreadPerConnectionServerTest {

    /** What a handler saw of one request. */
    record Seen(String method, String uri, String contentType, String body, String connectionThread) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch slowEntered = new CountDownLatch(1);
    private final CountDownLatch slowReleased = new CountDownLatch(1);
    private ThreadPerConnectionServer server;

    @BeforeEach
    void start() throws IOException {
        server = ThreadPerConnectionServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16,
                "test-http-");
        server.createContext("/echo/", this::echo);
        server.createContext("/echo/unread/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), null, null,
                    Thread.currentThread().getName()));
            HttpExchanges.send(exchange, 200, "text/plain", "not read".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/empty", exchange -> {
            HttpExchanges.sendEmpty(exchange, exchange.getRequestURI().getPath().endsWith("204") ? 204 : 202);
        });
        server.createContext("/fails", exchange -> {
            throw new IllegalStateException("handler bug");
        });
        server.createContext("/slow", exchange -> {
            slowEntered.countDown();
            try {
                slowReleased.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            HttpExchanges.send(exchange, 200, "text/plain", "finished".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/pieces", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("first ".getBytes(StandardCharsets.UTF_8));
                out.write("second".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void echo(HttpExchange exchange) throws IOException {
        String body = new String(HttpExchanges.readBody(exchange), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("content-type"), body, Thread.currentThread().getName()));
        exchange.getResponseHeaders().set("X-Echo-Length", Integer.toString(body.length()));
        HttpExchanges.send(exchange, 201, "text/plain; charset=utf-8", ("got " + body).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersRequestsOneAfterAnotherOnAKeptAliveConnection() throws IOException {
        try (Wire wire = new Wire(server)) {
            wire.send("POST /echo/a?x=1 HTTP/1.1\r\nHost: sim\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 7\r\n\r\nBody=hi");
            Answer first = wire.answer();
            wire.send("GET /echo/b HTTP/1.1\r\nHost: sim\r\n\r\n");
            Answer second = wire.answer();

            assertThat(first.status()).isEqualTo(201);
            assertThat(first.reason()).isEqualTo("Created");
            assertThat(first.headers()).containsEntry("content-length", "11").containsEntry("x-echo-length", "7")
                    .containsEntry("content-type", "text/plain; charset=utf-8").containsKey("date")
                    .doesNotContainKey("connection");
            assertThat(first.body()).isEqualTo("got Body=hi");
            assertThat(second.status()).isEqualTo(201);
            assertThat(second.body()).isEqualTo("got ");
        }
        assertThat(seen).extracting(Seen::method, Seen::uri, Seen::contentType, Seen::body)
                .containsExactly(
                        tuple("POST", "/echo/a?x=1", "application/x-www-form-urlencoded",
                                "Body=hi"),
                        tuple("GET", "/echo/b", null, ""));
        assertThat(seen.get(0).connectionThread()).isEqualTo(seen.get(1).connectionThread())
                .startsWith("test-http-");
    }

    @Test
    void answersPipelinedRequestsInOrder() throws IOException {
        try (Wire wire = new Wire(server)) {
            wire.send("POST /echo/1 HTTP/1.1\r\nContent-Length: 3\r\n\r\none"
                    + "POST /echo/2 HTTP/1.1\r\nContent-Length: 3\r\n\r\ntwo");
            assertThat(wire.answer().body()).isEqualTo("got one");
            assertThat(wire.answer().body()).isEqualTo("got two");
        }
    }

    @Test
    void decodesAChunkedRequestBody() throws IOException {
        try (Wire wire = new Wire(server)) {
            wire.send("POST /echo/c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nBody=\r\n" + "a;name=value\r\nhello worl\r\n" + "1\r\nd\r\n" + "0\r\nTrailer: x\r\n\r\n");
            Answer answer = wire.answer();
            assertThat(answer.body()).isEqualTo("got Body=hello world");
            wire.send("GET /echo/after HTTP/1.1\r\n\r\n");
            assertThat(wire.answer().status()).isEqualTo(201);
        }
    }

    @Test
    void skipsABodyTheHandlerLeftUnreadBeforeTheNextRequest() throws IOException {
        try (Wire wire = new Wire(server)) {
            wire.send("POST /echo/unread/x HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789");
            assertThat(wire.answer().body()).isEqualTo("not read");
            wire.send("POST /echo/next HTTP/1.1\r\nContent-Length: 2\r\n\r\nok");
            assertThat(wire.answer().body()).isEqualTo("got ok");
        }
    }

    @Test
    void closesAfterAnsweringWhenTheClientAsksOrSpeaksHttp10() throws IOException {
        for (String request : List.of("GET /echo/x HTTP/1.1\r\nConnection: close\r\n\r\n",
                "GET /echo/x HTTP/1.0\r\n\r\n")) {
            try (Wire wire = new Wire(server)) {
                wire.send(request);
                Answer answer = wire.answer();
                assertThat(answer.status()).isEqualTo(201);
                assertThat(answer.headers()).containsEntry("connection", "close");
                assertThat(wire.closedByServer()).as(request).isTrue();
            }
        }
    }

    @Test
    void answersMalformedRequestsWith400AndCloses() throws IOException {
        for (String request : List.of("NONSENSE\r\n\r\n", "GET /echo/x SPDY/3\r\n\r\n",
                "GET /echo/x HTTP/1.1\r\nno colon here\r\n\r\n", "POST /echo/x HTTP/1.1\r\nContent-Length: -4\r\n\r\n",
                "POST /echo/x HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
                "POST /echo/x HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "GET /echo/x y HTTP/1.1\r\n\r\n")) {
            try (Wire wire = new Wire(server)) {
                wire.send(request);
                Answer answer = wire.answer();
                assertThat(answer.status()).as(request).isEqualTo(400);
                assertThat(answer.body()).as(request).isNotBlank();
                assertThat(wire.closedByServer()).as(request).isTrue();
            }
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void refusesAHeadOverItsLimit() throws IOException {
        try (Wire wire = new Wire(server)) {
            wire.send("GET /echo/x HTTP/1.1\r\nX-Big: " + "a".repeat(RequestReader.MAX_HEAD_BYTES) + "\r\n\r\n");
            assertThat(wire.answer().status()).isEqualTo(400);
        }
    }

    @Test
    void routesToTheLongestMatchingContextAnd404sTheRest() throws IOException {
        try (Wire wire = new Wire(server)) {
            wire.send("POST /echo/unread/1 HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
            assertThat(wire.answer().body()).isEqualTo("not read");
            wire.send("GET /nothing/here HTTP/1.1\r\n\r\n");
            assertThat(wire.answer().status()).isEqualTo(404);
            wire.send("GET /echo/still-open HTTP/1.1\r\n\r\n");
            assertThat(wire.answer().status()).isEqualTo(201);
        }
    }

    @Test
    void answersWithoutABodyAsTheJdkServerDoes() throws IOException {
        try (Wire wire = new Wire(server)) {
            wire.send("POST /empty HTTP/1.1\r\n\r\n");
            Answer accepted = wire.answer();
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.headers()).containsEntry("content-length", "0");
            wire.send("POST /empty/204 HTTP/1.1\r\n\r\n");
            Answer noContent = wire.answer();
            assertThat(noContent.status()).isEqualTo(204);
            assertThat(noContent.headers()).doesNotContainKey("content-length");
            wire.send("GET /pieces HTTP/1.1\r\n\r\n");
            Answer pieces = wire.answer();
            assertThat(pieces.headers()).containsEntry("content-length", "12");
            assertThat(pieces.body()).isEqualTo("first second");
        }
    }

    @Test
    void answers500AndClosesWhenAHandlerThrows() throws IOException {
        try (Wire wire = new Wire(server)) {
            wire.send("GET /fails HTTP/1.1\r\n\r\n");
            assertThat(wire.answer().status()).isEqualTo(500);
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void servesTheJdkHttpClient() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/echo/jdk");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("n=" + i)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("got n=" + i);
        }
    }

    @Test
    void stopClosesIdleConnectionsAndRefusesNewOnes() throws IOException {
        try (Wire wire = new Wire(server)) {
            wire.send("GET /echo/x HTTP/1.1\r\n\r\n");
            assertThat(wire.answer().status()).isEqualTo(201);
            server.stop(0);
            assertThat(wire.closedByServer()).isTrue();
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort()).close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void stopWithADelayLetsARequestBeingHandledFinish() throws Exception {
        try (Wire wire = new Wire(server)) {
            wire.send("GET /slow HTTP/1.1\r\n\r\n");
            assertThat(slowEntered.await(5, TimeUnit.SECONDS)).isTrue();
            Thread stopper = Thread.ofPlatform().start(() -> server.stop(10));
            awaitState(stopper, Thread.State.TIMED_WAITING); // stop is waiting for the request
            slowReleased.countDown();

            Answer answer = wire.answer();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("finished");
            stopper.join(Duration.ofSeconds(10));
            assertThat(stopper.isAlive()).as("stop returned once the request was done").isFalse();
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != state) {
            assertThat(thread.getState()).as("%s before reaching %s", thread, state)
                    .isNotEqualTo(Thread.State.TERMINATED);
            assertThat(System.nanoTime()).as("%s reaching %s in time", thread, state).isLessThan(deadline);
            Thread.sleep(1); // poll interval, not a stand-in for the condition
        }
    }

    /** A status line, headers (names lower case) and body as they came over the socket. */
    record Answer(int status, String reason, Map<String, String> headers, String body) {
    }

    /** One client connection that writes raw bytes and parses answers by Content-Length. */
    private static final class Wire implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        Wire(ThreadPerConnectionServer server) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
            socket.setSoTimeout(5_000);
            in = socket.getInputStream();
        }

        void send(String request) throws IOException {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        }

        Answer answer() throws IOException {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            Map<String, String> headers = new TreeMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).toLowerCase(), header.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers, body);
        }

        boolean closedByServer() throws IOException {
            try {
                return in.read() < 0;
            } catch (java.net.SocketException e) {
                return true; // reset
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-answer after '" + line + "'");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
