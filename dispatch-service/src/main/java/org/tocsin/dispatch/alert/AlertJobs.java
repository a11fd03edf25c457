package org.tocsin.dispatch.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Background steps of the lifecycle: scheduled actions fire, finished ones complete, old keys go. */
@Component
class AlertJobs {

    private static final Logger log = LoggerFactory.getLogger(AlertJobs.class);

    private final AlertService alerts;

    AlertJobs(AlertService alerts) {
        this.alerts = alerts;
    }

    @Scheduled(fixedDelayString = "${tocsin.dispatch.scheduler-interval:5s}")
    void fireDueActions() {
        try {
            alerts.fireDue();
        } catch (RuntimeException e) {
            log.warn("Firing scheduled actions failed; trying again at the next tick: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${tocsin.dispatch.completion-check-interval:2s}")
    void completeFinishedActions() {
        int completed = alerts.completeFinished();
        if (completed > 0) {
            log.info("{} urgent action(s) completed", completed);
        }
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "1m")
    void forgetOldIdempotencyKeys() {
        alerts.forgetOldIdempotencyKeys();
    }
}
