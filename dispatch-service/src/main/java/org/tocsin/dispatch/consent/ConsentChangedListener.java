package org.tocsin.dispatch.consent;

import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.contracts.ConsentChanged;
import org.tocsin.contracts.Topics;
import org.tocsin.dispatch.kafka.EventBatches;

/** Builds consent_view from the compacted ConsentChanged topic (read from the start by a new group). */
@Component
class ConsentChangedListener {

    private static final Logger log = LoggerFactory.getLogger(ConsentChangedListener.class);

    private final ConsentView view;
    private final TransactionTemplate transactions;

    ConsentChangedListener(ConsentView view, TransactionTemplate transactions) {
        this.view = view;
        this.transactions = transactions;
    }

    @KafkaListener(topics = Topics.CONSENT, batch = "true")
    void onConsentChanged(List<ConsumerRecord<String, Object>> records) {
        List<ConsentChanged> events = EventBatches.values(records, ConsentChanged.class).stream()
                .map(ConsentChangedListener::nullListMeansAll)
                .filter(ConsentChangedListener::wellFormed)
                .toList();
        EventBatches.apply(events, transactions, view::apply);
    }

    // subscriber-service's ledger writes "every list" as a null list: read a null the same way, never
    // drop it (it may be a STOP).
    private static ConsentChanged nullListMeansAll(ConsentChanged e) {
        return e.listId() != null ? e : new ConsentChanged(e.supporterId(), e.phone(), ConsentChanged.ALL_LISTS,
                e.state(), e.firstName(), e.language(), e.evidence(), e.occurredAt());
    }

    private static boolean wellFormed(ConsentChanged e) {
        try {
            UUID.fromString(e.supporterId());
            if (!ConsentChanged.ALL_LISTS.equals(e.listId())) {
                UUID.fromString(e.listId());
            }
        } catch (RuntimeException bad) {
            log.warn("Skipping a ConsentChanged with a malformed supporter or list id");
            return false;
        }
        if (e.state() == null || e.phone() == null) {
            log.warn("Skipping a ConsentChanged without state or phone");
            return false;
        }
        return true;
    }
}
