package org.tocsin.dispatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tocsin.dispatch.QueryPlans;
import org.tocsin.testkit.spring.RealInfrastructure;

/** The sweeper reads pending rows through the one index of pending rows, never the whole delivery table. */
@SpringBootTest(properties = "spring.kafka.consumer.group-id=dispatch-test-${tocsin.test-infra.context-id}")
@RealInfrastructure
class DeliverySweeperPlanTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void stuckDeliveriesAreFoundActionByActionThroughThePendingIndex() {
        String plan = QueryPlans.withoutSeqScans(jdbc, DeliverySweeper.EXPIRE_STUCK, "PT5H", 18_000.0, 10_000, 10_000);

        // each action's stuck rows are one range of the index, not a filter over every pending row
        assertThat(plan).doesNotContain("Seq Scan on delivery")
                .containsPattern("Index Scan using delivery_pending on delivery d .*\\n.*Index Cond: \\(\\(action_id = a\\.id\\)"
                        + " AND \\(created_at < ");
    }

    @Test
    void thePendingIndexIsTheOnlyOneBesideThePrimaryKey() {
        // each index on delivery is written once per recipient of every fan-out
        assertThat(jdbc.queryForList("SELECT indexname FROM pg_indexes WHERE tablename = 'delivery' "
                + "AND schemaname = current_schema() ORDER BY indexname", String.class))
                .containsExactly("delivery_pending", "delivery_pkey");
    }
}
