package org.tocsin.dispatch.list;

import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.contracts.ListChanged;
import org.tocsin.contracts.Topics;
import org.tocsin.dispatch.kafka.EventBatches;

/** Keeps known_list in step with the compacted ListChanged topic. */
@Component
class ListChangedListener {

    private static final Logger log = LoggerFactory.getLogger(ListChangedListener.class);

    private final KnownLists lists;
    private final TransactionTemplate transactions;

    ListChangedListener(KnownLists lists, TransactionTemplate transactions) {
        this.lists = lists;
        this.transactions = transactions;
    }

    @KafkaListener(topics = Topics.LISTS, batch = "true")
    void onListsChanged(List<ConsumerRecord<String, Object>> records) {
        List<ListChanged> events = EventBatches.values(records, ListChanged.class).stream()
                .filter(ListChangedListener::wellFormed)
                .toList();
        EventBatches.apply(events, transactions, lists::apply);
    }

    private static boolean wellFormed(ListChanged event) {
        try {
            UUID.fromString(event.listId());
            return true;
        } catch (RuntimeException e) {
            log.warn("Skipping a ListChanged whose list id is not a UUID");
            return false;
        }
    }
}
