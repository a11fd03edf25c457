package org.tocsin.dispatch.kafka;

import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;
import org.tocsin.platform.kafka.EventDeserializer;

/** Consumer behaviour shared by dispatch's listeners. */
@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfiguration {

    // An unreadable record arrives as a null value (and is skipped) instead of failing every poll.
    @Bean
    DefaultKafkaConsumerFactoryCustomizer unreadableRecordsAreSkipped() {
        return KafkaConsumerConfiguration::skipUnreadable;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> void skipUnreadable(DefaultKafkaConsumerFactory<K, V> factory) {
        factory.setValueDeserializerSupplier(
                () -> (Deserializer<V>) (Deserializer<?>) new ErrorHandlingDeserializer<>(new EventDeserializer()));
    }

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
