package org.tocsin.dispatch.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.dispatch.consent.Recipient;
import org.tocsin.testkit.spring.RealInfrastructure;

/** A page's delivery rows as PostgreSQL stores them, written new and written again after a crash. */
@SpringBootTest(properties = "spring.kafka.consumer.group-id=dispatch-test-${tocsin.test-infra.context-id}")
@RealInfrastructure
class DeliveryRowsTest {

    @Autowired
    DeliveryRows rows;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    private final UUID action = UUID.randomUUID();
    private final List<Recipient> page = IntStream.range(0, 5)
            .mapToObj(i -> new Recipient(UUID.randomUUID(), "+44770090" + (1000 + i), "Name " + i))
            .toList();

    @Test
    void aNewPageIsStoredRowForRowAsQueued() {
        List<Recipient> handedOver = transactions.execute(tx -> rows.insert(action, page, tx));

        assertThat(handedOver).isEqualTo(page);
        for (Recipient r : page) {
            Map<String, Object> row = jdbc.queryForMap("SELECT message_id, phone, status, assumed, created_at "
                    + "FROM delivery WHERE action_id = ? AND supporter_id = ?", action, r.supporterId());
            assertThat(row).containsEntry("message_id", FanoutPages.messageId(action, r.supporterId()))
                    .containsEntry("phone", r.phone()).containsEntry("status", "QUEUED").containsEntry("assumed", false);
            assertThat(row.get("created_at")).isNotNull();
        }
    }

    @Test
    void aPageWrittenAgainKeepsItsRowsAndHandsOverOnlyThoseStillQueued() {
        transactions.execute(tx -> rows.insert(action, page.subList(0, 3), tx));
        jdbc.update("UPDATE delivery SET status = 'DELIVERED' WHERE action_id = ? AND supporter_id = ?",
                action, page.get(1).supporterId());

        List<Recipient> handedOver = transactions.execute(tx -> rows.insert(action, page, tx));

        assertThat(handedOver).containsExactly(page.get(0), page.get(2), page.get(3), page.get(4));
        assertThat(jdbc.queryForList("SELECT status FROM delivery WHERE action_id = ? ORDER BY phone", String.class,
                action)).containsExactly("QUEUED", "DELIVERED", "QUEUED", "QUEUED", "QUEUED");
    }
}
