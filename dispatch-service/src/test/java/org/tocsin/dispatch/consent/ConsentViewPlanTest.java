package org.tocsin.dispatch.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tocsin.testkit.spring.RealInfrastructure;

/** How PostgreSQL runs consent_view's statements that must stay cheap however large the network. */
@SpringBootTest(properties = "spring.kafka.consumer.group-id=dispatch-test-${tocsin.test-infra.context-id}")
@RealInfrastructure
class ConsentViewPlanTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aStopFromEveryListFindsTheSupportersRowsByIndexNotByReadingTheWholeView() {
        // With sequential scans priced out, a plan still scans the table when no index can serve the query.
        List<String> plan = jdbc.execute((ConnectionCallback<List<String>>) connection -> {
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET enable_seqscan = off");
                try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + ConsentView.LEAVE_EVERY_LIST)) {
                    Timestamp now = Timestamp.from(Instant.now());
                    explain.setTimestamp(1, now);
                    explain.setObject(2, UUID.randomUUID());
                    explain.setTimestamp(3, now);
                    List<String> lines = new ArrayList<>();
                    try (ResultSet rs = explain.executeQuery()) {
                        while (rs.next()) {
                            lines.add(rs.getString(1));
                        }
                    }
                    return lines;
                } finally {
                    settings.execute("RESET enable_seqscan");
                }
            }
        });
        assertThat(String.join("\n", plan)).doesNotContain("Seq Scan").contains("consent_view_by_supporter");
    }
}
