package org.tocsin.subscriber.supporter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Supporters by phone. The consent flow locks a supporter's row so that their messages apply one at a time. */
@Repository
public class SupporterRepository {

    /** A number to create a supporter for, with a name and language (either may be null). */
    public record NewSupporter(String phone, String firstName, String language) {
    }

    /** A supporter's place on one list, for display. */
    public record ListState(UUID listId, String listName, String state, Instant since) {
    }

    private static final String COLUMNS = "id, phone, first_name, language, opted_out_at, created_at";
    /** Sets name and language where given (a null parameter keeps the value); the row is chosen by what follows. */
    private static final String SET_PROFILE = "UPDATE supporter SET first_name = COALESCE(CAST(? AS text), first_name), "
            + "language = COALESCE(CAST(? AS text), language), updated_at = now() WHERE ";

    private final JdbcClient jdbc;

    SupporterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The supporter with this number, row-locked until the transaction ends. */
    public Optional<Supporter> lockByPhone(String phone) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM supporter WHERE phone = ? FOR UPDATE").param(phone)
                .query(SupporterRepository::supporter).optional();
    }

    /**
     * The supporters with these numbers (those that exist), row-locked until the transaction ends:
     * a batch's rows in one round trip instead of one each, locked in the numbers' order.
     */
    public Map<String, Supporter> lockAllByPhone(Collection<String> phones) {
        Map<String, Supporter> byPhone = new HashMap<>();
        if (phones.isEmpty()) {
            return byPhone;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM supporter WHERE phone = ANY(?::text[]) ORDER BY phone FOR UPDATE")
                .param(phones.toArray(String[]::new))
                .query(SupporterRepository::supporter).list()
                .forEach(supporter -> byPhone.put(supporter.phone(), supporter));
        return byPhone;
    }

    /**
     * Creates the supporters of these numbers that do not exist yet, with their name and language,
     * in one statement (in number order) instead of one each: the rows it inserted, by number,
     * row-locked until the transaction ends as this transaction made them. A number that exists
     * already (another consumer may just have created it) is left alone and not returned.
     */
    public Map<String, Supporter> createAll(Collection<NewSupporter> newSupporters) {
        Map<String, Supporter> byPhone = new HashMap<>();
        if (newSupporters.isEmpty()) {
            return byPhone;
        }
        jdbc.sql("INSERT INTO supporter (id, phone, first_name, language)"
                        + " SELECT t.id, t.phone, t.first_name, t.language"
                        + " FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) AS t(id, phone, first_name, language)"
                        + " ORDER BY t.phone ON CONFLICT (phone) DO NOTHING RETURNING " + COLUMNS)
                .params(newSupporters.stream().map(n -> UUID.randomUUID().toString()).toArray(String[]::new),
                        newSupporters.stream().map(NewSupporter::phone).toArray(String[]::new),
                        newSupporters.stream().map(NewSupporter::firstName).toArray(String[]::new),
                        newSupporters.stream().map(NewSupporter::language).toArray(String[]::new))
                .query(SupporterRepository::supporter).list()
                .forEach(supporter -> byPhone.put(supporter.phone(), supporter));
        return byPhone;
    }

    /** The supporter with this number, created if new, row-locked until the transaction ends. */
    public Supporter createOrLock(String phone) {
        return createOrLock(phone, null, null);
    }

    /**
     * The supporter with this number, row-locked until the transaction ends, with this name and
     * language where given (null keeps the current value): created with them if new, in one round
     * trip, or updated.
     */
    public Supporter createOrLock(String phone, String firstName, String language) {
        // ON CONFLICT: another consumer (provider opt-outs) may create the same number concurrently
        // a new row comes back locked already (this transaction inserted it): one round trip, not two
        Supporter created = createAll(List.of(new NewSupporter(phone, firstName, language))).get(phone);
        if (created != null) {
            return created;
        }
        if (firstName == null && language == null) {
            return lockByPhone(phone).orElseThrow();
        }
        // an UPDATE locks the row as well
        return jdbc.sql(SET_PROFILE + "phone = ? RETURNING " + COLUMNS)
                .params(firstName, language, phone).query(SupporterRepository::supporter).single();
    }

    public Optional<Supporter> findByPhone(String phone) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM supporter WHERE phone = ?").param(phone)
                .query(SupporterRepository::supporter).optional();
    }

    public Optional<Supporter> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM supporter WHERE id = ?").param(id)
                .query(SupporterRepository::supporter).optional();
    }

    /** Sets name and language where given (null keeps the current value). */
    public void updateProfile(UUID id, String firstName, String language) {
        if (firstName == null && language == null) {
            return;
        }
        jdbc.sql(SET_PROFILE + "id = ?").params(firstName, language, id).update();
    }

    /** Marks them as having left every list at {@code at}, or (null) as having joined again. */
    public void setOptedOut(UUID id, Instant at) {
        jdbc.sql("UPDATE supporter SET opted_out_at = ?, updated_at = now() WHERE id = ?")
                .params(at == null ? null : Timestamp.from(at), id).update();
    }

    List<ListState> listsOf(UUID supporterId) {
        return jdbc.sql("""
                        SELECT s.list_id, l.name, s.state, s.updated_at FROM subscription s
                        JOIN supporter_list l ON l.id = s.list_id WHERE s.supporter_id = ? ORDER BY l.name""")
                .param(supporterId)
                .query((rs, i) -> new ListState(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    static Supporter supporter(ResultSet rs, int row) throws SQLException {
        Timestamp optedOut = rs.getTimestamp("opted_out_at");
        return new Supporter(rs.getObject("id", UUID.class), rs.getString("phone"), rs.getString("first_name"),
                rs.getString("language"), optedOut == null ? null : optedOut.toInstant(),
                rs.getTimestamp("created_at").toInstant());
    }
}
