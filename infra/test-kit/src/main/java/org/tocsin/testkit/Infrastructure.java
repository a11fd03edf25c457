package org.tocsin.testkit;

/**
 * Real Kafka, PostgreSQL and Redis, however they were started (in-process and embedded binaries,
 * or Testcontainers where a Docker engine exists). Tests and the local stack see only this.
 */
public interface Infrastructure extends AutoCloseable {

    /** How it was started: {@code embedded} or {@code containers}. */
    String mode();

    /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:19092}. */
    String kafkaBootstrapServers();

    /** JDBC URL of a database on the PostgreSQL server, e.g. {@code jdbc:postgresql://127.0.0.1:15432/tocsin}. */
    String postgresJdbcUrl(String database);

    String postgresUsername();

    String postgresPassword();

    /** Creates a fresh, empty database (idempotent) and returns its JDBC URL: one per test context keeps tests apart. */
    String createDatabase(String database);

    String redisHost();

    int redisPort();

    /** Stops everything it started. */
    @Override
    void close();
}
