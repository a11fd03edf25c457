package org.tocsin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaPropertiesTest {

    private static final String IO_THREADS = EmbeddedKafka.OVERRIDE_PREFIX + "num.io.threads";
    private static final String PARTITIONS = EmbeddedKafka.OVERRIDE_PREFIX + "num.partitions";

    @AfterEach
    void clear() {
        System.clearProperty(IO_THREADS);
        System.clearProperty(PARTITIONS);
        System.clearProperty(EmbeddedKafka.OVERRIDE_PREFIX);
    }

    @Test
    void aPrefixedSystemPropertyAddsOrReplacesABrokerProperty() {
        System.setProperty(IO_THREADS, "2");
        System.setProperty(PARTITIONS, "3");

        var properties = EmbeddedKafka.brokerProperties(0);

        assertThat(properties).containsEntry("num.io.threads", "2").containsEntry("num.partitions", "3");
        assertThat(properties).containsEntry("offsets.topic.replication.factor", "1");
    }

    @Test
    void withoutOverridesTheSingleNodeDefaultsStand() {
        System.setProperty(EmbeddedKafka.OVERRIDE_PREFIX, "ignored: no property name");

        var properties = EmbeddedKafka.brokerProperties(0);

        assertThat(properties).doesNotContainKey("num.io.threads").doesNotContainKey("")
                .containsEntry("num.partitions", Integer.toString(EmbeddedKafka.DEFAULT_PARTITIONS));
    }
}
