package org.tocsin.gateway.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How repeated webhooks are recognised.
 *
 * @param seenTtl        how long a processed webhook is remembered (Twilio retries well within 48 hours)
 * @param processingTtl  how long one delivery may hold its claim while its event is published; longer
 *                       than the publish timeout, so a claim never lapses under a live holder
 * @param concurrentWait how long a second, concurrent delivery of the same webhook waits for the first
 *                       to finish before it answers 503 (Twilio then retries it)
 * @param awaitSent      how long a delivery report waits for our own SENT event of that message to be
 *                       published, so that SENT comes before DELIVERED on the status topic
 */
@ConfigurationProperties("tocsin.gateway.webhooks")
public record WebhookProperties(@DefaultValue("48h") Duration seenTtl,
                                @DefaultValue("30s") Duration processingTtl,
                                @DefaultValue("5s") Duration concurrentWait,
                                @DefaultValue("2s") Duration awaitSent) {
}
