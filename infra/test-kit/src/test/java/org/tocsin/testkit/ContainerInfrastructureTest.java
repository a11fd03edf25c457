package org.tocsin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Runs the containers only where a Docker engine answers; elsewhere proves that the failure is clean. */
class ContainerInfrastructureTest {

    @Test
    void startsKafkaPostgresAndRedisContainersWhereDockerRuns() throws Exception {
        assumeTrue(DockerProbe.dockerAvailable(), "no Docker engine on this machine");

        try (ContainerInfrastructure infrastructure = ContainerInfrastructure.start()) {
            assertThat(infrastructure.mode()).isEqualTo("containers");
            String url = infrastructure.createDatabase(TestInfrastructure.uniqueName("kit_containers"));
            try (Connection connection = DriverManager.getConnection(url, infrastructure.postgresUsername(),
                    infrastructure.postgresPassword())) {
                assertThat(connection.isValid(5)).isTrue();
            }
            try (Jedis jedis = new Jedis(infrastructure.redisHost(), infrastructure.redisPort())) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    infrastructure.kafkaBootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).hasSize(1);
            }
        }
    }

    @Test
    void withoutDockerStartingFailsWithAClearError() {
        assumeFalse(DockerProbe.dockerAvailable(), "a Docker engine answers here");

        assertThatIllegalStateException().isThrownBy(ContainerInfrastructure::start)
                .withMessageStartingWith("containers did not start");
    }
}
