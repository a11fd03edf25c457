package org.tocsin.dispatch.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a delivery counts as stuck.
 *
 * @param expireAfter  a row still QUEUED or SENT this long after it was created becomes EXPIRED;
 *                     default: the fan-out's message validity plus {@code expiryMargin}
 * @param expiryMargin added to the validity when {@code expireAfter} is not set: time for late
 *                     provider reports
 * @param sweepBatch   rows expired per statement
 */
@ConfigurationProperties("tocsin.dispatch.delivery")
record DeliveryProperties(Duration expireAfter, @DefaultValue("1h") Duration expiryMargin,
                          @DefaultValue("10000") int sweepBatch) {
}
