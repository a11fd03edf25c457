package org.tocsin.dispatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Comparator;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActionIdsTest {

    /** PostgreSQL's order of uuids: their 16 bytes compared as unsigned, most significant first. */
    private static final Comparator<UUID> POSTGRES_ORDER = (a, b) -> {
        int first = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return first != 0 ? first : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    @Test
    void isAVersion7UuidCarryingItsMillisecond() {
        long millis = Instant.parse("2026-12-08T00:05:00.123Z").toEpochMilli();
        UUID id = ActionIds.next(millis, new Random(1));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562's variant, bits 10
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        // the layout of RFC 9562's example: 48 bits of time, then the version nibble
        assertThat(id.toString()).startsWith(String.format("%08x-%04x-7", millis >>> 16, millis & 0xFFFF));
    }

    @Test
    void aLaterMillisecondSortsAfterAnEarlierOneWhateverTheRandomBits() {
        Random allOnes = new FixedRandom(-1);
        Random allZeros = new FixedRandom(0);
        long millis = Instant.parse("2026-12-08T00:05:00Z").toEpochMilli();

        UUID earlier = ActionIds.next(millis, allOnes);
        UUID later = ActionIds.next(millis + 1, allZeros);

        assertThat(POSTGRES_ORDER.compare(earlier, later)).isNegative();
        // and from 2^47 ms on (the year 6429), when the first byte is above 0x7f: a signed comparison
        // would put those first
        long far = 1L << 47;
        assertThat(POSTGRES_ORDER.compare(ActionIds.next(far, allOnes), ActionIds.next(far + 1, allZeros))).isNegative();
        assertThat(POSTGRES_ORDER.compare(later, ActionIds.next(far, allZeros))).isNegative();
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomBits() {
        long millis = Instant.parse("2026-12-08T00:05:00Z").toEpochMilli();
        Random random = new Random(7);
        assertThat(ActionIds.next(millis, random)).isNotEqualTo(ActionIds.next(millis, random));
        assertThat(ActionIds.next()).isNotEqualTo(ActionIds.next());
    }

    @Test
    void aTimeOutside48BitsIsRefused() {
        assertThatThrownBy(() -> ActionIds.next(1L << 48, new Random(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActionIds.next(-1, new Random(1))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Every int and long it gives is the same value. */
    private static final class FixedRandom extends Random {
        private final long value;

        FixedRandom(long value) {
            this.value = value;
        }

        @Override
        public int nextInt() {
            return (int) value;
        }

        @Override
        public long nextLong() {
            return value;
        }
    }
}
