package org.tocsin.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.tocsin.contracts.Topics;

class KafkaTopicsTest {

    @Test
    void theConsentTopicIsCompactedAndTheOthersAreNot() {
        NewTopic consent = KafkaTopics.newTopic(Topics.CONSENT, 4);
        NewTopic inbound = KafkaTopics.newTopic(Topics.INBOUND, 4);

        assertThat(consent.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(inbound.configs()).isNullOrEmpty();
        assertThat(inbound.numPartitions()).isEqualTo(4);
        assertThat(inbound.replicationFactor()).as("the broker's default").isEqualTo((short) -1);
    }
}
