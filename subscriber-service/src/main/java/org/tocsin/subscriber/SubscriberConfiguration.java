package org.tocsin.subscriber;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
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
     * Kafka listeners on platform threads, not virtual ones (Tomcat keeps its virtual threads): a
     * listener thread spends its time in PostgreSQL and Redis round trips, and on a virtual thread
     * every one of them parks and unparks through the JDK's poller. There are only a few listener
     * threads (one per consumer), so virtual threads buy nothing there.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> listenersOnPlatformThreads() {
        return container -> container.getContainerProperties()
                .setListenerTaskExecutor(new SimpleAsyncTaskExecutor(container.getListenerId() + "-"));
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
