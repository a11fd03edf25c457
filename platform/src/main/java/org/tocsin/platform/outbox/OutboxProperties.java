package org.tocsin.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox relay runs.
 *
 * @param pollInterval  longest wait between looks at the table (a commit wakes it sooner)
 * @param batchSize     rows published per transaction
 * @param keepPublished how long published rows stay, for inspection, before they are deleted
 */
@ConfigurationProperties("tocsin.outbox")
public record OutboxProperties(@DefaultValue("200ms") Duration pollInterval, @DefaultValue("500") int batchSize,
                               @DefaultValue("1d") Duration keepPublished) {
}
