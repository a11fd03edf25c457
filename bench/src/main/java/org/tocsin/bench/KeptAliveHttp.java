package org.tocsin.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A small HTTP/1.1 client for load: requests encoded once, before the clock starts, and written
 * as they are over kept-alive sockets, one per caller at a time, the answer read on the caller's
 * thread. The webhooks it stands for come from the provider's machines, not from the two cores
 * that run what is measured, so the load generator should cost as little as it can: the JDK's
 * HttpClient took a fifth of the driver JVM's CPU in the W3 storm (selector and worker threads,
 * a hand-over per request).
 *
 * <p>It reads what the gateway's Tomcat sends: a status line, headers, and a body of
 * Content-Length bytes or in chunks; "Connection: close" (Tomcat's every 100th answer on a
 * connection) closes the socket after the answer.
 */
final class KeptAliveHttp implements AutoCloseable {

    /** Tomcat closes a connection idle for longer than its keep-alive timeout (60 s by default); well inside it. */
    private static final long LONGEST_IDLE_NANOS = 10_000_000_000L;
    private static final int TIMEOUT_MILLIS = 30_000;

    private final String host;
    private final int port;
    private final String target;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    KeptAliveHttp(URI url) {
        this.host = url.getHost();
        this.port = url.getPort();
        this.target = url.getRawPath();
    }

    /** A POST of {@code body} with {@code headers}, encoded once. */
    byte[] post(Map<String, String> headers, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        return request;
    }

    /**
     * Sends {@code request} (from {@link #post}) and returns the answer's status. A kept-alive
     * connection that the server had closed before it read the request is replaced and the
     * request sent once more: the webhooks sent here are idempotent at the gateway (by their
     * MessageSid), as Twilio's retries rely on.
     */
    int send(byte[] request) throws IOException {
        Connection connection = idleConnection();
        if (connection != null) {
            try {
                return exchange(connection, request);
            } catch (StaleConnection stale) {
                connection.close();
            }
        }
        return exchange(new Connection(open()), request);
    }

    private int exchange(Connection connection, byte[] request) throws IOException {
        boolean keep = false;
        try {
            int first;
            try {
                connection.out.write(request);
                connection.out.flush();
                first = connection.in.read();
            } catch (SocketTimeoutException e) {
                throw e; // a slow answer, not a closed connection: never sent twice
            } catch (IOException e) {
                // written to or read from a connection the server had closed (reset)
                throw connection.reused ? new StaleConnection() : e;
            }
            if (first < 0) {
                throw connection.reused ? new StaleConnection() : new EOFException("the connection ended before an answer");
            }
            Answer answer = read(first, connection.in);
            keep = answer.keepAlive();
            return answer.status();
        } finally {
            if (keep) {
                connection.reused = true;
                connection.idleSince = System.nanoTime();
                idle.push(connection);
            } else {
                connection.close();
            }
        }
    }

    private Connection idleConnection() {
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            if (System.nanoTime() - c.idleSince < LONGEST_IDLE_NANOS) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        return socket;
    }

    private record Answer(int status, boolean keepAlive) {
    }

    /** The rest of an answer whose first byte was {@code first}. */
    private static Answer read(int first, InputStream in) throws IOException {
        String statusLine = (char) first + line(in);
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean keepAlive = true;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                throw new IOException("not a header: " + header);
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> keepAlive = !value.contains("close");
                default -> { }
            }
        }
        if (chunked) {
            for (long size = chunkSize(in); size > 0; size = chunkSize(in)) {
                in.skipNBytes(size);
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers, if any, are not needed
            }
        } else if (length >= 0) {
            in.skipNBytes(length);
        } else if (status >= 200 && status != 204 && status != 304) {
            // a body that ends when the connection does
            in.transferTo(OutputStream.nullOutputStream());
            keepAlive = false;
        }
        return new Answer(status, keepAlive);
    }

    private static long chunkSize(InputStream in) throws IOException {
        return Long.parseLong(line(in).split(";")[0].trim(), 16);
    }

    /** One line without its CRLF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(32);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection ended in an answer");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** The server had closed a kept-alive connection before answering on it. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("the server closed the kept-alive connection");
        }
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        boolean reused;
        long idleSince;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 4096);
            this.out = socket.getOutputStream();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is left to do with it
            }
        }
    }

    @Override
    public void close() {
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            c.close();
        }
    }
}
