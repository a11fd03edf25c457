package org.tocsin.subscriber.consent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /**
     * Claims a batch's ids in one statement: for each id, in order, whether this is its first
     * handling. An id twice in {@code messageIds} is first only at its first place.
     */
    List<Boolean> claimAll(List<String> messageIds) {
        Set<String> claimed = new HashSet<>(jdbc.sql("""
                        INSERT INTO processed_message (message_id)
                        SELECT DISTINCT t.id FROM unnest(?::text[]) AS t(id) ORDER BY t.id
                        ON CONFLICT DO NOTHING
                        RETURNING message_id""")
                .param(messageIds.toArray(String[]::new)).query(String.class).list());
        List<Boolean> first = new ArrayList<>(messageIds.size());
        for (String id : messageIds) {
            first.add(claimed.remove(id));
        }
        return first;
    }

    void recordOutcome(String messageId, Outcome outcome) {
        jdbc.sql("UPDATE processed_message SET outcome = ? WHERE message_id = ?").params(outcome.name(), messageId).update();
    }

    /** {@link #recordOutcome} for many messages in one statement; {@code outcomes} maps by position. */
    void recordOutcomes(List<String> messageIds, List<Outcome> outcomes) {
        if (messageIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE processed_message p SET outcome = t.outcome
                        FROM unnest(?::text[], ?::text[]) AS t(id, outcome)
                        WHERE p.message_id = t.id""")
                .params(messageIds.toArray(String[]::new), outcomes.stream().map(Outcome::name).toArray(String[]::new))
                .update();
    }

    Optional<Outcome> outcomeOf(String messageId) {
        return jdbc.sql("SELECT outcome FROM processed_message WHERE message_id = ?").param(messageId)
                .query(String.class).optional().map(Outcome::valueOf);
    }
}
