package org.tocsin.dispatch.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tocsin.dispatch.QueryPlans;
import org.tocsin.testkit.spring.RealInfrastructure;

/** How PostgreSQL runs consent_view's statements that must stay cheap however large the network. */
@SpringBootTest(properties = "spring.kafka.consumer.group-id=dispatch-test-${tocsin.test-infra.context-id}")
@RealInfrastructure
class ConsentViewPlanTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aStopFromEveryListFindsTheSupportersRowsByIndexNotByReadingTheWholeView() {
        Timestamp now = Timestamp.from(Instant.now());

        String plan = QueryPlans.withoutSeqScans(jdbc, ConsentView.LEAVE_EVERY_LIST, now, UUID.randomUUID(), now);

        assertThat(plan).doesNotContain("Seq Scan").contains("consent_view_by_supporter");
    }
}
