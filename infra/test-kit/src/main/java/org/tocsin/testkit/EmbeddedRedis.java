package org.tocsin.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/** A redis-server child process (6.2, bundled by embedded-redis) on loopback, without persistence. */
final class EmbeddedRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

    /** Redis cannot pick its own port (0 turns TCP off), so a free one is looked up; another process may take it first. */
    private static final int ATTEMPTS_ON_ANY_PORT = 3;

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedRedis start(int requestedPort) throws IOException {
        int attempts = requestedPort == 0 ? ATTEMPTS_ON_ANY_PORT : 1;
        IOException failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int port = requestedPort == 0 ? freeLoopbackPort() : requestedPort;
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .soutListener(line -> LOG.debug("redis-server: {}", line))
                    .serrListener(line -> LOG.debug("redis-server: {}", line))
                    .build();
            try {
                server.start();
                return new EmbeddedRedis(server, port);
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException io ? io : new IOException(e);
                stopQuietly(server);
            }
        }
        throw new IOException("could not start redis-server on port " + requestedPort, failure);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void stopQuietly(RedisServer server) {
        try {
            server.stop();
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not stop a redis-server that failed to start", e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop redis-server on port " + port, e);
        }
    }
}
