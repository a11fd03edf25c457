package org.tocsin.localstack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Writes a ready stack's endpoints as a properties file, for scripts and black-box tests that ran it on
 * free ports. Written atomically (a reader never sees half of it).
 */
final class EndpointsFile {

    private EndpointsFile() {
    }

    static Properties properties(StackEndpoints endpoints, long launcherPid) {
        Properties properties = new Properties();
        properties.setProperty("launcher.pid", String.valueOf(launcherPid));
        for (ServiceApp app : ServiceApp.values()) {
            properties.setProperty(app.module() + ".url", endpoints.serviceBaseUrl(app));
        }
        properties.setProperty("simulator.url", endpoints.simulatorBaseUrl());
        properties.setProperty("kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        properties.setProperty("postgres.url", endpoints.postgresJdbcUrl());
        properties.setProperty("postgres.username", endpoints.postgresUsername());
        properties.setProperty("redis.url", endpoints.redisUrl());
        return properties;
    }

    static void write(Path file, Properties properties) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(writer, "Tocsin local stack endpoints; removed when the stack stops");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
