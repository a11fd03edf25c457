package org.tocsin.dispatch.fanout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fan-out runs.
 *
 * @param pageSize       recipients per page, read and written to the database in one transaction
 * @param pagesInFlight  pages handed to Kafka and not yet saved: pageSize x pagesInFlight is what sits in
 *                       memory at once and at most what a crash re-sends (the gateway drops the copies)
 * @param pagesAhead     pages read and having their delivery rows written ahead of the one being handed
 *                       to Kafka, each in its own transaction and database connection, side by side
 * @param workers        actions fanned out at the same time by one instance
 * @param validity       a message not sent this long after it was requested is not sent at all ({@code notAfter})
 * @param lease          how long an instance owns a running fan-out without progress before another takes over
 * @param pollInterval   how often idle workers look for work nobody woke them for (scheduled, orphaned)
 * @param retryDelay     pause after a failed page before the fan-out resumes from its cursor
 * @param sendTimeout    longest wait for Kafka to acknowledge a page
 * @param lingerMs       producer linger: bigger batches, fewer requests
 * @param batchSizeBytes producer batch size per partition
 * @param compression    producer compression (none, gzip, snappy, lz4, zstd)
 */
@ConfigurationProperties("tocsin.dispatch.fanout")
public record FanoutProperties(@DefaultValue("4000") int pageSize, @DefaultValue("4") int pagesInFlight,
                               @DefaultValue("2") int pagesAhead,
                               @DefaultValue("2") int workers,
                               @DefaultValue("4h") Duration validity, @DefaultValue("60s") Duration lease,
                               @DefaultValue("1s") Duration pollInterval, @DefaultValue("2s") Duration retryDelay,
                               @DefaultValue("60s") Duration sendTimeout, @DefaultValue("20") int lingerMs,
                               @DefaultValue("262144") int batchSizeBytes, @DefaultValue("lz4") String compression) {

    public FanoutProperties {
        if (pageSize < 1 || pagesInFlight < 1 || pagesAhead < 1 || workers < 0) {
            throw new IllegalArgumentException(
                    "tocsin.dispatch.fanout.page-size, pages-in-flight and pages-ahead must be at least 1");
        }
    }
}
