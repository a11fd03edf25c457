package org.tocsin.twiliosim.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 server for the JDK's {@link HttpHandler}s in which each kept-alive connection has a
 * platform thread of its own: it reads a request, runs the handler and writes the answer's head and
 * body in one write. Why not the JDK's server: it moves every request from its selector thread to a
 * worker and the connection back, waking three threads per request (10-20 µs of CPU each on a
 * virtual machine) and writing head and body separately, and the simulator shares the benchmark's
 * two cores with what it measures (docs/benchmark-log.md, 2026-12-08). One request at a time per
 * connection, as HTTP/1.1 clients without pipelining send them; a pipelined one waits its turn.
 */
public final class ThreadPerConnectionServer extends HttpServer {

    /** A kept-alive connection with no request for this long is closed, as the JDK's server does. */
    static final int IDLE_MILLIS = 30_000;
    /** A request body left unread by its handler up to this size is skipped; a larger one closes. */
    static final long MAX_SKIPPED_BODY_BYTES = 1 << 20;

    private static final System.Logger LOG = System.getLogger(ThreadPerConnectionServer.class.getName());

    private final ServerSocket listener;
    private final List<Context> contexts = new CopyOnWriteArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    /** Requests being handled; stop() waits on it for them to end. */
    private final AtomicInteger exchangesInFlight = new AtomicInteger();
    private final AtomicInteger connectionsMade = new AtomicInteger();
    private final String threadName;
    private volatile boolean stopping;
    private Thread acceptor;

    private ThreadPerConnectionServer(ServerSocket listener, String threadName) {
        this.listener = listener;
        this.threadName = threadName;
    }

    /**
     * A server bound to {@code address} (port 0: any free port), not yet started.
     *
     * @param threadName prefix of its threads' names
     */
    public static ThreadPerConnectionServer create(InetSocketAddress address, int backlog, String threadName)
            throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(address, backlog);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new ThreadPerConnectionServer(listener, Objects.requireNonNull(threadName, "threadName"));
    }

    @Override
    public void bind(InetSocketAddress address, int backlog) throws IOException {
        throw new BindException("already bound to " + getAddress());
    }

    @Override
    public synchronized void start() {
        if (acceptor != null) {
            throw new IllegalStateException("server already started");
        }
        acceptor = Thread.ofPlatform().daemon().name(threadName + "accept").start(this::acceptConnections);
    }

    /** Not supported: every connection runs its handlers on its own thread. */
    @Override
    public void setExecutor(Executor executor) {
        throw new UnsupportedOperationException("each connection runs its requests on a thread of its own");
    }

    @Override
    public Executor getExecutor() {
        return null;
    }

    /**
     * Stops accepting (when it returns, the port refuses connections), waits up to
     * {@code delaySeconds} for requests being handled, then closes every connection.
     */
    @Override
    public void stop(int delaySeconds) {
        if (delaySeconds < 0) {
            throw new IllegalArgumentException("negative delay " + delaySeconds);
        }
        stopping = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the listener failed", e);
        }
        awaitAcceptorEnd();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(delaySeconds);
        synchronized (exchangesInFlight) {
            for (long left = deadline - System.nanoTime(); exchangesInFlight.get() > 0 && left > 0;
                    left = deadline - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(exchangesInFlight, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (Socket connection : connections) {
            closeQuietly(connection);
        }
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        Context context = (Context) createContext(path);
        context.setHandler(handler);
        return context;
    }

    @Override
    public HttpContext createContext(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a context path starts with '/': " + path);
        }
        Context context = new Context(path);
        synchronized (contexts) {
            if (contexts.stream().anyMatch(existing -> existing.path.equals(path))) {
                throw new IllegalArgumentException("context " + path + " already exists");
            }
            contexts.add(context);
        }
        return context;
    }

    @Override
    public void removeContext(String path) {
        if (!contexts.removeIf(context -> context.path.equals(path))) {
            throw new IllegalArgumentException("no context " + path);
        }
    }

    @Override
    public void removeContext(HttpContext context) {
        if (!contexts.remove(context)) {
            throw new IllegalArgumentException("not this server's context: " + context.getPath());
        }
    }

    @Override
    public InetSocketAddress getAddress() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void acceptConnections() {
        while (!stopping) {
            Socket connection;
            try {
                connection = listener.accept();
            } catch (IOException e) {
                if (!stopping) {
                    LOG.log(System.Logger.Level.WARNING, "accepting a connection failed", e);
                    pauseAfterFailedAccept(); // e.g. out of file descriptors: do not spin
                }
                continue;
            }
            connections.add(connection);
            if (stopping) {
                closeQuietly(connection);
                connections.remove(connection);
                return;
            }
            Thread.ofPlatform().daemon().name(threadName + connectionsMade.incrementAndGet())
                    .start(() -> serve(connection));
        }
    }

    /**
     * Until the accepting thread has left {@code accept}: a socket closed while a thread is blocked
     * in it keeps listening until that thread is woken, so a connection could still be accepted.
     */
    private void awaitAcceptorEnd() {
        Thread accepting;
        synchronized (this) {
            accepting = acceptor;
        }
        if (accepting == null || accepting == Thread.currentThread()) {
            return;
        }
        try {
            accepting.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pauseAfterFailedAccept() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            connection.setSoTimeout(IDLE_MILLIS);
            RequestReader reader = new RequestReader(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            InetSocketAddress local = (InetSocketAddress) connection.getLocalSocketAddress();
            InetSocketAddress remote = (InetSocketAddress) connection.getRemoteSocketAddress();
            boolean keepGoing = true;
            while (keepGoing && !stopping) {
                keepGoing = serveOne(reader, out, local, remote);
            }
        } catch (SocketTimeoutException | SocketException e) {
            // idle past IDLE_MILLIS, or closed by the client or by stop()
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "connection ended", e);
        } finally {
            connections.remove(connection);
        }
    }

    /** One request and its answer; whether the connection may carry another. */
    private boolean serveOne(RequestReader reader, OutputStream out, InetSocketAddress local,
            InetSocketAddress remote) throws IOException {
        RequestReader.Head head;
        RequestReader.Body body;
        try {
            head = reader.readHead();
            if (head == null) {
                return false;
            }
            body = body(reader, head);
        } catch (RequestReader.MalformedRequestException e) {
            writePlain(out, 400, e.getMessage(), true);
            return false;
        }
        boolean clientKeepsAlive = keepsAlive(head);
        if ("100-continue".equalsIgnoreCase(head.headers().getFirst("Expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        Context context = contextFor(head.uri().getPath());
        if (context == null) {
            // the JDK's server's answer to a path no context serves
            writePlain(out, 404, "No context found for request", !clientKeepsAlive);
            return clientKeepsAlive && body.discardRest(MAX_SKIPPED_BODY_BYTES);
        }
        ServerExchange exchange = new ServerExchange(head, body, context, local, remote, out, clientKeepsAlive);
        exchangesInFlight.incrementAndGet();
        try {
            List<Filter> filters = context.getFilters();
            if (filters.isEmpty()) {
                context.handler().handle(exchange);
            } else {
                new Filter.Chain(filters, context.handler()).doFilter(exchange);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "handler for " + context.path + " failed", e);
            if (exchange.getResponseCode() < 0) {
                writePlain(out, 500, "Internal Server Error", true);
            }
            return false;
        } finally {
            if (exchangesInFlight.decrementAndGet() == 0 && stopping) {
                synchronized (exchangesInFlight) {
                    exchangesInFlight.notifyAll();
                }
            }
            exchange.close();
        }
        return exchange.connectionUsable() && body.discardRest(MAX_SKIPPED_BODY_BYTES);
    }

    private static RequestReader.Body body(RequestReader reader, RequestReader.Head head)
            throws RequestReader.MalformedRequestException {
        String transferEncoding = head.headers().getFirst("Transfer-Encoding");
        if (transferEncoding != null) {
            if (!transferEncoding.strip().equalsIgnoreCase("chunked")) {
                throw new RequestReader.MalformedRequestException("unsupported Transfer-Encoding " + transferEncoding);
            }
            return reader.chunkedBody();
        }
        List<String> lengths = head.headers().get("Content-Length");
        if (lengths == null || lengths.isEmpty()) {
            return reader.fixedLengthBody(0);
        }
        long length;
        try {
            length = Long.parseLong(lengths.getFirst().strip());
        } catch (NumberFormatException e) {
            throw new RequestReader.MalformedRequestException("bad Content-Length " + lengths.getFirst());
        }
        if (length < 0 || lengths.stream().anyMatch(other -> !other.strip().equals(lengths.getFirst().strip()))) {
            throw new RequestReader.MalformedRequestException("bad Content-Length " + lengths);
        }
        return reader.fixedLengthBody(length);
    }

    private static boolean keepsAlive(RequestReader.Head head) {
        String connection = head.headers().getFirst("Connection");
        if (connection != null) {
            for (String option : connection.split(",")) {
                if (option.strip().equalsIgnoreCase("close")) {
                    return false;
                }
            }
        }
        return head.protocol().equals("HTTP/1.1");
    }

    private Context contextFor(String path) {
        if (path == null) {
            return null;
        }
        Context best = null;
        for (Context context : contexts) {
            if (path.startsWith(context.path) && context.handler() != null
                    && (best == null || context.path.length() > best.path.length())) {
                best = context;
            }
        }
        return best;
    }

    /** The server's own answer, outside any handler; {@code closing} when the connection ends after it. */
    private static void writePlain(OutputStream out, int code, String message, boolean closing) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        ServerExchange.write(out, code, "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
                + "\r\n" + (closing ? "Connection: close\r\n" : ""), body);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** A path prefix and its handler. */
    private final class Context extends HttpContext {
        private final String path;
        private final Map<String, Object> attributes = new HashMap<>();
        private final List<Filter> filters = new CopyOnWriteArrayList<>();
        private volatile HttpHandler handler;

        Context(String path) {
            this.path = path;
        }

        HttpHandler handler() {
            return handler;
        }

        @Override
        public HttpHandler getHandler() {
            return handler;
        }

        @Override
        public void setHandler(HttpHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        @Override
        public String getPath() {
            return path;
        }

        @Override
        public HttpServer getServer() {
            return ThreadPerConnectionServer.this;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public List<Filter> getFilters() {
            return filters;
        }

        /** Not supported: the simulator's handlers check credentials themselves. */
        @Override
        public Authenticator setAuthenticator(Authenticator authenticator) {
            throw new UnsupportedOperationException("this server calls no authenticator; check in the handler");
        }

        @Override
        public Authenticator getAuthenticator() {
            return null;
        }
    }
}
