package org.tocsin.testkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collection;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/** What a service's Kafka listeners read, checked against what the contracts say. */
public final class KafkaListenerChecks {

    private KafkaListenerChecks() {
    }

    /** The service's listeners, together, subscribe to exactly {@code topics} (e.g. {@code Topics.READ_BY_DISPATCH}). */
    public static void assertListenersReadExactly(KafkaListenerEndpointRegistry listeners, Collection<String> topics) {
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            assertThat(container.getContainerProperties().getTopics())
                    .as("%s subscribes by topic name (not by pattern or partitions)", container.getListenerId())
                    .isNotNull();
        }
        assertThat(listeners.getListenerContainers().stream()
                .flatMap(container -> Arrays.stream(container.getContainerProperties().getTopics()))
                .distinct())
                .containsExactlyInAnyOrderElementsOf(topics);
    }
}
