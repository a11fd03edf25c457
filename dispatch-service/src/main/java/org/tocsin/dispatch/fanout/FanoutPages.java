package org.tocsin.dispatch.fanout;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.contracts.Channel;
import org.tocsin.dispatch.consent.ConsentView;
import org.tocsin.dispatch.consent.Recipient;

/**
 * The database side of fan-out: who owns a running fan-out (a lease), the next page of recipients
 * with their delivery rows, and the cursor that lets a restart resume after the last page Kafka
 * acknowledged.
 */
@Component
class FanoutPages {

    /** What a fan-out needs of its action, read once per run. */
    record Action(UUID id, String body, Channel channel, List<UUID> listIds) {
    }

    sealed interface Step permits Page, Finished, Stopped {
    }

    /**
     * A page to hand to Kafka.
     *
     * @param recipients every recipient of the page, in supporter order
     * @param toSend     those whose delivery row is still QUEUED (all of them, unless this page is re-done)
     * @param number     1 for the first page
     */
    record Page(List<Recipient> recipients, List<Recipient> toSend, int number) implements Step {
        UUID last() {
            return recipients.getLast().supporterId();
        }
    }

    /** No recipient left after the cursor: the fan-out is done. */
    record Finished() implements Step {
    }

    /** This instance must not go on: the action left SENDING, or another instance owns it now. */
    record Stopped(String why) implements Step {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ConsentView consent;
    private final FanoutProperties properties;

    FanoutPages(JdbcTemplate jdbc, TransactionTemplate transactions, ConsentView consent, FanoutProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.consent = consent;
        this.properties = properties;
    }

    /** The deterministic message id of (action, supporter): a re-sent page carries the same ids. */
    static String messageId(UUID actionId, UUID supporterId) {
        return UUID.nameUUIDFromBytes((actionId + ":" + supporterId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Takes one SENDING action whose fan-out is unfinished and unowned (or whose owner's lease ran
     * out). SKIP LOCKED: instances claiming at the same time never wait for or take the same row.
     */
    Optional<UUID> claim(String owner) {
        return jdbc.query("""
                        UPDATE urgent_action SET fanout_owner = ?, fanout_lease_until = now() + make_interval(secs => ?)
                        WHERE id = (SELECT id FROM urgent_action
                                    WHERE state = 'SENDING' AND fanout_finished_at IS NULL
                                      AND (fanout_lease_until IS NULL OR fanout_lease_until < now())
                                    ORDER BY triggered_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING id""",
                (rs, i) -> rs.getObject(1, UUID.class), owner, leaseSeconds()).stream().findFirst();
    }

    Action load(UUID actionId) {
        List<UUID> lists = jdbc.queryForList("SELECT list_id FROM urgent_action_list WHERE action_id = ? ORDER BY list_id",
                UUID.class, actionId);
        return jdbc.queryForObject("SELECT body, channel FROM urgent_action WHERE id = ?",
                (rs, i) -> new Action(actionId, rs.getString(1), Channel.valueOf(rs.getString(2)), lists), actionId);
    }

    /**
     * In one short transaction: checks the action is still SENDING and ours (the row lock orders this
     * against a cancel), renews the lease, reads the next page after the cursor and inserts its
     * delivery rows (a row that exists already is left alone). The rows are committed before any
     * message is produced, so a status report can never arrive for a row not yet visible.
     */
    Step next(Action action, String owner) {
        return transactions.execute(status -> {
            Map<String, Object> row = jdbc.queryForMap("SELECT state, fanout_owner, fanout_cursor, fanout_pages "
                    + "FROM urgent_action WHERE id = ? FOR UPDATE", action.id());
            if (!"SENDING".equals(row.get("state"))) {
                return new Stopped(String.valueOf(row.get("state")));
            }
            if (!owner.equals(row.get("fanout_owner"))) {
                return new Stopped("another instance owns it now");
            }
            List<Recipient> recipients = consent.page(action.listIds(), (UUID) row.get("fanout_cursor"),
                    properties.pageSize());
            if (recipients.isEmpty()) {
                jdbc.update("UPDATE urgent_action SET fanout_finished_at = now(), fanout_owner = NULL, "
                        + "fanout_lease_until = NULL, updated_at = now() WHERE id = ?", action.id());
                return new Finished();
            }
            jdbc.update("UPDATE urgent_action SET fanout_lease_until = now() + make_interval(secs => ?) WHERE id = ?",
                    leaseSeconds(), action.id());
            return new Page(recipients, insertDeliveries(action.id(), recipients),
                    ((Number) row.get("fanout_pages")).intValue() + 1);
        });
    }

    private List<Recipient> insertDeliveries(UUID actionId, List<Recipient> recipients) {
        Set<UUID> queued = new HashSet<>(jdbc.queryForList("""
                        INSERT INTO delivery (action_id, supporter_id, message_id, phone, status)
                        SELECT ?, t.supporter_id, t.message_id, t.phone, 'QUEUED'
                        FROM unnest(?::uuid[], ?::text[], ?::text[]) AS t(supporter_id, message_id, phone)
                        ON CONFLICT DO NOTHING
                        RETURNING supporter_id""", UUID.class,
                actionId,
                recipients.stream().map(r -> r.supporterId().toString()).toArray(String[]::new),
                recipients.stream().map(r -> messageId(actionId, r.supporterId())).toArray(String[]::new),
                recipients.stream().map(Recipient::phone).toArray(String[]::new)));
        if (queued.size() < recipients.size()) {
            // A page done again after a crash: re-send what the gateway has not reported on yet (it
            // drops message ids it has seen); leave alone what it has.
            queued.addAll(jdbc.queryForList("SELECT supporter_id FROM delivery WHERE action_id = ? "
                            + "AND supporter_id = ANY(?::uuid[]) AND status = 'QUEUED'", UUID.class, actionId,
                    recipients.stream().map(r -> r.supporterId().toString()).toArray(String[]::new)));
        }
        return recipients.stream().filter(r -> queued.contains(r.supporterId())).toList();
    }

    /**
     * After Kafka acknowledged the page: saves the cursor and progress, and the end when the page was
     * the last. False when the lease was lost meanwhile (another instance goes on from the cursor).
     */
    boolean advance(UUID actionId, String owner, Page page, boolean last) {
        return jdbc.update("UPDATE urgent_action SET fanout_cursor = ?, fanout_pages = fanout_pages + 1, "
                        + "fanout_handed_over = fanout_handed_over + ?, updated_at = now(), "
                        + (last ? "fanout_finished_at = now(), fanout_owner = NULL, fanout_lease_until = NULL "
                                : "fanout_lease_until = now() + make_interval(secs => " + leaseSeconds() + ") ")
                        + "WHERE id = ? AND fanout_owner = ?",
                page.last(), page.recipients().size(), actionId, owner) == 1;
    }

    /** Gives the action up so any instance may resume it at once. */
    void release(UUID actionId, String owner) {
        jdbc.update("UPDATE urgent_action SET fanout_owner = NULL, fanout_lease_until = NULL "
                + "WHERE id = ? AND fanout_owner = ?", actionId, owner);
    }

    private double leaseSeconds() {
        return properties.lease().toMillis() / 1000.0;
    }
}
