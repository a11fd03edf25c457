package org.tocsin.subscriber.list;

import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.contracts.ListChanged;
import org.tocsin.contracts.Topics;
import org.tocsin.platform.outbox.Outbox;
import org.tocsin.subscriber.api.BadRequestException;
import org.tocsin.subscriber.keyword.Keyword;
import org.tocsin.subscriber.keyword.KeywordAction;
import org.tocsin.subscriber.keyword.KeywordCatalog;
import org.tocsin.subscriber.keyword.KeywordText;

/** Creates lists with their joining keyword and tells the other services (ListChanged). */
@Service
class ListService {

    static final int MAX_KEYWORD_LENGTH = 30;

    private final ListDirectory lists;
    private final KeywordCatalog keywords;
    private final Outbox outbox;
    private final Clock clock;

    ListService(ListDirectory lists, KeywordCatalog keywords, Outbox outbox, Clock clock) {
        this.lists = lists;
        this.keywords = keywords;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    SupporterList create(String name, String keyword, boolean doubleOptIn) {
        String cleanName = name.strip();
        if (lists.nameTaken(cleanName)) {
            throw new BadRequestException("name", "a list with this name exists already");
        }
        String word = KeywordText.normalize(keyword);
        if (!KeywordText.isSingleWord(word) || word.length() > MAX_KEYWORD_LENGTH) {
            throw new BadRequestException("keyword", "must be one word of letters and digits, at most "
                    + MAX_KEYWORD_LENGTH + " characters");
        }
        if (keywords.exists(word)) {
            throw new BadRequestException("keyword", word + " is a keyword already");
        }
        var list = new SupporterList(UUID.randomUUID(), cleanName, word, doubleOptIn, clock.instant());
        lists.insert(list);
        // the campaign keyword has no language of its own: replies use the supporter's
        keywords.add(new Keyword(word, null, KeywordAction.OPT_IN, list.id()));
        announce(list);
        return list;
    }

    /** Publishes every list: at start-up, so that dispatch knows the seeded one (the topic is compacted). */
    @Transactional
    int announceAll() {
        var all = lists.all();
        all.forEach(this::announce);
        return all.size();
    }

    private void announce(SupporterList list) {
        outbox.publish(Topics.LISTS, list.id().toString(),
                new ListChanged(list.id().toString(), list.name(), list.doubleOptIn(), clock.instant()));
    }
}
