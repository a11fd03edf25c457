package org.tocsin.localstack;

import java.util.Map;

/**
 * Where everything listens once started: what the services are told, what the banner and the
 * endpoints file show.
 */
record StackEndpoints(
        String kafkaBootstrapServers,
        String postgresJdbcUrl,
        String postgresUsername,
        String postgresPassword,
        String redisUrl,
        String simulatorBaseUrl,
        Map<ServiceApp, Integer> servicePorts) {

    StackEndpoints {
        servicePorts = Map.copyOf(servicePorts);
    }

    StackEndpoints withServicePorts(Map<ServiceApp, Integer> ports) {
        return new StackEndpoints(kafkaBootstrapServers, postgresJdbcUrl, postgresUsername, postgresPassword,
                redisUrl, simulatorBaseUrl, ports);
    }

    StackEndpoints withSimulatorBaseUrl(String url) {
        return new StackEndpoints(kafkaBootstrapServers, postgresJdbcUrl, postgresUsername, postgresPassword,
                redisUrl, url, servicePorts);
    }

    String serviceBaseUrl(ServiceApp app) {
        return "http://127.0.0.1:" + servicePorts.get(app);
    }

    /** The URL the simulator posts a supporter's text to, and the gateway signs against. */
    String inboundWebhookUrl() {
        return serviceBaseUrl(ServiceApp.GATEWAY) + "/webhooks/twilio/inbound";
    }
}
