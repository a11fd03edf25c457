package org.tocsin.twiliosim.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tocsin.twiliosim.Behaviour;
import org.tocsin.twiliosim.messages.DeliveryProgression.Step;

/** Which statuses a message goes through, for a given draw of the dice. */
class DeliveryPlanTest {

    private static MessageRecord message(Integer validityPeriod) {
        Instant now = Instant.now();
        return new MessageRecord(1, MessageRecord.newSid(), "AC" + "0".repeat(32), MessageRecord.OUTBOUND_API,
                "+447700900123", "+15005550006", null, "hi", "queued", 1, null, null, null, now, now, null, null,
                validityPeriod);
    }

    @Test
    void ratesSplitTheDrawIntoFailedUndeliveredAndDelivered() {
        Behaviour behaviour = Behaviour.defaults().withFailureRate(0.2).withUndeliveredRate(0.3);

        assertThat(DeliveryProgression.plan(message(null), behaviour, 0.1))
                .containsExactly(new Step("failed", 30008));
        assertThat(DeliveryProgression.plan(message(null), behaviour, 0.4))
                .containsExactly(new Step("sent", null), new Step("undelivered", 30003));
        assertThat(DeliveryProgression.plan(message(null), behaviour, 0.5))
                .containsExactly(new Step("sent", null), new Step("delivered", null));
    }

    @Test
    void theConfiguredErrorCodeReplacesTheDefaults() {
        Behaviour behaviour = Behaviour.defaults().withFailureRate(0.5).withUndeliveredRate(0.5).withErrorCode(30007);
        assertThat(DeliveryProgression.plan(message(null), behaviour, 0.1)).last().isEqualTo(new Step("failed", 30007));
        assertThat(DeliveryProgression.plan(message(null), behaviour, 0.9)).last()
                .isEqualTo(new Step("undelivered", 30007));
    }

    @Test
    void aValidityPeriodShorterThanTheLatencyExpires() {
        Behaviour slow = Behaviour.defaults().withLatencyMillis(2_500);
        assertThat(DeliveryProgression.plan(message(2), slow, 0.9)).containsExactly(new Step("failed", 30036));
        assertThat(DeliveryProgression.plan(message(3), slow, 0.9)).extracting(Step::status)
                .isEqualTo(List.of("sent", "delivered"));
    }

    @Test
    void sentSetsThePriceAndDateSent() {
        MessageRecord sent = message(null).advance("sent", null, Instant.now());
        assertThat(sent.price()).isEqualTo("-0.00790");
        assertThat(sent.dateSent()).isNotNull();
        MessageRecord failed = message(null).advance("failed", 30008, Instant.now());
        assertThat(failed.price()).isNull();
        assertThat(failed.errorMessage()).isEqualTo("Unknown error");
    }
}
