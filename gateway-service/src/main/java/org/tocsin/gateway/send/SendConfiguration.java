package org.tocsin.gateway.send;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.tocsin.contracts.Lane;
import org.tocsin.contracts.OutboundMessageRequested;
import org.tocsin.contracts.OutboundMessageRetryScheduled;
import org.tocsin.contracts.Topics;
import org.tocsin.gateway.events.EventPublisher;
import org.tocsin.gateway.provider.ProviderAdapter;
import org.tocsin.gateway.twilio.TwilioProperties;
import org.tocsin.platform.redis.RedisProperties;
import redis.clients.jedis.JedisPooled;

/**
 * One listener container per lane and one for retries, each with its own consumer group, its own
 * consumer and its own provider permits: a million-message fan-out on the urgent lane never
 * stands in front of a STOP confirmation on the transactional lane.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tocsin.gateway.enabled", havingValue = "true", matchIfMissing = true)
class SendConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SendConfiguration.class);
    static final String RETRY_LANE = "retry";

    @Bean
    OutboundSender outboundSender(ProviderAdapter provider, JedisPooled redis, RedisProperties redisProperties,
                                  TwilioProperties twilio, EventPublisher events, SendProperties properties,
                                  MeterRegistry meters) {
        return new OutboundSender(provider, new SendGate(redis, redisProperties, properties),
                new SenderPool(twilio.senders()), events, properties, new SendMetrics(meters), Clock.systemUTC());
    }

    @Bean
    ConcurrentMessageListenerContainer<String, Object> transactionalLane(ConsumerFactory<String, Object> consumers,
            OutboundSender sender, EventPublisher events, SendProperties properties, MeterRegistry meters) {
        return laneContainer(Lane.TRANSACTIONAL, consumers, sender, events, properties, meters);
    }

    @Bean
    ConcurrentMessageListenerContainer<String, Object> urgentLane(ConsumerFactory<String, Object> consumers,
            OutboundSender sender, EventPublisher events, SendProperties properties, MeterRegistry meters) {
        return laneContainer(Lane.URGENT, consumers, sender, events, properties, meters);
    }

    @Bean
    ConcurrentMessageListenerContainer<String, Object> bulkLane(ConsumerFactory<String, Object> consumers,
            OutboundSender sender, EventPublisher events, SendProperties properties, MeterRegistry meters) {
        return laneContainer(Lane.BULK, consumers, sender, events, properties, meters);
    }

    /** Retries wait on their own virtual threads until notBefore; only this container waits for them. */
    @Bean
    ConcurrentMessageListenerContainer<String, Object> retryLane(ConsumerFactory<String, Object> consumers,
            OutboundSender sender, EventPublisher events, SendProperties properties, MeterRegistry meters) {
        Semaphore permits = new Semaphore(properties.maxConcurrentSends(), true);
        SendMetrics metrics = new SendMetrics(meters);
        BatchMessageListener<String, Object> listener = records -> runBatch(RETRY_LANE, records, events, (record, outcomes) -> {
            if (!(record.value() instanceof OutboundMessageRetryScheduled retry) || retry.request() == null) {
                skipUnreadable(record, metrics);
                return;
            }
            long waitMillis = retry.notBefore() == null ? 0 : retry.notBefore().toEpochMilli() - Instant.now().toEpochMilli();
            if (waitMillis > 0) {
                // never longer than the backoff allows, whatever the record says: the poll must end in time
                Thread.sleep(Math.min(waitMillis, properties.retryMaxDelay().toMillis()));
            }
            sender.send(retry.request(), retry.attempt(), RETRY_LANE, permits, outcomes);
        });
        return container(Topics.OUTBOUND_RETRY, RETRY_LANE, listener, consumers, properties);
    }

    private ConcurrentMessageListenerContainer<String, Object> laneContainer(Lane lane,
            ConsumerFactory<String, Object> consumers, OutboundSender sender, EventPublisher events,
            SendProperties properties, MeterRegistry meters) {
        String name = lane.name().toLowerCase(Locale.ROOT);
        Semaphore permits = new Semaphore(properties.maxConcurrentSends(), true);
        SendMetrics metrics = new SendMetrics(meters);
        BatchMessageListener<String, Object> listener = records -> runBatch(name, records, events, (record, outcomes) -> {
            if (!(record.value() instanceof OutboundMessageRequested request)) {
                skipUnreadable(record, metrics);
                return;
            }
            sender.send(request, 1, name, permits, outcomes);
        });
        return container(Topics.outbound(lane), name, listener, consumers, properties);
    }

    /** Handles one record; what it leaves pending goes into {@code outcomes}. */
    @FunctionalInterface
    private interface LaneHandler {
        void handle(ConsumerRecord<String, Object> record, PendingOutcomes outcomes) throws Exception;
    }

    /** Returns (and the container commits the poll's offsets) only once every record's events are acknowledged. */
    private static void runBatch(String lane, List<ConsumerRecord<String, Object>> records, EventPublisher events,
                                 LaneHandler handler) {
        PendingOutcomes outcomes = new PendingOutcomes();
        try {
            KeyOrderedBatch.run("send-" + lane + "-", records, record -> handler.handle(record, outcomes));
            events.awaitAll(outcomes.all());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: the batch is redelivered", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void skipUnreadable(ConsumerRecord<String, Object> record, SendMetrics metrics) {
        log.error("Skipped an unreadable record on {} partition {} offset {}", record.topic(), record.partition(),
                record.offset());
        metrics.unreadable(record.topic());
    }

    private static ConcurrentMessageListenerContainer<String, Object> container(String topic, String lane,
            BatchMessageListener<String, Object> listener, ConsumerFactory<String, Object> consumers,
            SendProperties properties) {
        var containerProperties = new ContainerProperties(topic);
        containerProperties.setGroupId(properties.consumerGroup() + "." + lane);
        containerProperties.setClientId("gateway-" + lane);
        containerProperties.setAckMode(ContainerProperties.AckMode.BATCH);
        containerProperties.setMessageListener(listener);
        Properties kafka = new Properties();
        kafka.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(properties.maxPollRecords()));
        kafka.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(properties.maxPollInterval().toMillis()));
        containerProperties.setKafkaConsumerProperties(kafka);
        var container = new ConcurrentMessageListenerContainer<>(consumers, containerProperties);
        container.setConcurrency(properties.laneConsumers());
        container.setBeanName("gateway-lane-" + lane);
        container.setCommonErrorHandler(retryForever());
        return container;
    }

    /**
     * A batch fails only when Redis or Kafka is unavailable: retry it (consumer paused, still polling)
     * until they are back, rather than skip messages.
     */
    private static CommonErrorHandler retryForever() {
        var backOff = new ExponentialBackOff(1_000, 2.0);
        backOff.setMaxInterval(30_000);
        return new DefaultErrorHandler(backOff);
    }
}
