package org.tocsin.twiliosim.messages;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.tocsin.twiliosim.Behaviour;
import org.tocsin.twiliosim.webhook.WebhookClient;

/**
 * What happens to a message after Twilio accepted it: it is sent, then delivered, undelivered or
 * failed according to the behaviour at the time of the send, with a signed status callback for
 * each step. Each message progresses on its own virtual thread (its waits cost no platform
 * thread); how many may be pending at once is bounded, and a send waits for room before it is
 * answered.
 */
final class DeliveryProgression implements AutoCloseable {

    static final int DEFAULT_FAILED_ERROR = 30008;
    static final int DEFAULT_UNDELIVERED_ERROR = 30003;
    static final int VALIDITY_EXPIRED_ERROR = 30036;

    private static final System.Logger LOG = System.getLogger(DeliveryProgression.class.getName());
    private static final DateTimeFormatter RAW_DLR_DONE_DATE =
            DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

    private final MessageStore store;
    private final WebhookClient webhooks;
    private final Semaphore pending;
    private volatile boolean closed;

    DeliveryProgression(MessageStore store, WebhookClient webhooks, int maxPending) {
        this.store = store;
        this.webhooks = webhooks;
        this.pending = new Semaphore(maxPending);
    }

    /** One status change, with the error code it carries. */
    record Step(String status, Integer errorCode) {
    }

    /**
     * Prepares the delivery of a message that is being accepted, and returns what starts it once
     * the API has answered. Waits here, before the answer, while too many deliveries are pending:
     * a backlog slows the API down as it would slow Twilio, instead of growing without bound.
     */
    Runnable prepare(MessageRecord accepted, Behaviour behaviour) {
        if (closed) {
            return () -> { };
        }
        List<Step> steps = plan(accepted, behaviour, ThreadLocalRandom.current().nextDouble());
        boolean callbacks = behaviour.callbacks() && accepted.statusCallback() != null;
        long latency = behaviour.latencyMillis();
        if (!callbacks && latency == 0) {
            return () -> steps.forEach(step -> apply(accepted.sid(), step));
        }
        pending.acquireUninterruptibly();
        return () -> {
            try {
                Thread.ofVirtual().name("twilio-sim-delivery").start(() -> {
                    try {
                        progress(accepted, steps, latency, callbacks);
                    } finally {
                        pending.release();
                    }
                });
            } catch (RuntimeException | Error e) {
                pending.release();
                throw e;
            }
        };
    }

    /** The statuses a message goes through; {@code draw} is uniform in [0, 1). */
    static List<Step> plan(MessageRecord message, Behaviour behaviour, double draw) {
        Integer validity = message.validityPeriod();
        if (validity != null && behaviour.latencyMillis() > validity * 1000L) {
            return List.of(new Step("failed", VALIDITY_EXPIRED_ERROR));
        }
        if (draw < behaviour.failureRate()) {
            return List.of(new Step("failed", errorCode(behaviour, DEFAULT_FAILED_ERROR)));
        }
        if (draw < behaviour.failureRate() + behaviour.undeliveredRate()) {
            return List.of(new Step("sent", null),
                    new Step("undelivered", errorCode(behaviour, DEFAULT_UNDELIVERED_ERROR)));
        }
        return List.of(new Step("sent", null), new Step("delivered", null));
    }

    private static int errorCode(Behaviour behaviour, int fallback) {
        return behaviour.errorCode() != null ? behaviour.errorCode() : fallback;
    }

    private void progress(MessageRecord accepted, List<Step> steps, long latency, boolean callbacks) {
        for (Step step : steps) {
            if (latency > 0) {
                try {
                    Thread.sleep(latency);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (closed) {
                return;
            }
            MessageRecord current = apply(accepted.sid(), step);
            if (current == null) {
                return; // forgotten by a reset or the store's cap
            }
            if (callbacks) {
                postCallback(current);
            }
        }
    }

    private MessageRecord apply(String sid, Step step) {
        return store.update(sid, message -> message.advance(step.status(), step.errorCode(), Instant.now()));
    }

    private void postCallback(MessageRecord message) {
        try {
            int status = webhooks.post(message.statusCallback(), callbackParams(message));
            if (status >= 400) {
                LOG.log(System.Logger.Level.DEBUG, "status callback for {0} answered {1}", message.sid(), status);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "status callback for {0} failed: {1}", message.sid(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The form parameters Twilio posts to a StatusCallback. */
    static Map<String, String> callbackParams(MessageRecord message) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SmsSid", message.sid());
        params.put("SmsStatus", message.status());
        params.put("MessageStatus", message.status());
        params.put("To", message.to());
        if (message.messagingServiceSid() != null) {
            params.put("MessagingServiceSid", message.messagingServiceSid());
        }
        params.put("MessageSid", message.sid());
        params.put("AccountSid", message.accountSid());
        if (message.from() != null) {
            params.put("From", message.from());
        }
        params.put("ApiVersion", MessageRecord.API_VERSION);
        if (message.errorCode() != null) {
            params.put("ErrorCode", message.errorCode().toString());
        }
        if ("delivered".equals(message.status()) || "undelivered".equals(message.status())) {
            params.put("RawDlrDoneDate", RAW_DLR_DONE_DATE.format(message.dateUpdated()));
        }
        return params;
    }

    @Override
    public void close() {
        closed = true;
    }
}
