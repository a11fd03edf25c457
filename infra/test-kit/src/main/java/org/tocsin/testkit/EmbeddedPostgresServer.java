package org.tocsin.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server from zonky's embedded binaries, run by pg_ctl as a separate process, with the
 * application's role and database. Its data directory is wiped on start and on close.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String USER = "tocsin";
    static final String PASSWORD = "tocsin";
    static final String DATABASE = "tocsin";

    private static final String SUPERUSER = "postgres";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final EmbeddedPostgres postgres;
    private final Optional<ProcessHandle> postmaster;
    private final PostgresDatabases databases;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Optional<ProcessHandle> postmaster) {
        this.postgres = postgres;
        this.postmaster = postmaster;
        this.databases = new PostgresDatabases(jdbcUrl("postgres"), SUPERUSER, "");
    }

    static EmbeddedPostgresServer start(int requestedPort, Path dataDirectory) throws IOException {
        LogNoise.quietEmbeddedServers();
        clearDataDirectory(dataDirectory);
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(requestedPort)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | RuntimeException e) {
            // a server that came up too late for zonky would otherwise outlive this JVM
            postmasterOf(dataDirectory).ifPresent(EmbeddedPostgresServer::stop);
            throw e;
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, postmasterOf(dataDirectory));
        try {
            server.createApplicationRoleAndDatabase();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A data directory left by a killed run is wiped, unless its server still runs. */
    private static void clearDataDirectory(Path dataDirectory) throws IOException {
        if (!Files.exists(dataDirectory)) {
            return;
        }
        Optional<ProcessHandle> running = postmasterOf(dataDirectory).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().orElse("postgres").contains("postgres"));
        if (running.isPresent()) {
            throw new IllegalStateException("PostgreSQL (pid " + running.get().pid() + ") still runs on "
                    + dataDirectory + "; stop it first");
        }
        try (Stream<Path> paths = Files.walk(dataDirectory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The postmaster's pid is the first line of postmaster.pid while the server runs. */
    static Optional<ProcessHandle> postmasterOf(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.getFirst().trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void createApplicationRoleAndDatabase() {
        try (Connection connection = databases.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN "
                    + "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + USER + "') THEN "
                    + "CREATE ROLE " + USER + " LOGIN CREATEDB PASSWORD '" + PASSWORD + "'; "
                    + "END IF; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create role " + USER, e);
        }
        databases.createIfMissing(DATABASE, USER);
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    synchronized String createDatabase(String database) {
        databases.createIfMissing(database, USER);
        return jdbcUrl(database);
    }

    /** pg_ctl detaches the server from this JVM, so it is not a child process: make sure it is gone. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL on port " + port(), e);
        } finally {
            postmaster.ifPresent(EmbeddedPostgresServer::stop);
        }
    }

    /** Normally a no-op: pg_ctl has stopped it already. */
    private static void stop(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
