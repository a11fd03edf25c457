package org.tocsin.subscriber.keyword;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The keywords in force. Read for every inbound message, so held in memory and reloaded now and
 * then: a keyword an admin adds on another instance is picked up within {@code keyword-refresh}, on
 * this instance at once.
 */
@Component
public class KeywordCatalog {

    private record Snapshot(KeywordSet keywords, Instant loadedAt) {
    }

    private final KeywordRepository repository;
    private final Clock clock;
    private final Duration refresh;
    private volatile Snapshot snapshot;

    KeywordCatalog(KeywordRepository repository, Clock clock,
                   @Value("${tocsin.subscriber.keyword-refresh:10s}") Duration refresh) {
        this.repository = repository;
        this.clock = clock;
        this.refresh = refresh;
    }

    public KeywordSet current() {
        Snapshot s = snapshot;
        if (s == null || s.loadedAt().plus(refresh).isBefore(clock.instant())) {
            s = new Snapshot(KeywordSet.of(repository.all()), clock.instant());
            snapshot = s;
        }
        return s.keywords();
    }

    public List<Keyword> all() {
        return repository.all();
    }

    public boolean exists(String normalizedWord) {
        return repository.exists(normalizedWord);
    }

    /**
     * Adds a keyword (its word already normalised) in the caller's transaction, if any.
     *
     * @throws DuplicateKeyException if the word is a keyword already
     */
    public void add(Keyword keyword) {
        repository.insert(keyword);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    snapshot = null;
                }
            });
        } else {
            snapshot = null;
        }
    }

    boolean listExists(UUID listId) {
        return repository.listExists(listId);
    }
}
