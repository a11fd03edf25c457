package org.tocsin.dispatch.consent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.ConsentChanged;
import org.tocsin.contracts.ConsentState;

/**
 * The consent_view table: the latest consent per (list, supporter), from ConsentChanged events. The
 * audience of an action is its target lists' SUBSCRIBED rows, one per supporter (a supporter on two
 * target lists gets one message). Lists are stored as text ids; {@link ConsentChanged#ALL_LISTS}
 * has a row of its own recording when the supporter last left every list.
 */
@Component
public class ConsentView {

    // One row per supporter: the most recently updated of their subscribed rows (phone and name may have changed).
    private static final String AUDIENCE = """
            SELECT DISTINCT ON (supporter_id) supporter_id, phone, first_name FROM consent_view
            WHERE list_id = ANY(?) AND state = 'SUBSCRIBED'""";

    // A STOP from every list marks all the supporter's rows (found by consent_view_by_supporter, V4).
    static final String LEAVE_EVERY_LIST = "UPDATE consent_view SET state = 'UNSUBSCRIBED', updated_at = ? "
            + "WHERE supporter_id = ? AND list_id <> '*' AND updated_at <= ?";

    /** A page's row: supporter_id, phone, first_name. */
    private static final RowMapper<Recipient> RECIPIENT =
            (rs, i) -> new Recipient(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3));

    private final JdbcTemplate jdbc;

    ConsentView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whether more than {@code limit} distinct supporters are subscribed to any of {@code listIds}. Only
     * the first {@code limit + 1} are read (the fan-out's first-page statement, counted in PostgreSQL),
     * so a creator's trigger of a draft to a million is refused without counting the million (an exact
     * count of 1,000,000 took PostgreSQL 0.3–1.2 s; benchmark-log.md, 2026-12-07 18:45).
     */
    public boolean audienceAbove(Collection<UUID> listIds, long limit) {
        int read = (int) Math.max(0, Math.min(limit, Integer.MAX_VALUE - 1) + 1);
        PageStatement first = pageStatement(listIds, null, read);
        Long n = jdbc.queryForObject("SELECT count(*) FROM (" + first.sql() + ") audience", Long.class, first.args());
        return n != null && n > limit;
    }

    /**
     * The next page of the audience in supporter-id order (keyset pagination): at most {@code limit}
     * recipients with an id greater than {@code after} (null: from the start). Each target list is
     * read by its own index range scan, limited to the page size, and the results merged: a page costs
     * the same at the start and at the end of a million recipients, however few of the view's rows the
     * target lists hold. (The first {@code limit} distinct supporters across the lists are always among
     * the first {@code limit} of each list holding them, so nothing is missed.)
     */
    public List<Recipient> page(Collection<UUID> listIds, UUID after, int limit) {
        PageStatement page = pageStatement(listIds, after, limit);
        return jdbc.query(page.sql(), RECIPIENT, page.args());
    }

    private record PageStatement(String sql, Object[] args) {
    }

    private static PageStatement pageStatement(Collection<UUID> listIds, UUID after, int limit) {
        if (listIds.size() == 1) {
            return onlyListPage(listIds.iterator().next(), after, limit);
        }
        String sql = """
                SELECT DISTINCT ON (c.supporter_id) c.supporter_id, c.phone, c.first_name
                FROM unnest(?::text[]) AS l(list_id)
                CROSS JOIN LATERAL (
                    SELECT supporter_id, phone, first_name, updated_at FROM consent_view
                    WHERE list_id = l.list_id AND state = 'SUBSCRIBED' %s
                    ORDER BY supporter_id LIMIT ?) c
                ORDER BY c.supporter_id, c.updated_at DESC
                LIMIT ?""".formatted(afterClause(after));
        Object[] args = after == null ? new Object[] {texts(listIds), limit, limit}
                : new Object[] {texts(listIds), after, limit, limit};
        return new PageStatement(sql, args);
    }

    /**
     * {@link #page} for one target list (most actions): one row per supporter already (the list and the
     * supporter are the view's key), in index order, so nothing to merge and no sort. PostgreSQL took
     * 3.2 ms per page of 4,000 this way against 5.0 ms (benchmark-log.md, 2026-12-07 16:38).
     */
    private static PageStatement onlyListPage(UUID listId, UUID after, int limit) {
        String sql = """
                SELECT supporter_id, phone, first_name FROM consent_view
                WHERE list_id = ? AND state = 'SUBSCRIBED' %s
                ORDER BY supporter_id LIMIT ?""".formatted(afterClause(after));
        Object[] args = after == null ? new Object[] {listId.toString(), limit}
                : new Object[] {listId.toString(), after, limit};
        return new PageStatement(sql, args);
    }

    /** A page's keyset condition: none for the first page. */
    private static String afterClause(UUID after) {
        return after == null ? "" : "AND supporter_id > ?";
    }

    /** Receives one group of recipients sharing a first name and a phone prefix. */
    @FunctionalInterface
    public interface GroupSink {
        void accept(String firstName, String phonePrefix, long recipients);
    }

    /**
     * The audience grouped by first name and the first {@code prefixLength} characters of the phone:
     * enough to count segments and price every message exactly without loading every recipient.
     */
    public void forEachNameAndPrefix(Collection<UUID> listIds, int prefixLength, GroupSink sink) {
        jdbc.query("SELECT first_name, left(phone, ?), count(*) FROM (" + AUDIENCE
                        + " ORDER BY supporter_id, updated_at DESC) audience GROUP BY 1, 2",
                rs -> {
                    sink.accept(rs.getString(1), rs.getString(2), rs.getLong(3));
                }, prefixLength, texts(listIds));
    }

    /**
     * Applies consent changes. Each is ignored when its row already holds a newer change, and a
     * per-list change older than the supporter's latest "left every list" stays unsubscribed, so
     * replays and events arriving out of order (different keys travel on different partitions) end
     * in the state of the newest event whatever the order: that is also why a batch may be applied
     * grouped by kind rather than one event at a time.
     */
    void apply(List<ConsentChanged> events) {
        List<ConsentChanged> optOuts = events.stream().filter(e -> e.state() == ConsentState.UNSUBSCRIBED).toList();
        jdbc.batchUpdate("INSERT INTO consent_opt_out (supporter_id, list_id, occurred_at) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", optOuts, optOuts.size(), (ps, e) -> {
                    ps.setObject(1, UUID.fromString(e.supporterId()));
                    ps.setString(2, listOf(e));
                    ps.setTimestamp(3, at(e));
                });
        List<ConsentChanged> perList = events.stream().filter(e -> !ConsentChanged.ALL_LISTS.equals(e.listId())).toList();
        jdbc.batchUpdate("""
                INSERT INTO consent_view (supporter_id, list_id, phone, first_name, language, state, updated_at)
                VALUES (?, ?, ?, ?, ?,
                        CASE WHEN EXISTS (SELECT 1 FROM consent_view a WHERE a.supporter_id = ? AND a.list_id = '*'
                                          AND a.state = 'UNSUBSCRIBED' AND a.updated_at > ?)
                             THEN 'UNSUBSCRIBED' ELSE ? END, ?)
                ON CONFLICT (list_id, supporter_id) DO UPDATE SET
                    phone = excluded.phone,
                    first_name = COALESCE(excluded.first_name, consent_view.first_name),
                    language = COALESCE(excluded.language, consent_view.language),
                    state = excluded.state,
                    updated_at = excluded.updated_at
                WHERE consent_view.updated_at <= excluded.updated_at""",
                perList, perList.size(), (ps, e) -> {
                    UUID supporter = UUID.fromString(e.supporterId());
                    ps.setObject(1, supporter);
                    ps.setString(2, listOf(e));
                    ps.setString(3, e.phone());
                    ps.setString(4, e.firstName());
                    ps.setString(5, e.language());
                    ps.setObject(6, supporter);
                    ps.setTimestamp(7, at(e));
                    ps.setString(8, e.state().name());
                    ps.setTimestamp(9, at(e));
                });
        events.stream().filter(e -> ConsentChanged.ALL_LISTS.equals(e.listId())).forEach(this::applyToAllLists);
    }

    private void applyToAllLists(ConsentChanged e) {
        UUID supporter = UUID.fromString(e.supporterId());
        Timestamp at = at(e);
        jdbc.update("""
                INSERT INTO consent_view (supporter_id, list_id, phone, first_name, language, state, updated_at)
                VALUES (?, '*', ?, ?, ?, ?, ?)
                ON CONFLICT (list_id, supporter_id) DO UPDATE SET
                    phone = excluded.phone,
                    first_name = COALESCE(excluded.first_name, consent_view.first_name),
                    language = COALESCE(excluded.language, consent_view.language),
                    state = excluded.state,
                    updated_at = excluded.updated_at
                WHERE consent_view.updated_at <= excluded.updated_at""",
                supporter, e.phone(), e.firstName(), e.language(), e.state().name(), at);
        if (e.state() == ConsentState.UNSUBSCRIBED) {
            // Phone, name and language stay: the rows still say who the supporter is, just not to text them.
            jdbc.update(LEAVE_EVERY_LIST, at, supporter, at);
        }
    }

    // A missing time is taken as "now": for an opt-out, erring late means it is honoured.
    private static Timestamp at(ConsentChanged e) {
        return Timestamp.from(e.occurredAt() == null ? Instant.now() : e.occurredAt());
    }

    private static String listOf(ConsentChanged e) {
        return ConsentChanged.ALL_LISTS.equals(e.listId()) ? ConsentChanged.ALL_LISTS : canonicalList(e.listId());
    }

    private static String canonicalList(String listId) {
        return UUID.fromString(listId).toString();
    }

    private static String[] texts(Collection<UUID> ids) {
        List<String> out = new ArrayList<>(ids.size());
        ids.forEach(id -> out.add(id.toString()));
        return out.toArray(String[]::new);
    }
}
