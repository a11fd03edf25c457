package org.tocsin.platform.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.support.LoggingProducerListener;
import org.springframework.kafka.support.ProducerListener;

/**
 * A failed send is logged without its key and value: they hold supporters' phone numbers and what
 * they texted. Spring Kafka's default listener prints both; this one replaces Spring Boot's, so
 * it must be registered before Boot's Kafka auto-configuration.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
public class KafkaProducerLoggingAutoConfiguration {

    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        var listener = new LoggingProducerListener<Object, Object>();
        listener.setIncludeContents(false);
        return listener;
    }
}
