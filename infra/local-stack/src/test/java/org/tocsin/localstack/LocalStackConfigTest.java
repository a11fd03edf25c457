package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackConfigTest {

    private static final Path ROOT = Path.of("/srv/tocsin");
    private static final Path ELSEWHERE = Path.of("/home/someone");

    private static LocalStackConfig config(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("TOCSIN_PROJECT_ROOT", ROOT.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return LocalStackConfig.fromEnvironment(env, ELSEWHERE);
    }

    @Test
    void defaultsAreTheAgreedLocalPortsAndEmbedEverything() {
        LocalStackConfig config = config();

        assertThat(config.port(ServiceApp.GATEWAY)).isEqualTo(8081);
        assertThat(config.port(ServiceApp.DISPATCH)).isEqualTo(8082);
        assertThat(config.port(ServiceApp.SUBSCRIBER)).isEqualTo(8083);
        assertThat(config.simulatorPort()).isEqualTo(8089);
        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.postgresPort()).isEqualTo(15432);
        assertThat(config.redisPort()).isEqualTo(16379);
        assertThat(config.embedsKafka()).isTrue();
        assertThat(config.embedsPostgres()).isTrue();
        assertThat(config.embedsRedis()).isTrue();
        assertThat(config.stackDir()).isEqualTo(ROOT.resolve(".tocsin"));
        assertThat(config.dataDir()).isEqualTo(ROOT.resolve(".tocsin/data"));
        assertThat(config.logDir()).isEqualTo(ROOT.resolve(".tocsin/logs"));
        assertThat(config.serviceJvmOptions()).contains("-Xmx384m", "-XX:TieredStopAtLevel=1");
        assertThat(config.twilioSenders()).containsExactly("+15005550006", "+15005550007");
        assertThat(config.kafkaPartitions()).isEqualTo(8);
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void serviceJarsDefaultToTheExecJarsOfThisBuildsVersion() {
        String version = LocalStackConfig.projectVersion();

        assertThat(version).isNotBlank().doesNotContain("@");
        assertThat(config().serviceJars().get(ServiceApp.GATEWAY))
                .isEqualTo(ROOT.resolve("gateway-service/target/gateway-service-" + version + "-exec.jar"));
        assertThat(config().serviceJars().get(ServiceApp.SUBSCRIBER))
                .isEqualTo(ROOT.resolve("subscriber-service/target/subscriber-service-" + version + "-exec.jar"));
    }

    @Test
    void aJarCanBeGivenRelativeToTheWorkingDirectory() {
        LocalStackConfig config = config("TOCSIN_DISPATCH_JAR", "build/dispatch.jar");

        assertThat(config.serviceJars().get(ServiceApp.DISPATCH)).isEqualTo(ELSEWHERE.resolve("build/dispatch.jar"));
    }

    @Test
    void everyPortCanBeChangedAndZeroMeansAnyFreePort() {
        LocalStackConfig config = config("TOCSIN_GATEWAY_PORT", "9081", "TOCSIN_DISPATCH_PORT", "0",
                "TOCSIN_SUBSCRIBER_PORT", "0", "TOCSIN_SIM_PORT", "0", "TOCSIN_KAFKA_PORT", "0",
                "TOCSIN_POSTGRES_PORT", "0", "TOCSIN_REDIS_PORT", "26379");

        assertThat(config.port(ServiceApp.GATEWAY)).isEqualTo(9081);
        assertThat(config.port(ServiceApp.DISPATCH)).isZero();
        assertThat(config.simulatorPort()).isZero();
        assertThat(config.redisPort()).isEqualTo(26379);
        assertThat(config.fixedPorts()).containsOnlyKeys("TOCSIN_GATEWAY_PORT", "TOCSIN_REDIS_PORT");
    }

    @Test
    void aBadPortIsRefusedNamingItsVariable() {
        assertThatThrownBy(() -> config("TOCSIN_SIM_PORT", "80a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TOCSIN_SIM_PORT");
        assertThatThrownBy(() -> config("TOCSIN_KAFKA_PORT", "70000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TOCSIN_KAFKA_PORT");
    }

    @Test
    void twoThingsOnOnePortAreRefused() {
        assertThatThrownBy(() -> config("TOCSIN_DISPATCH_PORT", "8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOCSIN_GATEWAY_PORT").hasMessageContaining("TOCSIN_DISPATCH_PORT");
    }

    @Test
    void anExternalComponentReplacesOnlyItsEmbeddedOne() {
        LocalStackConfig config = config("TOCSIN_KAFKA_BOOTSTRAP_SERVERS", "kafka.internal:9092",
                "TOCSIN_KAFKA_PORT", "8081"); // the unused embedded port cannot clash

        assertThat(config.embedsKafka()).isFalse();
        assertThat(config.embedsPostgres()).isTrue();
        assertThat(config.embedsRedis()).isTrue();
        assertThat(config.externalKafkaBootstrapServers()).contains("kafka.internal:9092");
        assertThat(config.fixedPorts()).doesNotContainKey("TOCSIN_KAFKA_PORT");
    }

    @Test
    void externalPostgresAndRedisAreTakenWithTheirCredentials() {
        LocalStackConfig config = config("TOCSIN_POSTGRES_URL", "postgresql://db:5432/tocsin",
                "TOCSIN_POSTGRES_USERNAME", "app", "TOCSIN_POSTGRES_PASSWORD", "secret",
                "TOCSIN_REDIS_URL", "redis://cache:6379", "TOCSIN_KAFKA_BOOTSTRAP_SERVERS", "k:9092");

        assertThat(config.externalPostgres()).contains(
                new LocalStackConfig.ExternalPostgres("jdbc:postgresql://db:5432/tocsin", "app", "secret"));
        assertThat(config.externalRedisUrl()).contains("redis://cache:6379");
        assertThat(config.embedsAnything()).isFalse();
    }

    @Test
    void externalPostgresDefaultsToTheTocsinRole() {
        LocalStackConfig config = config("TOCSIN_POSTGRES_URL", "jdbc:postgresql://db:5432/tocsin");

        assertThat(config.externalPostgres()).contains(
                new LocalStackConfig.ExternalPostgres("jdbc:postgresql://db:5432/tocsin", "tocsin", "tocsin"));
    }

    @Test
    void malformedExternalUrlsAreRefused() {
        assertThatThrownBy(() -> config("TOCSIN_POSTGRES_URL", "mysql://db/tocsin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TOCSIN_POSTGRES_URL");
        assertThatThrownBy(() -> config("TOCSIN_REDIS_URL", "cache:6379"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TOCSIN_REDIS_URL");
    }

    @Test
    void blankCountsAsUnset() {
        LocalStackConfig config = config("TOCSIN_KAFKA_BOOTSTRAP_SERVERS", "  ", "TOCSIN_GATEWAY_PORT", "");

        assertThat(config.embedsKafka()).isTrue();
        assertThat(config.port(ServiceApp.GATEWAY)).isEqualTo(8081);
    }

    @Test
    void otherSettingsAreRead() {
        LocalStackConfig config = config("TOCSIN_STACK_DIR", "scratch", "TOCSIN_SERVICE_JAVA_OPTS", " -Xmx1g  -ea ",
                "TOCSIN_TWILIO_SENDERS", "+447700900001, +447700900002", "TOCSIN_KAFKA_PARTITIONS", "12",
                "TOCSIN_STARTUP_TIMEOUT_SECONDS", "600");

        assertThat(config.stackDir()).isEqualTo(ELSEWHERE.resolve("scratch"));
        assertThat(config.serviceJvmOptions()).containsExactly("-Xmx1g", "-ea");
        assertThat(config.twilioSenders()).containsExactly("+447700900001", "+447700900002");
        assertThat(config.kafkaPartitions()).isEqualTo(12);
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> config("TOCSIN_STARTUP_TIMEOUT_SECONDS", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TOCSIN_STARTUP_TIMEOUT_SECONDS");
    }

    @Test
    void tocsinSystemPropertiesOverrideTheEnvironment() {
        Properties properties = new Properties();
        properties.setProperty("tocsin.gateway.port", "9999");
        properties.setProperty("tocsin.project-root", "/opt/tocsin");
        properties.setProperty("user.name", "ignored");

        Map<String, String> settings = LocalStackConfig.settings(
                Map.of("TOCSIN_GATEWAY_PORT", "8081", "PATH", "/bin"), properties);

        assertThat(settings).containsEntry("TOCSIN_GATEWAY_PORT", "9999")
                .containsEntry("TOCSIN_PROJECT_ROOT", "/opt/tocsin")
                .containsEntry("PATH", "/bin")
                .doesNotContainKey("USER_NAME");
    }

    @Test
    void theProjectRootIsFoundFromAnyDirectoryInsideIt(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("infra/local-stack"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.writeString(dir.resolve("infra/local-stack/pom.xml"), "<project/>");
        Path nested = Files.createDirectories(dir.resolve("gateway-service/src"));

        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of(), nested);

        assertThat(config.projectRoot()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(LocalStackConfig.findProjectRoot(dir.resolve("infra/local-stack")))
                .isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void outsideTheProjectTheRootMustBeGiven(@TempDir Path dir) {
        assertThatThrownBy(() -> LocalStackConfig.fromEnvironment(Map.of(), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TOCSIN_PROJECT_ROOT");
    }

    @Test
    void theRecordIsImmutable() {
        LocalStackConfig config = config();

        assertThatThrownBy(() -> config.servicePorts().put(ServiceApp.GATEWAY, 1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.serviceJvmOptions().add("-ea"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(List.of(ServiceApp.values())).allSatisfy(app -> assertThat(config.serviceJars()).containsKey(app));
    }
}
