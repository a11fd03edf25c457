package org.tocsin.subscriber.list;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.tocsin.contracts.Topics;

/** Announces every list once the service is up, so the seeded list reaches dispatch without an API call. */
@Component
class ListAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(ListAnnouncer.class);

    private final ListService lists;

    ListAnnouncer(ListService lists) {
        this.lists = lists;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        log.info("Announced {} supporter list(s) on {}", lists.announceAll(), Topics.LISTS);
    }
}
