package org.tocsin.twiliosim.http;

import com.sun.net.httpserver.Headers;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/** Reads HTTP/1.1 requests off one connection: the head, then the body as a stream of its own. */
final class RequestReader {

    /** Largest request line plus headers. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** A request line and headers, as read. */
    record Head(String method, URI uri, String protocol, Headers headers) {
    }

    /** A request the server answers 400 to, with why, and then closes the connection. */
    static final class MalformedRequestException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedRequestException(String message) {
            super(message);
        }
    }

    private final InputStream socket;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    RequestReader(InputStream socket) {
        this.socket = socket;
    }

    /**
     * The next request's head, or null when the client closed the connection between requests.
     *
     * @throws MalformedRequestException when it is not an HTTP/1.x request
     */
    Head readHead() throws IOException {
        int[] headBytes = {0};
        String requestLine;
        do {
            requestLine = readLine(headBytes, true);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty()); // RFC 9112 2.2: ignore empty lines before a request line
        int first = requestLine.indexOf(' ');
        int last = requestLine.lastIndexOf(' ');
        if (first <= 0 || last == first) {
            throw new MalformedRequestException("request line is not 'METHOD target HTTP/1.1': " + printable(requestLine));
        }
        String method = requestLine.substring(0, first);
        String target = requestLine.substring(first + 1, last);
        String protocol = requestLine.substring(last + 1);
        if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
            throw new MalformedRequestException("unsupported protocol " + printable(protocol));
        }
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new MalformedRequestException("bad request target: " + e.getMessage());
        }
        Headers headers = new Headers();
        for (String line = readLine(headBytes, false); !line.isEmpty(); line = readLine(headBytes, false)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new MalformedRequestException("bad header line: " + printable(line));
            }
            headers.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return new Head(method, uri, protocol, headers);
    }

    /** A stream of the next {@code length} bytes. */
    InputStream fixedLengthBody(long length) {
        return new FixedLengthBody(length);
    }

    /** A stream that decodes a chunked body (RFC 9112 7.1), trailers skipped. */
    InputStream chunkedBody() {
        return new ChunkedBody();
    }

    /** One line without its CRLF (or bare LF), ISO-8859-1; null at end of stream when allowed. */
    private String readLine(int[] headBytes, boolean endAllowed) throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit && !fill()) {
                if (endAllowed && line == null) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a request head");
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            headBytes[0] += length + 1;
            if (headBytes[0] > MAX_HEAD_BYTES) {
                throw new MalformedRequestException("request head over " + MAX_HEAD_BYTES + " bytes");
            }
            boolean complete = position < limit;
            String part = new String(buffer, start, length, StandardCharsets.ISO_8859_1);
            line = line == null ? new StringBuilder(part) : line.append(part);
            endAllowed = false;
            if (complete) {
                position++;
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
        }
    }

    private boolean fill() throws IOException {
        int read = socket.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private int readBuffered(byte[] into, int offset, int length) throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        int count = Math.min(length, limit - position);
        System.arraycopy(buffer, position, into, offset, count);
        position += count;
        return count;
    }

    private static String printable(String text) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private final class FixedLengthBody extends InputStream {
        private long remaining;

        FixedLengthBody(long length) {
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int read = readBuffered(into, offset, (int) Math.min(length, remaining));
            if (read < 0) {
                throw new EOFException("connection closed with " + remaining + " bytes of the body unread");
            }
            remaining -= read;
            return read;
        }

        @Override
        public int available() {
            return (int) Math.min(remaining, limit - position);
        }
    }

    private final class ChunkedBody extends InputStream {
        private long chunkLeft;
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            if (chunkLeft == 0) {
                chunkLeft = nextChunkSize();
                if (chunkLeft == 0) {
                    done = true;
                    return -1;
                }
            }
            int read = readBuffered(into, offset, (int) Math.min(length, chunkLeft));
            if (read < 0) {
                throw new EOFException("connection closed in the middle of a chunk");
            }
            chunkLeft -= read;
            if (chunkLeft == 0 && !readLine(new int[1], false).isEmpty()) {
                throw new MalformedRequestException("chunk not followed by CRLF");
            }
            return read;
        }

        private long nextChunkSize() throws IOException {
            int[] lineBytes = {0};
            String line = readLine(lineBytes, false);
            int extension = line.indexOf(';');
            String size = (extension < 0 ? line : line.substring(0, extension)).strip();
            long chunkSize;
            try {
                chunkSize = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                throw new MalformedRequestException("bad chunk size: " + printable(line));
            }
            if (chunkSize < 0) {
                throw new MalformedRequestException("bad chunk size: " + printable(line));
            }
            if (chunkSize == 0) {
                while (!readLine(lineBytes, false).isEmpty()) {
                    // trailer fields: none of the simulator's handlers reads them
                }
            }
            return chunkSize;
        }
    }
}
