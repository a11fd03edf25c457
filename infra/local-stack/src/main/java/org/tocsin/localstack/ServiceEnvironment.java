package org.tocsin.localstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables the launcher sets for a service's child process: only what that service uses.
 * They are laid over the launcher's own environment, so e.g. {@code LOGGING_LEVEL_ORG_TOCSIN=DEBUG} reaches
 * every service.
 */
final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    static Map<String, String> forService(ServiceApp app, StackEndpoints endpoints, List<String> twilioSenders,
            long parentPid) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(endpoints.servicePorts().get(app)));
        env.put("SPRING_PROFILES_ACTIVE", "demo");
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers());
        if (app.usesPostgres()) {
            env.put("SPRING_DATASOURCE_URL", endpoints.postgresJdbcUrl());
            env.put("SPRING_DATASOURCE_USERNAME", endpoints.postgresUsername());
            env.put("SPRING_DATASOURCE_PASSWORD", endpoints.postgresPassword());
        }
        if (app.usesRedis()) {
            env.put("TOCSIN_REDIS_URL", endpoints.redisUrl());
        }
        if (app.usesTwilio()) {
            env.put("TOCSIN_TWILIO_ACCOUNT_SID", LocalTwilio.ACCOUNT_SID);
            env.put("TOCSIN_TWILIO_AUTH_TOKEN", LocalTwilio.AUTH_TOKEN);
            env.put("TOCSIN_TWILIO_API_BASE_URL", endpoints.simulatorBaseUrl());
            env.put("TOCSIN_TWILIO_PUBLIC_BASE_URL", endpoints.serviceBaseUrl(ServiceApp.GATEWAY));
            env.put("TOCSIN_TWILIO_SENDERS", String.join(",", twilioSenders));
        }
        // the service exits by itself if the launcher is killed without a chance to stop it
        env.put("TOCSIN_PARENT_PID", String.valueOf(parentPid));
        return env;
    }
}
