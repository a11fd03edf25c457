package org.tocsin.subscriber.consent;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Messages already handled, claimed in the transaction that handles them: a redelivered message
 * finds its claim and changes nothing. A concurrent claim of the same id waits on the primary key
 * until the first commits, then finds it too.
 */
@Repository
class ProcessedMessages {

    private final JdbcClient jdbc;

    ProcessedMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True if this is the first time {@code messageId} is handled. */
    boolean claim(String messageId) {
        return jdbc.sql("INSERT INTO processed_message (message_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(messageId).update() == 1;
    }

    void recordOutcome(String messageId, Outcome outcome) {
        jdbc.sql("UPDATE processed_message SET outcome = ? WHERE message_id = ?").params(outcome.name(), messageId).update();
    }

    Optional<Outcome> outcomeOf(String messageId) {
        return jdbc.sql("SELECT outcome FROM processed_message WHERE message_id = ?").param(messageId)
                .query(String.class).optional().map(Outcome::valueOf);
    }
}
