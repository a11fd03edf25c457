package org.tocsin.dispatch.alert;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rules of the urgent-action lifecycle.
 *
 * @param secondApprovalThreshold an action whose audience is above this many recipients needs the
 *                                approval of a coordinator other than its creator before it can be
 *                                triggered; at or below it, triggering needs no approval
 * @param defaultReplyWindow      reply window of an action drafted without one
 * @param maxReplyWindow          longest reply window accepted
 * @param idempotencyKeyTtl       how long a trigger's Idempotency-Key is remembered
 */
@ConfigurationProperties("tocsin.dispatch")
record AlertProperties(@DefaultValue("1000") long secondApprovalThreshold,
                       @DefaultValue("72h") Duration defaultReplyWindow,
                       @DefaultValue("30d") Duration maxReplyWindow,
                       @DefaultValue("7d") Duration idempotencyKeyTtl) {
}
