package org.tocsin.dispatch.fanout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.platform.kafka.EventSerializer;

/**
 * The fan-out's own producer: idempotent, acks=all, tuned for throughput (linger, large batches,
 * compression). A page's records go out without waiting per record; one callback object per page
 * counts their acknowledgements (a future per record cost more than the send in the profile).
 */
@Component
class FanoutProducer implements DisposableBean {

    private static final List<Header> TYPE = List.of(new RecordHeader(EventSerializer.TYPE_HEADER,
            OutboundMessageRequested.class.getSimpleName().getBytes(StandardCharsets.UTF_8)));

    private final Producer<String, byte[]> producer;

    FanoutProducer(KafkaProperties kafka, FanoutProperties fanout) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, fanout.lingerMs());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, fanout.batchSizeBytes());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, fanout.compression());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "dispatch-fanout");
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producer = new KafkaProducer<>(config);
    }

    /** Acknowledgements of one page: completes when all arrived, fails with the first error. */
    static final class PageAcks implements Callback {
        private final AtomicInteger missing;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        PageAcks(int records) {
            this.missing = new AtomicInteger(records);
            if (records == 0) {
                done.complete(null);
            }
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                done.completeExceptionally(error);
            } else if (missing.decrementAndGet() == 0) {
                done.complete(null);
            }
        }

        CompletableFuture<Void> done() {
            return done;
        }
    }

    /** Hands one record to the producer (it returns at once unless the producer's buffer is full). */
    void send(String topic, String key, byte[] json, PageAcks acks) {
        try {
            producer.send(new ProducerRecord<>(topic, null, key, json, TYPE), acks);
        } catch (RuntimeException e) {
            acks.onCompletion(null, e);
        }
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(10));
    }
}
