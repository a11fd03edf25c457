package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load client against a scripted HTTP/1.1 server: each answer is written as given, byte for byte. */
class KeptAliveHttpTest {

    /** What the server does for one request: answer with {@code raw}, then close the socket if {@code close}. */
    private record Scripted(String raw, boolean close) {
    }

    private final ScriptedServer server = new ScriptedServer();

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void readsLengthAndChunkedAnswersOnOneKeptAliveConnection() throws Exception {
        server.answer("HTTP/1.1 200 \r\nContent-Type: text/xml\r\nContent-Length: 9\r\n\r\n<Resp/>\r\n", false);
        server.answer("HTTP/1.1 403 \r\nTransfer-Encoding: chunked\r\n\r\n4\r\nno s\r\n5;x=1\r\nigned\r\n0\r\n\r\n", false);
        server.answer("HTTP/1.1 204 \r\n\r\n", false);
        try (KeptAliveHttp http = new KeptAliveHttp(server.url())) {
            byte[] request = http.post(Map.of("X-Twilio-Signature", "abc="), "Body=JOIN+Maria");

            assertThat(http.send(request)).isEqualTo(200);
            assertThat(http.send(request)).isEqualTo(403);
            assertThat(http.send(request)).isEqualTo(204);
        }
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.requests()).hasSize(3).allSatisfy(r -> assertThat(r)
                .startsWith("POST /webhooks/twilio/inbound HTTP/1.1\r\n")
                .contains("X-Twilio-Signature: abc=\r\n", "Content-Length: 15\r\n")
                .endsWith("\r\n\r\nBody=JOIN+Maria"));
    }

    @Test
    void opensANewConnectionAfterConnectionCloseAndResendsWhereTheServerHadClosedAnIdleOne() throws Exception {
        server.answer("HTTP/1.1 200 \r\nContent-Length: 0\r\nConnection: close\r\n\r\n", true);
        // closed after answering, without saying so: the next request finds the connection gone
        server.answer("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", true);
        server.answer("HTTP/1.1 202 \r\nContent-Length: 0\r\n\r\n", false);
        try (KeptAliveHttp http = new KeptAliveHttp(server.url())) {
            byte[] request = http.post(Map.of(), "Body=STOP");

            assertThat(http.send(request)).isEqualTo(200);
            assertThat(http.send(request)).isEqualTo(200);
            server.awaitClosed(2);
            assertThat(http.send(request)).isEqualTo(202);
        }
        assertThat(server.connections()).isEqualTo(3);
        assertThat(server.requests()).as("the stale connection's request never reached the server").hasSize(3);
    }

    @Test
    void anAnswerCutShortIsAnErrorNotAStatus() throws Exception {
        server.answer("HTTP/1.1 200 \r\nContent-Length: 10\r\n\r\nshort", true);
        try (KeptAliveHttp http = new KeptAliveHttp(server.url())) {
            assertThatThrownBy(() -> http.send(http.post(Map.of(), "Body=YES"))).isInstanceOf(IOException.class);
        }
    }

    /** Answers each request with the next scripted answer, on whichever connection it came. */
    private static final class ScriptedServer implements AutoCloseable {

        private final ServerSocket socket;
        private final BlockingQueue<Scripted> script = new LinkedBlockingQueue<>();
        private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();

        ScriptedServer() {
            try {
                socket = new ServerSocket(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofPlatform().daemon().start(this::accept);
        }

        void answer(String raw, boolean close) {
            script.add(new Scripted(raw, close));
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/webhooks/twilio/inbound");
        }

        int connections() {
            return connections.get();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        void awaitClosed(int count) {
            Poll.until(count + " connections closed by the server", Duration.ofSeconds(5), () -> closed.get() >= count);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    Thread.ofPlatform().daemon().start(() -> serve(connection));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    Scripted next = script.take();
                    connection.getOutputStream().write(next.raw().getBytes(StandardCharsets.US_ASCII));
                    connection.getOutputStream().flush();
                    if (next.close()) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the test ends the connection
            } finally {
                closed.incrementAndGet();
            }
        }

        private static String readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.startsWith("Content-Length: ")) {
                    length = Integer.parseInt(line.substring("Content-Length: ".length()));
                }
            }
            return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
