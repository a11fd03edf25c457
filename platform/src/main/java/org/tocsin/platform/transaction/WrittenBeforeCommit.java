package org.tocsin.platform.transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows that a transaction appends and nobody reads before it commits (outbox events, ledger
 * entries): they are collected and handed to the writer together just before the commit, in the
 * order they were added, so that a transaction applying a few hundred changes writes them in one
 * statement instead of one round trip each. If the writer fails, the transaction rolls back; if the
 * transaction rolls back, they are never written.
 *
 * @param <T> one row
 */
public final class WrittenBeforeCommit<T> {

    private final Consumer<List<T>> writer;
    private final Runnable afterCommit;

    /**
     * @param writer      writes the rows inside the transaction (never called with none)
     * @param afterCommit runs after a transaction that wrote rows has committed
     */
    public WrittenBeforeCommit(Consumer<List<T>> writer, Runnable afterCommit) {
        this.writer = writer;
        this.afterCommit = afterCommit;
    }

    /** Adds {@code row} to the current transaction's rows. Must run inside a transaction. */
    public void add(T row) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("this write must commit with the change it belongs to: it needs a transaction");
        }
        @SuppressWarnings("unchecked")
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.rows.add(row);
    }

    /**
     * One transaction's rows. Bound to the thread while its transaction is; an inner transaction of
     * its own (REQUIRES_NEW) suspends it and so collects and writes its own rows.
     */
    private final class Pending implements TransactionSynchronization {

        private final List<T> rows = new ArrayList<>();

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(WrittenBeforeCommit.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(WrittenBeforeCommit.this, this);
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            writer.accept(rows);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(WrittenBeforeCommit.this);
            if (status == STATUS_COMMITTED) {
                afterCommit.run();
            }
        }
    }
}
