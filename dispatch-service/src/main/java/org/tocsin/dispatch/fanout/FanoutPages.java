package org.tocsin.dispatch.fanout;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.MessageIds;
import org.tocsin.dispatch.consent.ConsentView;
import org.tocsin.dispatch.consent.Recipient;

/**
 * The database side of fan-out: who owns a running fan-out (a lease), the next page of recipients
 * with their delivery rows, and the cursor that lets a restart resume after the last page Kafka
 * acknowledged.
 */
@Component
class FanoutPages {

    /**
     * What a fan-out needs of its action, read once per run: its message, its lists, and where the
     * last run left off ({@code cursor} null and {@code pagesDone} 0 for a new fan-out).
     */
    record Action(UUID id, String body, Channel channel, List<UUID> listIds, UUID cursor, int pagesDone) {
    }

    sealed interface Step permits Page, Finished, Stopped {
    }

    /**
     * A page to hand to Kafka.
     *
     * @param recipients every recipient of the page, in supporter order
     * @param toSend     those whose delivery row is still QUEUED (all of them, unless this page is re-done)
     * @param number     1 for the first page
     * @param last       fewer recipients than a page holds: nothing comes after it
     */
    record Page(List<Recipient> recipients, List<Recipient> toSend, int number, boolean last) implements Step {
        UUID lastSupporter() {
            return recipients.getLast().supporterId();
        }
    }

    /** No recipient left after the cursor: the fan-out is done once the pages in flight are saved. */
    record Finished() implements Step {
    }

    /** This instance must not go on: the action left SENDING, or another instance owns it now. */
    record Stopped(String why) implements Step {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ConsentView consent;
    private final FanoutProperties properties;
    private final DeliveryRows deliveryRows;
    private final ObjectProvider<FanoutProbe> probes;

    FanoutPages(JdbcTemplate jdbc, TransactionTemplate transactions, ConsentView consent, FanoutProperties properties,
                DeliveryRows deliveryRows, ObjectProvider<FanoutProbe> probes) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.consent = consent;
        this.properties = properties;
        this.deliveryRows = deliveryRows;
        this.probes = probes;
    }

    private FanoutProbe probe() {
        return probes.getIfAvailable(() -> FanoutProbe.NONE);
    }

    /**
     * The deterministic message id of (action, supporter): a re-sent page carries the same ids. The
     * same value as {@code UUID.nameUUIDFromBytes("<action>:<supporter>")} (a version 3 UUID).
     */
    static String messageId(UUID actionId, UUID supporterId) {
        return MessageIds.of(actionId + ":" + supporterId);
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
        return jdbc.queryForObject("SELECT body, channel, fanout_cursor, fanout_pages FROM urgent_action WHERE id = ?",
                (rs, i) -> new Action(actionId, rs.getString(1), Channel.valueOf(rs.getString(2)), lists,
                        rs.getObject(3, UUID.class), rs.getInt(4)), actionId);
    }

    /**
     * The recipients after {@code after} (the reader's own cursor: pages before it may still be
     * written or in flight, not saved yet), at most a page of them, in supporter order.
     */
    List<Recipient> read(Action action, UUID after) {
        return consent.page(action.listIds(), after, properties.pageSize());
    }

    /**
     * In one transaction: inserts the page's delivery rows (a row that exists already is left alone),
     * then checks the action is still SENDING and ours and renews the lease. The rows are committed
     * before any message is produced, so a status report can never arrive for a row not yet visible.
     * No recipients: the fan-out is {@link Finished} (once the check passes).
     *
     * <p>The action's row is locked last, for the check and the commit only, so pages can be written
     * side by side and a page being written never holds up a cancel, nor the worker saving an earlier
     * page's cursor (which updates the same row). The lock still orders each page against a cancel: a
     * cancel committed first is seen by the check and the page's rows are rolled back; a cancel
     * coming after waits for the commit and then marks these rows too.
     *
     * @param number the page's number, 1 for the first
     */
    Step write(Action action, String owner, List<Recipient> recipients, int number) {
        return transactions.execute(status -> {
            List<Recipient> toSend = recipients.isEmpty() ? List.of()
                    : deliveryRows.insert(action.id(), recipients, status);
            probe().pageRowsWritten(action.id(), number);
            Map<String, Object> row = jdbc.queryForMap("SELECT state, fanout_owner "
                    + "FROM urgent_action WHERE id = ? FOR UPDATE", action.id());
            if (!"SENDING".equals(row.get("state"))) {
                status.setRollbackOnly();
                return new Stopped(String.valueOf(row.get("state")));
            }
            if (!owner.equals(row.get("fanout_owner"))) {
                status.setRollbackOnly();
                return new Stopped("another instance owns it now");
            }
            if (recipients.isEmpty()) {
                return new Finished();
            }
            jdbc.update("UPDATE urgent_action SET fanout_lease_until = now() + make_interval(secs => ?) WHERE id = ?",
                    leaseSeconds(), action.id());
            return new Page(recipients, toSend, number, isLast(recipients));
        });
    }

    /** Fewer recipients than a page holds: nothing comes after them. */
    boolean isLast(List<Recipient> recipients) {
        return recipients.size() < properties.pageSize();
    }

    /** After every page is saved and none is left: the fan-out is over. False when the lease was lost. */
    boolean finish(UUID actionId, String owner) {
        return jdbc.update("UPDATE urgent_action SET fanout_finished_at = now(), fanout_owner = NULL, "
                + "fanout_lease_until = NULL, updated_at = now() WHERE id = ? AND fanout_owner = ?", actionId, owner) == 1;
    }

    /**
     * After Kafka acknowledged the page (and every page before it): saves the cursor and progress, and
     * the end when the page was the last. False when the lease was lost meanwhile (another instance
     * goes on from the saved cursor).
     */
    boolean advance(UUID actionId, String owner, Page page) {
        boolean last = page.last();
        return jdbc.update("UPDATE urgent_action SET fanout_cursor = ?, fanout_pages = fanout_pages + 1, "
                        + "fanout_handed_over = fanout_handed_over + ?, updated_at = now(), "
                        + (last ? "fanout_finished_at = now(), fanout_owner = NULL, fanout_lease_until = NULL "
                                : "fanout_lease_until = now() + make_interval(secs => " + leaseSeconds() + ") ")
                        + "WHERE id = ? AND fanout_owner = ?",
                page.lastSupporter(), page.recipients().size(), actionId, owner) == 1;
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
