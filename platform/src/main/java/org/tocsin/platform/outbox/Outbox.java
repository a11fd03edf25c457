package org.tocsin.platform.outbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tocsin.contracts.EventJson;

/**
 * Writes events to the service's {@code outbox} table inside the caller's transaction: if the
 * change rolls back, so does its event; if it commits, the relay publishes the event.
 */
public class Outbox {

    private final JdbcTemplate jdbc;
    private final OutboxRelay relay;

    Outbox(JdbcTemplate jdbc, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
    }

    /** Queues {@code event} for {@code topic} under {@code key}. Must run inside a transaction. */
    public void publish(String topic, String key, Object event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.publish needs a transaction: the event must commit with its change");
        }
        jdbc.update("INSERT INTO outbox (topic, event_key, event_type, payload) VALUES (?, ?, ?, ?::jsonb)",
                topic, key, event.getClass().getSimpleName(), new String(EventJson.write(event), java.nio.charset.StandardCharsets.UTF_8));
        if (!TransactionSynchronizationManager.hasResource(this)) {
            TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
                    if (status == STATUS_COMMITTED) {
                        relay.wakeUp();
                    }
                }
            });
        }
    }
}
