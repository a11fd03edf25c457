package org.tocsin.subscriber;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class SubscriberConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Retries a failed record with growing pauses (up to 30 s) until it succeeds, instead of the
     * default ten tries then skip: a skipped STOP would be an opt-out lost, while the database or
     * Redis being down for a while only delays its partition. Records that can never be read
     * (deserialisation, wrong type) are still skipped by the handler's own classification.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        return new DefaultErrorHandler(backOff);
    }
}
