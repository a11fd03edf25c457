package org.tocsin.dispatch.stats;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.tocsin.contracts.DeliveryStatus;
import org.tocsin.contracts.ResponseKind;

/**
 * The funnel of one urgent action, computed from its rows when asked (so always consistent with them,
 * whatever Kafka redelivered).
 *
 * @param targeted            recipients with a delivery row
 * @param queued              not yet reported on by the gateway
 * @param suppressed          not sent: the recipient had opted out
 * @param sent                taken by the provider (cumulative: includes delivered and undelivered)
 * @param delivered           the provider confirmed delivery
 * @param undelivered         the provider could not deliver
 * @param failed              the send failed (after the gateway's retries, or a provider failure)
 * @param cancelled           not sent: the action was cancelled first
 * @param expired             no final status in time (see the delivery sweeper)
 * @param replied             targeted supporters who responded (one each)
 * @param responses           those responses by kind (YES, NO, OTHER)
 * @param optedOutSince       targeted supporters who left a target list, or every list, after the trigger
 * @param medianReplySeconds  median of (response time − the delivery's sent time), null without replies;
 *                            continuous percentile (interpolated), like PostgreSQL's percentile_cont
 * @param p90ReplySeconds     90th percentile of the same
 * @param byStatus            current status of every delivery row
 */
record StatsView(UUID alertId, String state, Instant triggeredAt, long targeted, long queued, long suppressed, long sent,
                 long delivered, long undelivered, long failed, long cancelled, long expired, long replied,
                 Map<ResponseKind, Long> responses, long optedOutSince, Double medianReplySeconds,
                 Double p90ReplySeconds, Map<DeliveryStatus, Long> byStatus, Instant computedAt) {
}
