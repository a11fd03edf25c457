package org.tocsin.platform.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.tocsin.contracts.ApiUserChanged;
import org.tocsin.contracts.Topics;

/**
 * Reads the whole compacted user topic from the start, then follows it. Every instance reads every
 * partition (no consumer group): each needs all users.
 */
class ApiUserReplication implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApiUserReplication.class);

    private final Map<String, Object> consumerConfig;
    private final ApiUsers users;
    private volatile KafkaConsumer<String, Object> consumer;
    private volatile Thread worker;
    private volatile boolean running;

    ApiUserReplication(Map<String, Object> consumerConfig, ApiUsers users) {
        this.consumerConfig = new java.util.HashMap<>(consumerConfig);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.users = users;
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig);
        running = true;
        worker = Thread.ofPlatform().daemon().name("api-user-replication").start(this::follow);
    }

    private void follow() {
        try (KafkaConsumer<String, Object> c = consumer) {
            List<TopicPartition> partitions = waitForPartitions(c);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, Object> record : c.poll(Duration.ofSeconds(1))) {
                    if (record.value() instanceof ApiUserChanged change) {
                        users.apply(change);
                    }
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("API user replication stopped: users managed by ADMINs may be out of date", e);
        }
    }

    // The topic may not exist yet when the first service starts (KafkaAdmin creates it moments later).
    private List<TopicPartition> waitForPartitions(KafkaConsumer<String, Object> c) {
        while (running) {
            try {
                var infos = c.partitionsFor(Topics.API_USERS, Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                log.debug("waiting for topic {}", Topics.API_USERS);
            }
        }
        throw new WakeupException();
    }

    // wakeup(), not interrupt(): an interrupted thread cannot close its consumer cleanly
    @Override
    public void stop() {
        Thread t = worker;
        worker = null;
        running = false;
        KafkaConsumer<String, Object> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
