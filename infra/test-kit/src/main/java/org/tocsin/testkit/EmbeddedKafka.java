package org.tocsin.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

import kafka.server.BrokerServer;
import org.apache.kafka.common.network.ListenerName;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-process KRaft broker (combined broker and controller) tuned for a single node: internal topics
 * with replication factor 1, so consumer groups and transactions work, and no rebalance delay.
 */
final class EmbeddedKafka implements AutoCloseable {

    /**
     * Partitions of a topic the broker creates by itself: the services' default
     * ({@code KafkaTopicsProperties.DEFAULT_PARTITIONS}), or a service declaring its topics later
     * adds partitions that consumers assigned before never read.
     */
    static final int DEFAULT_PARTITIONS = 8;

    /**
     * The test kit pre-binds its own listeners on random ports and ignores {@code kafkaPorts(..)}, so clients
     * get a listener of ours, on the requested port (0 = any), bound to loopback.
     */
    private static final String CLIENT_LISTENER = "CLIENT";

    /** System properties with this prefix set the broker property named by the rest (for experiments). */
    static final String OVERRIDE_PREFIX = "tocsin.embedded-kafka.broker.";

    private final EmbeddedKafkaKraftBroker broker;
    private final int port;

    private EmbeddedKafka(EmbeddedKafkaKraftBroker broker, int port) {
        this.broker = broker;
        this.port = port;
    }

    static EmbeddedKafka start(int requestedPort) {
        LogNoise.quietEmbeddedServers();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, DEFAULT_PARTITIONS);
        // it publishes its address as a system property; keep it away from spring.kafka.bootstrap-servers
        broker.brokerListProperty("tocsin.embedded.kafka.brokers");
        broker.brokerProperties(brokerProperties(requestedPort));
        broker.afterPropertiesSet();
        try {
            BrokerServer server = broker.getCluster().brokers().values().iterator().next();
            return new EmbeddedKafka(broker, server.boundPort(ListenerName.normalised(CLIENT_LISTENER)));
        } catch (RuntimeException e) {
            broker.destroy();
            throw e;
        }
    }

    static Map<String, String> brokerProperties(int port) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,"
                + CLIENT_LISTENER + "://127.0.0.1:" + port);
        properties.put("listener.security.protocol.map",
                "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + CLIENT_LISTENER + ":PLAINTEXT");
        properties.put("auto.create.topics.enable", "true");
        properties.put("num.partitions", Integer.toString(DEFAULT_PARTITIONS));
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "4");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "4");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(OVERRIDE_PREFIX) && name.length() > OVERRIDE_PREFIX.length()) {
                properties.put(name.substring(OVERRIDE_PREFIX.length()), System.getProperty(name));
            }
        }
        return properties;
    }

    int port() {
        return port;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
