package org.tocsin.twiliosim.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How many messages the store keeps, and which it forgets. */
class MessageStoreTest {

    private final MessageStore store = new MessageStore(10);

    private List<String> add(int count) {
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sid = MessageRecord.newSid();
            store.add(MessageRecord.inbound(store.nextSequence(), sid, "AC" + "0".repeat(32), "+447700900" + (100 + i),
                    "+15005550006", "JOIN", 1, Instant.now()));
            sids.add(sid);
        }
        return sids;
    }

    @Test
    void keepingFewerForgetsTheOldestAtOnceAndFromThenOn() {
        List<String> first = add(8);
        store.keepAtMost(3);
        assertThat(store.size()).isEqualTo(3);
        assertThat(first.subList(0, 5)).allSatisfy(sid -> assertThat(store.find(sid)).isNull());
        assertThat(first.subList(5, 8)).allSatisfy(sid -> assertThat(store.find(sid)).isNotNull());

        List<String> next = add(4);
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.list(message -> true)).extracting(MessageRecord::sid).containsExactlyElementsOf(next.subList(1, 4));
    }

    @Test
    void keepingMoreAgainLetsItGrowToTheNewNumber() {
        store.keepAtMost(2);
        add(5);
        store.keepAtMost(6);
        add(5);
        assertThat(store.size()).isEqualTo(6);
    }

    @Test
    void keepingNoneIsRefused() {
        assertThatThrownBy(() -> store.keepAtMost(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asked to keep 0");
    }
}
