package org.tocsin.platform.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Tocsin's topics are created when missing. Partitions bound how far a consumer group can
 * scale out, so production deployments want more than the local default.
 *
 * @param partitions        partitions per topic
 * @param replicationFactor replicas per partition (1 for a single local broker)
 */
@ConfigurationProperties("tocsin.kafka.topics")
public record KafkaTopicsProperties(@DefaultValue(KafkaTopicsProperties.DEFAULT_PARTITIONS) int partitions,
                                    @DefaultValue("1") short replicationFactor) {

    /** Partitions per topic unless configured; tests that create topics themselves use it too. */
    public static final String DEFAULT_PARTITIONS = "8";
}
