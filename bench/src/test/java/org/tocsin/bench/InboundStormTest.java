package org.tocsin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InboundStormTest {

    @Test
    void aTracerNotYetVisibleIsAskedAgainAfterAFiftiethOfItsAgeWithinBounds() {
        assertThat(InboundStorm.recheckAfter(Duration.ofMillis(100).toNanos())).isEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(InboundStorm.recheckAfter(Duration.ofSeconds(10).toNanos())).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(InboundStorm.recheckAfter(Duration.ofSeconds(60).toNanos())).isEqualTo(Duration.ofMillis(500).toNanos());
    }

    @Test
    void webhookSidsAndNumbersStayDistinctPastTheOldPhaseLimits() {
        // phases once wrapped at 256 (sids) and 100 (numbers), so a long warm-up would have reused a storm's
        Set<String> sids = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        for (int phase : new int[] {0, 1, 100, 255, 256, 356, 9_999}) {
            for (int index : new int[] {0, 1, 0xffffff}) {
                String sid = InboundWebhooks.sid("run-a", phase, index);
                assertThat(sid).matches("SM[0-9a-f]{32}");
                assertThat(sids.add(sid)).as("sid of phase %d, index %d is new", phase, index).isTrue();
                assertThat(sids.add(InboundWebhooks.sid("run-b", phase, index))).isTrue();
            }
            for (int index : new int[] {0, 1, 999_999}) {
                String number = InboundStorm.phone("+4472", phase, index);
                assertThat(number).matches("\\+[1-9]\\d{6,14}"); // E.164, as subscriber checks it
                assertThat(numbers.add(number)).as("number of phase %d, index %d is new", phase, index).isTrue();
            }
        }
        assertThatThrownBy(() -> InboundWebhooks.sid("run-a", 1, 0x1000000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16777216");
    }

    @Test
    void openLoopRatesAreReadFromTheirOptionAndABadValueIsRefusedWithWhatWasWrong() {
        assertThat(InboundStorm.openLoopRates("")).isEmpty();
        assertThat(InboundStorm.openLoopRates(" 250, 1000 ")).containsExactly(250, 1000);
        assertThat(InboundStorm.openLoopRates("250,250,250,1000,2000")).containsExactly(250, 250, 250, 1000, 2000);
        for (String bad : List.of("250,", "0", "-250", "fast", "250;1000", "250,,1000")) {
            assertThatThrownBy(() -> InboundStorm.openLoopRates(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(InboundStorm.OPEN_LOOP_RATES_PROPERTY)
                    .hasMessageEndingWith("got " + bad);
        }
    }

    @Test
    void theArrivalSearchEndsWithinFourStormsWhateverTheAnswers() {
        // W3 runs open-loop storms until the search has nothing left to try: every run of answers must end it
        for (int answers = 0; answers < 1 << 5; answers++) {
            InboundStorm.ArrivalSearch search = new InboundStorm.ArrivalSearch();
            int storms = 0;
            while (search.next() >= 0 && storms <= 5) {
                search.answer((answers >> storms & 1) == 1);
                storms++;
            }
            assertThat(storms).as("storms for answers %s", Integer.toBinaryString(answers)).isBetween(1, 4);
        }
    }

    @Test
    void theArrivalSearchBisectsBetweenTheHighestHeldAndTheLowestMissedRate() {
        int n = InboundStorm.ARRIVAL_RATES.length;
        int target = Arrays.binarySearch(InboundStorm.ARRIVAL_RATES, 2000);
        // the target missed: halfway down to nothing held; then halfway between the two
        int thousand = InboundStorm.nextArrivalIndex(-1, target);
        assertThat(InboundStorm.ARRIVAL_RATES[thousand]).isEqualTo(1000);
        assertThat(InboundStorm.ARRIVAL_RATES[InboundStorm.nextArrivalIndex(thousand, target)]).isEqualTo(1500);
        // the target held: halfway up to the highest rate
        assertThat(InboundStorm.ARRIVAL_RATES[InboundStorm.nextArrivalIndex(target, n)]).isEqualTo(2500);
        // neighbours, or nothing left at either end: done
        assertThat(InboundStorm.nextArrivalIndex(thousand, thousand + 1)).isEqualTo(-1);
        assertThat(InboundStorm.nextArrivalIndex(-1, 0)).isEqualTo(-1);
        assertThat(InboundStorm.nextArrivalIndex(n - 1, n)).isEqualTo(-1);
        assertThat(InboundStorm.ARRIVAL_RATES[InboundStorm.nextArrivalIndex(-1, 1)]).isEqualTo(250);
    }

    @Test
    void theArrivalSearchEndsWithinItsRoundsWhateverTheAnswers() {
        // every pattern of held / missed answers over the rates ends in at most 4 storms
        int n = InboundStorm.ARRIVAL_RATES.length;
        for (int boundary = 0; boundary <= n; boundary++) { // rates below the boundary hold
            var search = new InboundStorm.ArrivalSearch();
            assertThat(InboundStorm.ARRIVAL_RATES[search.next()]).isEqualTo(2000);
            int storms = 0;
            for (; search.next() >= 0; storms++) {
                search.answer(search.next() < boundary);
            }
            assertThat(storms).as("boundary %d", boundary).isLessThanOrEqualTo(4);
            assertThat(search.highestHeld()).as("boundary %d", boundary).isEqualTo(boundary - 1);
        }
    }
}
