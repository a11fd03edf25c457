package org.tocsin.dispatch.fanout;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The fan-out's producer: the platform serde (String keys, contracts events as JSON with a type
 * header), idempotent, tuned for throughput: a page is sent without waiting per record, then its
 * acknowledgements are awaited together.
 */
@Configuration(proxyBeanMethods = false)
class FanoutKafkaConfiguration {

    @Bean
    ProducerFactory<String, Object> fanoutProducerFactory(KafkaProperties kafka, FanoutProperties fanout) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, fanout.lingerMs());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, fanout.batchSizeBytes());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, fanout.compression());
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean
    KafkaTemplate<String, Object> fanoutKafkaTemplate(ProducerFactory<String, Object> fanoutProducerFactory) {
        return new KafkaTemplate<>(fanoutProducerFactory);
    }
}
