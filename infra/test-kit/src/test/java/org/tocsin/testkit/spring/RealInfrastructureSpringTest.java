package org.tocsin.testkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.tocsin.testkit.TestInfrastructure;
import redis.clients.jedis.Jedis;

@SpringJUnitConfig(RealInfrastructureSpringTest.EmptyConfiguration.class)
@RealInfrastructure
@TestPropertySource(properties = {
        "tocsin.redis.key-prefix=set-by-the-test:",
        "spring.kafka.bootstrap-servers=nowhere:9092"})
class RealInfrastructureSpringTest {

    @Configuration
    static class EmptyConfiguration {
    }

    @Autowired
    Environment environment;

    @Autowired
    ApplicationContext context;

    @Test
    void datasourcePropertiesOpenAFreshDatabaseNamedForThisContext() throws SQLException {
        String contextId = environment.getRequiredProperty("tocsin.test-infra.context-id");
        assertThat(contextId).startsWith("realinfrastructurespringtest_");

        try (Connection connection = DriverManager.getConnection(environment.getRequiredProperty("spring.datasource.url"),
                environment.getRequiredProperty("spring.datasource.username"),
                environment.getRequiredProperty("spring.datasource.password"))) {
            assertThat(single(connection, "SELECT current_database()")).isEqualTo(contextId);
            assertThat(single(connection, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void redisUrlAnswersAndTheKeyPrefixBelongsToThisContext() {
        URI redisUrl = URI.create(environment.getRequiredProperty("tocsin.redis.url"));
        assertThat(redisUrl.getScheme()).isEqualTo("redis");

        try (Jedis jedis = new Jedis(redisUrl)) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
        // the test kit's values win over the test's own properties
        assertThat(environment.getProperty("tocsin.redis.key-prefix"))
                .isEqualTo(environment.getProperty("tocsin.test-infra.context-id") + ":");
    }

    @Test
    void kafkaBootstrapServersReachTheBroker() throws Exception {
        String bootstrapServers = environment.getRequiredProperty("spring.kafka.bootstrap-servers");
        assertThat(bootstrapServers).isEqualTo(TestInfrastructure.shared().kafkaBootstrapServers());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void modeIsTheSharedInfrastructures() {
        assertThat(environment.getProperty("tocsin.test-infra.mode")).isEqualTo(TestInfrastructure.shared().mode());
    }

    @Nested
    class InANestedClass {

        @Autowired
        ApplicationContext nestedContext;

        @Test
        void theEnclosingClassContextAndDatabaseAreReused() {
            assertThat(nestedContext).isSameAs(context);
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
