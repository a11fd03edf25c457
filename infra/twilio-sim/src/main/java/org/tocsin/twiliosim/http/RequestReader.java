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
    /** Bytes the lines being read may still take: a request head, or a chunk's size line and trailers. */
    private int lineBudget;
    /** Where a body's unread rest is read to and dropped; made once per connection, when first needed. */
    private byte[] discarded;

    RequestReader(InputStream socket) {
        this.socket = socket;
    }

    /**
     * The next request's head, or null when the client closed the connection between requests.
     *
     * @throws MalformedRequestException when it is not an HTTP/1.x request
     */
    Head readHead() throws IOException {
        lineBudget = MAX_HEAD_BYTES;
        String requestLine;
        do {
            requestLine = readLine(true);
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
        for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new MalformedRequestException("bad header line: " + printable(line));
            }
            headers.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return new Head(method, uri, protocol, headers);
    }

    /** A stream of the next {@code length} bytes. */
    Body fixedLengthBody(long length) {
        return new FixedLengthBody(length);
    }

    /** A stream that decodes a chunked body (RFC 9112 7.1), trailers skipped. */
    Body chunkedBody() {
        return new ChunkedBody();
    }

    /**
     * One line without its CRLF (or bare LF), ISO-8859-1, counted against {@link #lineBudget}; null
     * when the stream ends before it starts and {@code endAllowed}.
     */
    private String readLine(boolean endAllowed) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill()) {
                if (endAllowed && line.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            lineBudget -= position - start + 1;
            if (lineBudget < 0) {
                throw new MalformedRequestException("request head or chunk line over " + MAX_HEAD_BYTES + " bytes");
            }
            line.append(new String(buffer, start, position - start, StandardCharsets.ISO_8859_1));
            endAllowed = false;
            if (position < limit) {
                position++; // the LF
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

    /** A request's body, read off the connection as the handler asks for it. */
    abstract class Body extends InputStream {

        @Override
        public final int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        /**
         * Reads and drops what the handler left of the body, so that the next request can be read;
         * false when more than {@code most} bytes were left (then the connection should close).
         */
        final boolean discardRest(long most) throws IOException {
            long dropped = 0;
            for (int read = read(scratch()); read >= 0; read = read(scratch())) {
                dropped += read;
                if (dropped > most) {
                    return false;
                }
            }
            return true;
        }
    }

    private byte[] scratch() {
        if (discarded == null) {
            discarded = new byte[8192];
        }
        return discarded;
    }

    private final class FixedLengthBody extends Body {
        private long remaining;

        FixedLengthBody(long length) {
            this.remaining = length;
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

    private final class ChunkedBody extends Body {
        private long chunkLeft;
        private boolean done;

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
            if (chunkLeft == 0) {
                lineBudget = MAX_HEAD_BYTES;
                if (!readLine(false).isEmpty()) {
                    throw new MalformedRequestException("chunk not followed by CRLF");
                }
            }
            return read;
        }

        private long nextChunkSize() throws IOException {
            lineBudget = MAX_HEAD_BYTES;
            String line = readLine(false);
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
                while (!readLine(false).isEmpty()) {
                    // trailer fields: none of the simulator's handlers reads them
                }
            }
            return chunkSize;
        }
    }
}
