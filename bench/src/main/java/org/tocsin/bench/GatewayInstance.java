package org.tocsin.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.tocsin.gateway.GatewayApplication;
import org.tocsin.testkit.Infrastructure;
import org.tocsin.twiliosim.TwilioSimulator;

/**
 * A gateway running in this JVM as its own Spring context, configured the way the local stack
 * configures the child process. In-process because W4 needs two instances and every context
 * start on this machine costs seconds; the code under test is the same.
 */
final class GatewayInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private GatewayInstance(ConfigurableApplicationContext context, int port) {
        this.context = context;
        this.port = port;
    }

    /**
     * Starts a gateway and waits until each of its lane consumers owns partitions: its consumers
     * start at the end of the topics ({@code latest}), so records produced afterwards are its own
     * and records of earlier workloads are never re-sent.
     */
    static GatewayInstance start(Infrastructure infra, TwilioSimulator simulator, String redisPrefix,
                                 String consumerGroup, List<String> senders, Map<String, String> overrides) {
        int port = freePort();
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", port);
        props.put("spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers());
        props.put("spring.kafka.consumer.auto-offset-reset", "latest");
        props.put("tocsin.redis.url", "redis://" + infra.redisHost() + ":" + infra.redisPort());
        props.put("tocsin.redis.key-prefix", redisPrefix);
        props.put("tocsin.twilio.account-sid", simulator.config().accountSid());
        props.put("tocsin.twilio.auth-token", simulator.config().authToken());
        props.put("tocsin.twilio.api-base-url", simulator.baseUrl());
        props.put("tocsin.twilio.public-base-url", "http://127.0.0.1:" + port);
        props.put("tocsin.twilio.senders", String.join(",", senders));
        props.put("tocsin.gateway.consumer-group", consumerGroup);
        props.put("tocsin.security.replicate-users", "false");
        props.put("logging.level.root", "WARN");
        props.put("logging.level.org.tocsin", "WARN");
        props.put("spring.main.banner-mode", "off");
        props.putAll(overrides);
        props.putAll(TriedSettings.of("gateway"));
        // as command-line arguments: they outrank the service's application.yml (default properties do not)
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class).run(args);
        GatewayInstance gateway = new GatewayInstance(context, port);
        gateway.awaitAssigned(Duration.ofSeconds(60));
        return gateway;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** One of its configuration properties, e.g. {@code tocsin.redis.key-prefix}. */
    String property(String name) {
        return context.getEnvironment().getRequiredProperty(name);
    }

    /** Mean and count of this gateway's provider calls that sent ({@code tocsin.gateway.provider.calls}). */
    Timer providerCallsSent() {
        return context.getBean(MeterRegistry.class).find("tocsin.gateway.provider.calls")
                .tag("outcome", "sent").timer();
    }

    /** The urgent lane's consumers stop fetching (keeping their partitions); returns once they have. */
    void pauseUrgentLane() {
        MessageListenerContainer lane = context.getBean("urgentLane", MessageListenerContainer.class);
        lane.pause();
        Poll.until("urgent lane paused", Duration.ofSeconds(30), lane::isContainerPaused);
    }

    void resumeUrgentLane() {
        context.getBean("urgentLane", MessageListenerContainer.class).resume();
    }

    /** Every lane consumer of every instance in {@code gateways} owns at least one partition. */
    static void awaitAllAssigned(List<GatewayInstance> gateways, Duration timeout) {
        Poll.until("gateway lane consumers assigned", timeout, () -> gateways.stream().allMatch(GatewayInstance::assigned));
    }

    private void awaitAssigned(Duration timeout) {
        Poll.until("gateway lane consumers assigned", timeout, this::assigned);
    }

    private boolean assigned() {
        var containers = context.getBeansOfType(MessageListenerContainer.class).values();
        return containers.stream().allMatch(c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
