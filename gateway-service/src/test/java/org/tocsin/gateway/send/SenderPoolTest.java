package org.tocsin.gateway.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SenderPoolTest {

    private static final List<String> RECIPIENTS = IntStream.range(0, 3_000)
            .mapToObj(i -> "+4477009" + String.format("%05d", i)).toList();

    @Test
    void aRecipientAlwaysGetsTheSameSenderWhateverTheOrderOfThePool() {
        var pool = new SenderPool(List.of("+15005550006", "+15005550007", "+15005550008"));
        var reordered = new SenderPool(List.of("+15005550008", "+15005550006", "+15005550007"));

        for (String recipient : RECIPIENTS) {
            assertThat(pool.senderFor(recipient)).isEqualTo(pool.senderFor(recipient))
                    .isEqualTo(reordered.senderFor(recipient));
        }
    }

    @Test
    void aReplyGoesFromTheNumberTheSupporterWroteToWhenItIsOurs() {
        var pool = new SenderPool(List.of("+15005550006", "+15005550007", "+15005550008"));
        String recipient = RECIPIENTS.getFirst();
        String other = pool.senders().stream().filter(s -> !s.equals(pool.senderFor(recipient))).findFirst().orElseThrow();

        assertThat(pool.senderFor(recipient, other)).isEqualTo(other);
        assertThat(pool.senderFor(recipient, "+19995550000")).as("not ours").isEqualTo(pool.senderFor(recipient));
        assertThat(pool.senderFor(recipient, null)).isEqualTo(pool.senderFor(recipient));
    }

    @Test
    void recipientsSpreadOverEverySender() {
        var pool = new SenderPool(List.of("+15005550006", "+15005550007", "+15005550008"));

        Map<String, Long> perSender = RECIPIENTS.stream().collect(Collectors.groupingBy(pool::senderFor, Collectors.counting()));

        assertThat(perSender).hasSize(3);
        perSender.values().forEach(count -> assertThat(count).isBetween(800L, 1_200L));
    }

    @Test
    void aNewSenderTakesOnlyTheRecipientsItWins() {
        var before = new SenderPool(List.of("+15005550006", "+15005550007"));
        var after = new SenderPool(List.of("+15005550006", "+15005550007", "+15005550008"));

        Map<String, String> moved = RECIPIENTS.stream()
                .filter(r -> !before.senderFor(r).equals(after.senderFor(r)))
                .collect(Collectors.toMap(Function.identity(), after::senderFor));

        assertThat(moved.values()).containsOnly("+15005550008");
    }

    @Test
    void anEmptyPoolIsAConfigurationError() {
        assertThatThrownBy(() -> new SenderPool(List.of())).hasMessageContaining("TOCSIN_TWILIO_SENDERS");
    }
}
