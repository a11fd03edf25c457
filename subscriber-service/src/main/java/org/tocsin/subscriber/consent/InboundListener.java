package org.tocsin.subscriber.consent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.OptOutReportedByProvider;
import org.tocsin.contracts.Topics;
import org.tocsin.platform.logging.PhoneMasking;
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
    /** Inbound messages applied in one transaction, at most. */
    private static final int BATCH = 100;

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

    /**
     * A poll's messages apply in transactions of up to {@value #BATCH} (one commit, not one per
     * message). If a batch fails, its messages apply one at a time, so the ones before the failing
     * message commit and the container retries from that message on.
     */
    @KafkaListener(topics = Topics.INBOUND, concurrency = "${tocsin.subscriber.inbound-concurrency:2}", batch = "true")
    void onInbound(List<ConsumerRecord<String, Object>> records) {
        List<Usable> usable = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, Object> record = records.get(i);
            if (!(record.value() instanceof InboundMessageReceived in)) {
                log.warn("Skipping a record on {} that is not an InboundMessageReceived (offset {})", record.topic(), record.offset());
            } else if (!PhoneNumbers.isE164(in.from())) {
                log.warn("Skipping inbound message {}: sender {} is not an E.164 number", in.providerMessageId(),
                        PhoneMasking.mask(in.from()));
            } else {
                usable.add(new Usable(i, new InboundProcessor.Inbound(in, KeywordEngine.interpret(in.body(), keywords.current()))));
            }
        }
        for (int from = 0; from < usable.size(); from += BATCH) {
            List<Usable> batch = usable.subList(from, Math.min(usable.size(), from + BATCH));
            List<Outcome> outcomes;
            try {
                outcomes = processor.handleAll(batch.stream().map(Usable::inbound).toList());
            } catch (RuntimeException batchFailed) {
                log.warn("A batch of {} inbound messages failed ({}); applying them one at a time", batch.size(),
                        batchFailed.toString());
                oneAtATime(records, batch);
                continue;
            }
            List<Suppression.Change> changes = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                handled(batch.get(i).inbound().message(), outcomes.get(i)).ifPresent(changes::add);
            }
            suppression.apply(changes);
        }
    }

    private void oneAtATime(List<ConsumerRecord<String, Object>> records, List<Usable> batch) {
        for (Usable one : batch) {
            InboundMessageReceived in = one.inbound().message();
            Outcome outcome;
            try {
                outcome = processor.handle(in, one.inbound().command());
            } catch (RuntimeException e) {
                // the error handler commits the records before this one and retries from it
                throw new BatchListenerFailedException("inbound message " + in.providerMessageId() + " failed", e,
                        records.get(one.index()));
            }
            handled(in, outcome).ifPresent(change -> suppression.apply(List.of(change)));
        }
    }

    /** Counts it, and says what the suppression set needs now that it committed. */
    private Optional<Suppression.Change> handled(InboundMessageReceived in, Outcome outcome) {
        outcomes.get(outcome).increment();
        log.debug("Inbound {} from {}: {}", in.providerMessageId(), PhoneMasking.mask(in.from()), outcome);
        return afterCommit(in.from(), in.providerMessageId(), outcome);
    }

    private record Usable(int index, InboundProcessor.Inbound inbound) {
    }

    @KafkaListener(topics = Topics.PROVIDER_OPT_OUTS)
    void onProviderOptOut(ConsumerRecord<String, Object> record) {
        if (!(record.value() instanceof OptOutReportedByProvider report) || !PhoneNumbers.isE164(report.phone())) {
            log.warn("Skipping an unusable record on {} (offset {})", record.topic(), record.offset());
            return;
        }
        Outcome outcome = processor.handle(report);
        afterCommit(report.phone(), InboundProcessor.providerOptOutId(report), outcome)
                .ifPresent(change -> suppression.apply(List.of(change)));
        outcomes.get(outcome).increment();
        log.info("Provider {} reports {} opted out ({})", report.provider(), PhoneMasking.mask(report.phone()), outcome);
    }

    // Applied in the batch's order: a JOIN then a STOP of one number in one batch must end suppressed.
    private Optional<Suppression.Change> afterCommit(String phone, String messageId, Outcome outcome) {
        if (outcome.joined()) {
            // after commit: if the join had rolled back, the number must have stayed suppressed
            return Optional.of(new Suppression.Change(phone, false));
        } else if (outcome.leftEverything()) {
            // added before commit already; again, in case a JOIN earlier in the batch removed it after commit
            return Optional.of(new Suppression.Change(phone, true));
        } else if (outcome == Outcome.DUPLICATE) {
            return resync(phone, messageId);
        }
        return Optional.empty();
    }

    // The first delivery may have committed and then died before touching Redis: make Redis agree with the database.
    private Optional<Suppression.Change> resync(String phone, String messageId) {
        return supporters.findByPhone(phone).flatMap(supporter -> {
            if (supporter.optedOutAt() != null) {
                return Optional.of(new Suppression.Change(phone, true));
            } else if (processed.outcomeOf(messageId).map(Outcome::joined).orElse(false)) {
                return Optional.of(new Suppression.Change(phone, false));
            }
            return Optional.empty();
        });
    }
}
