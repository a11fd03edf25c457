package org.tocsin.subscriber.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.MessageStatusChanged;
import org.tocsin.contracts.Topics;

/**
 * Learns who got which action from the gateway's status events (SENT, or DELIVERED if it comes
 * first). A fan-out produces millions of these, so they are read and written in batches.
 */
@Component
class DeliveryListener {

    private final OpenActions actions;

    DeliveryListener(OpenActions actions) {
        this.actions = actions;
    }

    @KafkaListener(topics = Topics.MESSAGE_STATUS, batch = "true")
    void on(List<ConsumerRecord<String, Object>> records) {
        List<OpenActions.Recipient> got = new ArrayList<>();
        for (ConsumerRecord<String, Object> record : records) {
            if (record.value() instanceof MessageStatusChanged status
                    && (status.status() == DeliveryStatus.SENT || status.status() == DeliveryStatus.DELIVERED)
                    && status.actionId() != null && status.supporterId() != null && status.occurredAt() != null) {
                supporterId(status.supporterId()).ifPresent(id ->
                        got.add(new OpenActions.Recipient(id, status.actionId(), status.occurredAt())));
            }
        }
        actions.recipients(got);
    }

    private static Optional<UUID> supporterId(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
