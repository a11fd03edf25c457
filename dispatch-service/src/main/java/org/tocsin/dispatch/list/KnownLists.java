package org.tocsin.dispatch.list;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.ListChanged;

/** The known_list table: lists subscriber-service announced. */
@Component
public class KnownLists {

    private final JdbcTemplate jdbc;

    KnownLists(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Those of {@code ids} no ListChanged event has announced. */
    public Set<UUID> unknown(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<UUID> missing = new HashSet<>(ids);
        missing.removeAll(jdbc.queryForList("SELECT id FROM known_list WHERE id = ANY(?)", UUID.class,
                (Object) ids.toArray(UUID[]::new)));
        return missing;
    }

    /** Upserts each list unless the row already holds a newer change. */
    void apply(List<ListChanged> events) {
        jdbc.batchUpdate("""
                INSERT INTO known_list (id, name, double_opt_in, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, double_opt_in = excluded.double_opt_in,
                    updated_at = excluded.updated_at
                WHERE known_list.updated_at <= excluded.updated_at""",
                events, events.size(), (ps, e) -> {
                    ps.setObject(1, UUID.fromString(e.listId()));
                    ps.setString(2, e.name() == null ? "" : e.name());
                    ps.setBoolean(3, e.doubleOptIn());
                    ps.setTimestamp(4, Timestamp.from(e.occurredAt() == null ? Instant.now() : e.occurredAt()));
                });
    }
}
