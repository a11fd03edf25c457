package org.tocsin.subscriber.list;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The lists. */
@Repository
public class ListDirectory {

    private static final String COLUMNS = "id, name, keyword, double_opt_in, created_at";

    private final JdbcClient jdbc;
    private final Map<UUID, SupporterList> found = new ConcurrentHashMap<>();

    ListDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A list, from memory once found: a list is never changed or deleted once created (nothing here does either). */
    public Optional<SupporterList> find(UUID id) {
        SupporterList known = found.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<SupporterList> list = jdbc.sql("SELECT " + COLUMNS + " FROM supporter_list WHERE id = ?").param(id)
                .query(ListDirectory::list).optional();
        list.ifPresent(l -> found.put(l.id(), l));
        return list;
    }

    public List<SupporterList> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM supporter_list ORDER BY created_at, name")
                .query(ListDirectory::list).list();
    }

    /** Subscribed supporters per list. */
    Map<UUID, Long> subscriberCounts() {
        return jdbc.sql("SELECT list_id, count(*) FROM subscription WHERE state = 'SUBSCRIBED' GROUP BY list_id")
                .query(rs -> {
                    var counts = new HashMap<UUID, Long>();
                    while (rs.next()) {
                        counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
                    }
                    return counts;
                });
    }

    boolean nameTaken(String name) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM supporter_list WHERE lower(name) = lower(?))").param(name)
                .query(Boolean.class).single();
    }

    void insert(SupporterList list) {
        jdbc.sql("INSERT INTO supporter_list (id, name, keyword, double_opt_in, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(list.id(), list.name(), list.keyword(), list.doubleOptIn(),
                        Timestamp.from(list.createdAt()))
                .update();
    }

    private static SupporterList list(ResultSet rs, int row) throws SQLException {
        return new SupporterList(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("keyword"),
                rs.getBoolean("double_opt_in"), rs.getTimestamp("created_at").toInstant());
    }
}
