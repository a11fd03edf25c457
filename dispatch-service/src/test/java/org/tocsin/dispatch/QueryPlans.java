package org.tocsin.dispatch;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** How PostgreSQL would run a statement, for tests of statements that must stay cheap however large the tables. */
public final class QueryPlans {

    private QueryPlans() {
    }

    /**
     * The plan of {@code sql} with {@code parameters}, with sequential scans priced out: a plan that
     * still scans a table then has no index that can serve the statement.
     */
    public static String withoutSeqScans(JdbcTemplate jdbc, String sql, Object... parameters) {
        return jdbc.execute((ConnectionCallback<String>) connection -> {
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET enable_seqscan = off");
                try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
                    for (int i = 0; i < parameters.length; i++) {
                        explain.setObject(i + 1, parameters[i]);
                    }
                    List<String> lines = new ArrayList<>();
                    try (ResultSet rs = explain.executeQuery()) {
                        while (rs.next()) {
                            lines.add(rs.getString(1));
                        }
                    }
                    return String.join("\n", lines);
                } finally {
                    settings.execute("RESET enable_seqscan");
                }
            }
        });
    }
}
