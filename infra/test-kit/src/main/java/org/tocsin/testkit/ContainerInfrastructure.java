package org.tocsin.testkit;

import java.util.List;
import java.util.concurrent.CompletionException;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka, PostgreSQL and Redis in Docker containers (Testcontainers), for machines with a Docker engine.
 * Same role, password and database as {@link EmbeddedInfrastructure}; the images match the embedded
 * versions (Kafka 4.2, PostgreSQL 17, Redis 6.2).
 */
public final class ContainerInfrastructure implements Infrastructure {

    static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.2.1");
    static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:17-alpine");
    static final DockerImageName REDIS_IMAGE = DockerImageName.parse("redis:6.2-alpine");

    private static final int REDIS_PORT = 6379;

    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgres;
    private final GenericContainer<?> redis;
    private final PostgresDatabases databases;

    private ContainerInfrastructure(KafkaContainer kafka, PostgreSQLContainer postgres, GenericContainer<?> redis) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.redis = redis;
        // the image's POSTGRES_USER is a superuser, so the application's role can create databases itself
        this.databases = new PostgresDatabases(postgresJdbcUrl("postgres"), postgres.getUsername(),
                postgres.getPassword());
    }

    /**
     * Starts the three containers in parallel (pulling images on first use).
     *
     * @throws IllegalStateException if one does not start; the others are stopped again
     */
    @SuppressWarnings("resource") // each container is stopped by close() or on failure below
    public static ContainerInfrastructure start() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_NUM_PARTITIONS", Integer.toString(EmbeddedKafka.DEFAULT_PARTITIONS))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "4")
                .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1");
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName(EmbeddedPostgresServer.DATABASE)
                .withUsername(EmbeddedPostgresServer.USER)
                .withPassword(EmbeddedPostgresServer.PASSWORD)
                .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300");
        GenericContainer<?> redis = new GenericContainer<>(REDIS_IMAGE)
                .withExposedPorts(REDIS_PORT)
                .withCommand("redis-server", "--save", "", "--appendonly", "no")
                .waitingFor(Wait.forListeningPort());
        List<Startable> containers = List.of(kafka, postgres, redis);
        try {
            Startables.deepStart(containers).join();
            return new ContainerInfrastructure(kafka, postgres, redis);
        } catch (CompletionException | IllegalStateException e) {
            containers.forEach(Startable::stop);
            throw new IllegalStateException("containers did not start (TOCSIN_TEST_INFRA=embedded needs no Docker): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String mode() {
        return InfrastructureMode.CONTAINERS.value();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String postgresJdbcUrl(String database) {
        PostgresDatabases.requireValidName(database);
        return "jdbc:postgresql://" + postgres.getHost() + ":"
                + postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + database;
    }

    @Override
    public String postgresUsername() {
        return postgres.getUsername();
    }

    @Override
    public String postgresPassword() {
        return postgres.getPassword();
    }

    @Override
    public synchronized String createDatabase(String database) {
        databases.createIfMissing(database, postgres.getUsername());
        return postgresJdbcUrl(database);
    }

    @Override
    public String redisHost() {
        return redis.getHost();
    }

    @Override
    public int redisPort() {
        return redis.getMappedPort(REDIS_PORT);
    }

    @Override
    public void close() {
        redis.stop();
        postgres.stop();
        kafka.stop();
    }
}
