package org.tocsin.twiliosim.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request and its answer on a {@link ThreadPerConnectionServer} connection. The answer's head and
 * body leave in one write when the body is complete (or at {@link #close()}), not in two.
 */
final class ServerExchange extends HttpExchange {

    private static final byte[] NO_BODY = new byte[0];

    private final RequestReader.Head head;
    private final HttpContext context;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final OutputStream socket;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final boolean clientKeepsAlive;
    private InputStream requestBody;
    private OutputStream responseBody;
    private int responseCode = -1;
    private boolean answerWritten;
    private boolean closed;
    private boolean connectionUsable = true;

    ServerExchange(RequestReader.Head head, InputStream requestBody, HttpContext context, InetSocketAddress local,
            InetSocketAddress remote, OutputStream socket, boolean clientKeepsAlive) {
        this.head = head;
        this.requestBody = requestBody;
        this.context = context;
        this.local = local;
        this.remote = remote;
        this.socket = socket;
        this.clientKeepsAlive = clientKeepsAlive;
    }

    @Override
    public Headers getRequestHeaders() {
        return head.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return head.uri();
    }

    @Override
    public String getRequestMethod() {
        return head.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return context;
    }

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
        if (responseBody == null) {
            // as the JDK's server: written before sendResponseHeaders, it is an error then
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("response headers not sent yet");
                }
            };
        }
        return responseBody;
    }

    /**
     * As {@link HttpExchange#sendResponseHeaders}: {@code length} -1 means no body, 0 a body of any
     * length (sent with its length once complete, not chunked), more than 0 exactly that many bytes.
     */
    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (responseCode >= 0) {
            throw new IOException("response headers already sent");
        }
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("bad response code " + code);
        }
        responseCode = code;
        boolean bodyless = length < 0 || code == 204 || code == 304 || head.method().equals("HEAD");
        if (bodyless) {
            responseBody = new AnswerBody(0, false);
            writeAnswer(NO_BODY, length < 0 ? 0 : length, code != 204 && code != 304);
        } else {
            responseBody = new AnswerBody(length, true);
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remote;
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return local;
    }

    @Override
    public String getProtocol() {
        return head.protocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
        if (in != null) {
            requestBody = in;
        }
        if (out != null) {
            responseBody = out;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /** Ends the exchange: writes what the answer holds; without an answer, the connection closes. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (responseBody != null) {
                responseBody.close();
            }
        } catch (IOException e) {
            connectionUsable = false;
        }
        if (!answerWritten) {
            connectionUsable = false;
        }
    }

    /** Whether the next request may follow on this connection. */
    boolean connectionUsable() {
        return connectionUsable && clientKeepsAlive;
    }

    private void writeAnswer(byte[] body, long contentLength, boolean withLength) throws IOException {
        StringBuilder text = new StringBuilder(256);
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Date")) {
                continue; // the server's own
            }
            for (String value : header.getValue()) {
                text.append(name).append(": ").append(value).append("\r\n");
            }
        }
        if (withLength) {
            text.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        if (!clientKeepsAlive) {
            text.append("Connection: close\r\n");
        }
        answerWritten = true;
        try {
            write(socket, responseCode, text, body);
        } catch (IOException e) {
            connectionUsable = false;
            throw e;
        }
    }

    /**
     * Writes an answer in one write: status line, Date, {@code headerLines} (each ending in CRLF), a
     * blank line, the body.
     */
    static void write(OutputStream out, int code, CharSequence headerLines, byte[] body) throws IOException {
        String head = "HTTP/1.1 " + code + " " + reason(code) + "\r\nDate: " + HttpDates.now() + "\r\n"
                + headerLines + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] answer = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, answer, 0, headBytes.length);
        System.arraycopy(body, 0, answer, headBytes.length, body.length);
        out.write(answer);
        out.flush();
    }

    private static String reason(int code) {
        return switch (code) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status " + code;
        };
    }

    /** The answer's body, held until complete so that head and body go out together. */
    private final class AnswerBody extends OutputStream {
        private final long declared;
        private final boolean bodyAllowed;
        private final ByteArrayOutputStream held;
        private boolean done;

        AnswerBody(long declared, boolean bodyAllowed) {
            this.declared = declared;
            this.bodyAllowed = bodyAllowed;
            this.held = new ByteArrayOutputStream(declared > 0 && declared < 1 << 20 ? (int) declared : 512);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (done) {
                throw new IOException("response body already complete");
            }
            if (!bodyAllowed) {
                if (length > 0) {
                    throw new IOException("this response has no body");
                }
                return;
            }
            if (declared > 0 && held.size() + (long) length > declared) {
                connectionUsable = false;
                throw new IOException("too many bytes for the declared length " + declared);
            }
            held.write(bytes, offset, length);
            if (declared > 0 && held.size() == declared) {
                finish();
            }
        }

        @Override
        public void close() throws IOException {
            if (done || !bodyAllowed) {
                done = true;
                return;
            }
            if (declared > 0 && held.size() < declared) {
                done = true;
                connectionUsable = false;
                throw new IOException("only " + held.size() + " of the declared " + declared + " bytes written");
            }
            finish();
        }

        private void finish() throws IOException {
            done = true;
            byte[] body = held.toByteArray();
            writeAnswer(body, body.length, true);
        }
    }

    /** RFC 9110's HTTP date for the Date header, made at most once a second. */
    static final class HttpDates {
        private record Stamp(long second, String text) {
        }

        private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
                .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
                .withZone(ZoneOffset.UTC);
        private static volatile Stamp latest = new Stamp(-1, "");

        private HttpDates() {
        }

        static String now() {
            long second = System.currentTimeMillis() / 1000;
            Stamp stamp = latest;
            if (stamp.second() != second) {
                stamp = new Stamp(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
                latest = stamp;
            }
            return stamp.text();
        }
    }
}
