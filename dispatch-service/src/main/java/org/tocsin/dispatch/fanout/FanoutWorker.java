package org.tocsin.dispatch.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.Topics;
import org.tocsin.dispatch.consent.Recipient;
import org.tocsin.dispatch.template.MessageTemplate;
import org.tocsin.dispatch.template.PersonalisationProperties;

/**
 * Runs fan-outs in the background, never on an HTTP thread. Each worker claims a SENDING action
 * (lease in the database, so instances share the work and a dead instance's fan-out is taken over),
 * then per page: delivery rows committed, one OutboundMessageRequested per recipient handed to the
 * producer without waiting. The next pages are read and their rows written ({@link PagesAhead}, up to
 * {@code pagesAhead} side by side) while the current one is rendered; up to {@code pagesInFlight}
 * pages are in Kafka's hands at once, so the producer never drains while the database works. Pages
 * are saved (cursor, progress) in order once their acknowledgements are in. A crash re-sends at most
 * the unsaved pages, with the same message ids (the gateway drops ids it has seen). A cancel is seen
 * by the first page whose rows commit after it.
 */
@Component
public class FanoutWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FanoutWorker.class);

    private final FanoutPages pages;
    private final FanoutProducer kafka;
    private final FanoutProperties properties;
    private final PersonalisationProperties personalisation;
    private final ObjectProvider<FanoutProbe> probes;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicInteger active = new AtomicInteger();
    private final Counter messages;
    private final Counter pagesDone;
    private final Timer pageTimer;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    FanoutWorker(FanoutPages pages, FanoutProducer producer, FanoutProperties properties,
                 PersonalisationProperties personalisation, ObjectProvider<FanoutProbe> probes, MeterRegistry meters) {
        this.pages = pages;
        this.kafka = producer;
        this.properties = properties;
        this.personalisation = personalisation;
        this.probes = probes;
        this.messages = Counter.builder("tocsin.dispatch.fanout.messages")
                .description("OutboundMessageRequested acknowledged by Kafka during fan-out").register(meters);
        this.pagesDone = Counter.builder("tocsin.dispatch.fanout.pages")
                .description("Fan-out pages completed").register(meters);
        this.pageTimer = Timer.builder("tocsin.dispatch.fanout.page.duration")
                .description("From handing a page to the producer until Kafka took all of it and its cursor was saved").register(meters);
        Gauge.builder("tocsin.dispatch.fanout.active", active, AtomicInteger::get)
                .description("Actions this instance is fanning out now").register(meters);
    }

    /** Look for work now (an action was just triggered) instead of at the next poll. */
    public void wakeUp() {
        wakeUps.release(properties.workers());
    }

    private FanoutProbe probe() {
        return probes.getIfAvailable(() -> FanoutProbe.NONE);
    }

    private void loop(String owner) {
        while (running) {
            UUID claimed = null;
            try {
                claimed = pages.claim(owner).orElse(null);
                if (claimed == null) {
                    wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                run(claimed, owner);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                release(claimed, owner);
                return;
            } catch (RuntimeException e) {
                log.warn("Fan-out of {} failed; it resumes from its last saved page: {}", claimed, e.toString());
                release(claimed, owner);
                if (claimed != null) {
                    probe().runEnded(claimed, "FAILED: " + e.getMessage());
                }
                pause();
            }
        }
    }

    /** A page handed to the producer: saved (cursor, progress) once its acknowledgements are all in. */
    private record InFlight(FanoutPages.Page page, CompletableFuture<Void> acknowledged, long startedNanos) {
    }

    private void run(UUID actionId, String owner) throws InterruptedException {
        FanoutPages.Action action = pages.load(actionId);
        MessageTemplate template = MessageTemplate.parse(action.body());
        Deque<InFlight> inFlight = new ArrayDeque<>();
        active.incrementAndGet();
        try (PagesAhead ahead = PagesAhead.start(pages, action, owner, properties.pagesAhead())) {
            while (running) {
                switch (ahead.next()) {
                    case FanoutPages.Stopped stopped -> {
                        // what Kafka has already taken counts as handed over (a cancel); with the lease lost it cannot be saved
                        saveAll(inFlight, actionId, owner);
                        release(actionId, owner);
                        probe().runEnded(actionId, "STOPPED: " + stopped.why());
                        return;
                    }
                    case FanoutPages.Finished finished -> {
                        if (!saveAll(inFlight, actionId, owner) || !pages.finish(actionId, owner)) {
                            probe().runEnded(actionId, "STOPPED: lease lost");
                            return;
                        }
                        log.info("Fan-out of {} finished", actionId);
                        probe().runEnded(actionId, "FINISHED");
                        return;
                    }
                    case FanoutPages.Page page -> {
                        // the database works on the next pages while this one is rendered and handed over
                        inFlight.addLast(new InFlight(page, produce(action, template, page.toSend()), System.nanoTime()));
                        // the last page's save also ends the fan-out
                        int keep = page.last() ? 0 : properties.pagesInFlight() - 1;
                        while (inFlight.size() > keep) {
                            if (!save(inFlight.removeFirst(), actionId, owner)) {
                                probe().runEnded(actionId, "STOPPED: lease lost");
                                return;
                            }
                        }
                        if (page.last()) {
                            log.info("Fan-out of {} finished after {} pages", actionId, page.number());
                            probe().runEnded(actionId, "FINISHED");
                            return;
                        }
                    }
                }
            }
            saveAll(inFlight, actionId, owner);
            release(actionId, owner);
            probe().runEnded(actionId, "STOPPED: shutting down");
        } finally {
            active.decrementAndGet();
        }
    }

    /** Saves every page in flight, oldest first; false when the lease was lost on the way. */
    private boolean saveAll(Deque<InFlight> inFlight, UUID actionId, String owner) throws InterruptedException {
        while (!inFlight.isEmpty()) {
            if (!save(inFlight.removeFirst(), actionId, owner)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits for the page's acknowledgements, then saves its cursor. Pages are saved in order, so the
     * saved cursor never passes a page Kafka has not taken; false when the lease was lost.
     */
    private boolean save(InFlight page, UUID actionId, String owner) throws InterruptedException {
        try {
            page.acknowledged().get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge page " + page.page().number(), e);
        }
        probe().pageProduced(actionId, page.page().number());
        if (!pages.advance(actionId, owner, page.page())) {
            return false;
        }
        messages.increment(page.page().toSend().size());
        pagesDone.increment();
        pageTimer.record(System.nanoTime() - page.startedNanos(), TimeUnit.NANOSECONDS);
        return true;
    }

    /** Hands the page's messages to the producer without waiting; the future completes once Kafka took all. */
    private CompletableFuture<Void> produce(FanoutPages.Action action, MessageTemplate template,
                                            List<Recipient> recipients) {
        Instant now = Instant.now();
        var json = new AlertRequestJson(action, template, personalisation, now, now.plus(properties.validity()));
        var acks = new FanoutProducer.PageAcks(recipients.size());
        for (Recipient r : recipients) {
            kafka.send(Topics.OUTBOUND_URGENT, r.phone(), json.write(FanoutPages.messageId(action.id(), r.supporterId()), r),
                    acks);
        }
        return acks.done();
    }

    private void release(UUID actionId, String owner) {
        if (actionId == null) {
            return;
        }
        try {
            pages.release(actionId, owner);
        } catch (RuntimeException e) {
            log.warn("Could not release fan-out of {}; another instance takes it when the lease runs out", actionId);
        }
    }

    private void pause() {
        try {
            Thread.sleep(properties.retryDelay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < properties.workers(); i++) {
            String owner = instance + "-" + i;
            threads.add(Thread.ofPlatform().daemon().name("fanout-" + i).start(() -> loop(owner)));
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        wakeUps.release(threads.size());
        for (Thread thread : threads) {
            try {
                // a page in flight finishes (bounded by the send timeout); then its lease is released
                thread.join(properties.sendTimeout().plusSeconds(5).toMillis());
                if (thread.isAlive()) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
