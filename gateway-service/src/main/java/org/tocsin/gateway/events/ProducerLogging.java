package org.tocsin.gateway.events;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;

/**
 * A failed send is logged without its key and value: they hold supporters' phone numbers and the
 * texts they sent (Spring Kafka's default listener prints both; replaces Spring Boot's).
 */
@Configuration(proxyBeanMethods = false)
class ProducerLogging {

    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        var listener = new LoggingProducerListener<Object, Object>();
        listener.setIncludeContents(false);
        return listener;
    }
}
