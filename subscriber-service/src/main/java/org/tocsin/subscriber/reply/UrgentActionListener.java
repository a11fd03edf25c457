package org.tocsin.subscriber.reply;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.Topics;
import org.tocsin.contracts.UrgentActionCancelled;
import org.tocsin.contracts.UrgentActionTriggered;

/** Keeps the actions' reply windows: opened by a trigger, closed by a cancel. */
@Component
class UrgentActionListener {

    private final OpenActions actions;

    UrgentActionListener(OpenActions actions) {
        this.actions = actions;
    }

    @KafkaListener(topics = Topics.URGENT_ACTIONS)
    void on(ConsumerRecord<String, Object> record) {
        switch (record.value()) {
            case UrgentActionTriggered triggered -> actions.triggered(triggered);
            case UrgentActionCancelled cancelled -> actions.cancelled(cancelled);
            case null, default -> {
                // another event type, or unreadable: nothing for replies
            }
        }
    }
}
