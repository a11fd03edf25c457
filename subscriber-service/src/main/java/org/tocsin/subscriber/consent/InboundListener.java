package org.tocsin.subscriber.consent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.OptOutReportedByProvider;
import org.tocsin.contracts.Topics;
import org.tocsin.platform.logging.PhoneMasking;
import org.tocsin.subscriber.keyword.Command;
import org.tocsin.subscriber.keyword.KeywordCatalog;
import org.tocsin.subscriber.keyword.KeywordEngine;
import org.tocsin.subscriber.supporter.PhoneNumbers;
import org.tocsin.subscriber.supporter.SupporterRepository;

/**
 * Reads what supporters texted (in order per phone: the topic is keyed by phone) and what providers
 * report as opt-outs. A failure is retried (see SubscriberConfiguration) rather than skipped: a
 * lost STOP is worse than a stalled partition.
 */
@Component
class InboundListener {

    private static final Logger log = LoggerFactory.getLogger(InboundListener.class);

    private final InboundProcessor processor;
    private final KeywordCatalog keywords;
    private final Suppression suppression;
    private final ProcessedMessages processed;
    private final SupporterRepository supporters;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

    InboundListener(InboundProcessor processor, KeywordCatalog keywords, Suppression suppression,
                    ProcessedMessages processed, SupporterRepository supporters, MeterRegistry meters) {
        this.processor = processor;
        this.keywords = keywords;
        this.suppression = suppression;
        this.processed = processed;
        this.supporters = supporters;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("tocsin.subscriber.inbound")
                    .description("Inbound messages and provider opt-outs handled, by outcome")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(meters));
        }
    }

    @KafkaListener(topics = Topics.INBOUND, concurrency = "${tocsin.subscriber.inbound-concurrency:2}")
    void onInbound(ConsumerRecord<String, Object> record) {
        if (!(record.value() instanceof InboundMessageReceived in)) {
            log.warn("Skipping a record on {} that is not an InboundMessageReceived (offset {})", record.topic(), record.offset());
            return;
        }
        if (!PhoneNumbers.isE164(in.from())) {
            log.warn("Skipping inbound message {}: sender {} is not an E.164 number", in.providerMessageId(),
                    PhoneMasking.mask(in.from()));
            return;
        }
        Command command = KeywordEngine.interpret(in.body(), keywords.current());
        Outcome outcome = processor.handle(in, command);
        afterCommit(in.from(), in.providerMessageId(), outcome);
        outcomes.get(outcome).increment();
        log.debug("Inbound {} from {}: {}", in.providerMessageId(), PhoneMasking.mask(in.from()), outcome);
    }

    @KafkaListener(topics = Topics.PROVIDER_OPT_OUTS)
    void onProviderOptOut(ConsumerRecord<String, Object> record) {
        if (!(record.value() instanceof OptOutReportedByProvider report) || !PhoneNumbers.isE164(report.phone())) {
            log.warn("Skipping an unusable record on {} (offset {})", record.topic(), record.offset());
            return;
        }
        Outcome outcome = processor.handle(report);
        afterCommit(report.phone(), InboundProcessor.providerOptOutId(report), outcome);
        outcomes.get(outcome).increment();
        log.info("Provider {} reports {} opted out ({})", report.provider(), PhoneMasking.mask(report.phone()), outcome);
    }

    private void afterCommit(String phone, String messageId, Outcome outcome) {
        if (outcome.joined()) {
            // after commit: if the join had rolled back, the number must have stayed suppressed
            suppression.remove(phone);
        } else if (outcome == Outcome.DUPLICATE) {
            resync(phone, messageId);
        }
    }

    // The first delivery may have committed and then died before touching Redis: make Redis agree with the database.
    private void resync(String phone, String messageId) {
        supporters.findByPhone(phone).ifPresent(supporter -> {
            if (supporter.optedOutAt() != null) {
                suppression.add(phone);
            } else if (processed.outcomeOf(messageId).map(Outcome::joined).orElse(false)) {
                suppression.remove(phone);
            }
        });
    }
}
