package org.tocsin.dispatch.delivery;

import java.util.EnumMap;
import java.util.Map;
import org.tocsin.contracts.DeliveryStatus;

/**
 * Delivery rows of one action by current status.
 *
 * @param byStatus every status with its count (zeros included); they add up to {@link #targeted()}
 * @param sent     rows the provider took: a sent time is known (includes delivered and undelivered ones)
 */
public record StatusCounts(Map<DeliveryStatus, Long> byStatus, long sent) {

    public StatusCounts {
        var all = new EnumMap<DeliveryStatus, Long>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            all.put(status, byStatus.getOrDefault(status, 0L));
        }
        byStatus = Map.copyOf(all);
    }

    public static final StatusCounts NONE = new StatusCounts(Map.of(), 0);

    public long of(DeliveryStatus status) {
        return byStatus.get(status);
    }

    public long targeted() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rows not yet in a terminal state. */
    public long pending() {
        return of(DeliveryStatus.QUEUED) + of(DeliveryStatus.SENT);
    }
}
