package org.tocsin.dispatch.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tocsin.testkit.spring.RealInfrastructure;

/**
 * The audience read page by page, for one target list (its own statement) and for several, and its
 * size checked against a limit without counting all of it.
 */
@SpringBootTest(properties = "spring.kafka.consumer.group-id=dispatch-test-${tocsin.test-infra.context-id}")
@RealInfrastructure
class ConsentViewPageTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConsentView consent;

    private final UUID listA = UUID.randomUUID();
    private final UUID listB = UUID.randomUUID();

    /** Supporter ids that sort in the order given, unique to this test. */
    private final long prefix = UUID.randomUUID().getMostSignificantBits();

    private UUID supporter(int n) {
        return new UUID(prefix, n);
    }

    private void row(UUID list, int supporter, String phone, String state, Instant updatedAt) {
        jdbc.update("INSERT INTO consent_view (supporter_id, list_id, phone, first_name, language, state, updated_at) "
                        + "VALUES (?, ?, ?, ?, 'en', ?, ?)", supporter(supporter), list.toString(), phone,
                "Name" + supporter, state, Timestamp.from(updatedAt));
    }

    /** Every page of the audience, {@code size} at a time, as the fan-out reads it. */
    private List<Recipient> readAll(List<UUID> lists, int size) {
        List<Recipient> all = new ArrayList<>();
        UUID after = null;
        List<Recipient> page;
        do {
            page = consent.page(lists, after, size);
            assertThat(page.size()).isLessThanOrEqualTo(size);
            all.addAll(page);
            after = page.isEmpty() ? after : page.getLast().supporterId();
        } while (page.size() == size);
        return all;
    }

    @Test
    void oneTargetListIsReadInSupporterOrderWithItsSubscribedRowsOnly() {
        Instant now = Instant.now();
        for (int n : new int[] {5, 1, 4, 2, 7}) {
            row(listA, n, "+44700000000" + n, "SUBSCRIBED", now);
        }
        row(listA, 3, "+44700000003", "UNSUBSCRIBED", now);
        row(listA, 6, "+44700000006", "PENDING", now);
        row(listB, 8, "+44700000008", "SUBSCRIBED", now);

        List<Recipient> all = readAll(List.of(listA), 2);

        assertThat(all).extracting(Recipient::supporterId)
                .containsExactly(supporter(1), supporter(2), supporter(4), supporter(5), supporter(7));
        assertThat(all.getFirst().phone()).isEqualTo("+447000000001");
        assertThat(all.getFirst().firstName()).isEqualTo("Name1");
        assertThat(consent.page(List.of(listA), supporter(7), 2)).isEmpty();
    }

    @Test
    void severalTargetListsGiveEachSupporterOnceWithTheirLatestRow() {
        Instant now = Instant.now();
        row(listA, 1, "+447000000001", "SUBSCRIBED", now);
        row(listA, 2, "+44700000002-old", "SUBSCRIBED", now.minusSeconds(60));
        row(listB, 2, "+447000000002", "SUBSCRIBED", now);
        row(listB, 3, "+447000000003", "SUBSCRIBED", now);
        row(listB, 4, "+447000000004", "UNSUBSCRIBED", now);

        List<Recipient> all = readAll(List.of(listA, listB), 2);

        assertThat(all).extracting(Recipient::supporterId).containsExactly(supporter(1), supporter(2), supporter(3));
        assertThat(all.get(1).phone()).isEqualTo("+447000000002");
    }

    @Test
    void audienceAboveALimitCountsEachSubscribedSupporterOnceUpToTheLimit() {
        Instant now = Instant.now();
        for (int n = 1; n <= 3; n++) {
            row(listA, n, "+44700000000" + n, "SUBSCRIBED", now);
        }
        row(listA, 4, "+447000000004", "UNSUBSCRIBED", now);
        row(listB, 2, "+447000000002", "SUBSCRIBED", now);
        row(listB, 3, "+447000000003", "SUBSCRIBED", now);
        row(listB, 5, "+447000000005", "PENDING", now);

        // three subscribed on A: exactly at a limit of 3 is not above it
        assertThat(consent.audienceAbove(List.of(listA), 3)).isFalse();
        assertThat(consent.audienceAbove(List.of(listA), 2)).isTrue();
        // five subscribed rows on A and B, but supporters 2 and 3 are on both: three people
        assertThat(consent.audienceAbove(List.of(listA, listB), 3)).isFalse();
        assertThat(consent.audienceAbove(List.of(listA, listB), 2)).isTrue();
        assertThat(consent.audienceAbove(List.of(listB), 1)).isTrue();
        assertThat(consent.audienceAbove(List.of(listB), 2)).isFalse();
        assertThat(consent.audienceAbove(List.of(UUID.randomUUID()), 0)).isFalse();
        assertThat(consent.audienceAbove(List.of(listA), 0)).isTrue();
        // a threshold below zero: every action needs a second approval, even one to nobody
        assertThat(consent.audienceAbove(List.of(UUID.randomUUID()), -5)).isTrue();
    }
}
