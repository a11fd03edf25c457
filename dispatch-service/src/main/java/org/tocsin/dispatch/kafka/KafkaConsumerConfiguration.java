package org.tocsin.dispatch.kafka;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Consumer behaviour shared by dispatch's listeners (unreadable records: the platform's consumer defaults). */
@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfiguration {

    // A failing batch (database down) is retried until it succeeds: the read models must not lose events.
    // Poison values are isolated inside the listeners (EventBatches), so they cannot block this forever.
    @Bean
    CommonErrorHandler retryUntilApplied() {
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
