package org.tocsin.dispatch.fanout;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.tocsin.dispatch.consent.Recipient;

/**
 * Reads one run's pages ahead of its worker, in order, and has each page's delivery rows written in
 * a transaction of its own as soon as it is read: up to {@code pagesAhead} pages are read or written
 * at once, each on its own database connection, so PostgreSQL works on them side by side while the
 * worker hands earlier pages to Kafka. The worker takes the pages in order; reading stops after the
 * last one.
 *
 * <p>Why a page written ahead and never handed over is safe: a cancel marks the rows of every page
 * committed before it (and a page committing after it sees the cancel and rolls back), and a run
 * that fails or loses its lease is resumed from the saved cursor, where a page whose rows exist
 * already hands over those still QUEUED.
 */
final class PagesAhead implements AutoCloseable {

    private static final Executor WRITERS = task -> Thread.ofVirtual().name("fanout-write").start(task);

    private final FanoutPages pages;
    private final FanoutPages.Action action;
    private final String owner;
    private final Semaphore room;
    private final BlockingQueue<CompletableFuture<FanoutPages.Step>> inOrder = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    private PagesAhead(FanoutPages pages, FanoutPages.Action action, String owner, int pagesAhead) {
        this.pages = pages;
        this.action = action;
        this.owner = owner;
        this.room = new Semaphore(pagesAhead);
    }

    /** Starts reading from the action's saved cursor. */
    static PagesAhead start(FanoutPages pages, FanoutPages.Action action, String owner, int pagesAhead) {
        PagesAhead ahead = new PagesAhead(pages, action, owner, pagesAhead);
        Thread.ofVirtual().name("fanout-read").start(ahead::readAll);
        return ahead;
    }

    private void readAll() {
        UUID after = action.cursor();
        int number = action.pagesDone() + 1;
        try {
            while (true) {
                room.acquire();
                if (closed) {
                    return;
                }
                List<Recipient> recipients = pages.read(action, after);
                int page = number;
                inOrder.add(CompletableFuture.supplyAsync(() -> pages.write(action, owner, recipients, page), WRITERS));
                if (pages.isLast(recipients)) {
                    return;
                }
                after = recipients.getLast().supporterId();
                number++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            inOrder.add(CompletableFuture.failedFuture(e));
        }
    }

    /** The next page, once its rows are committed; or why the run ends here. */
    FanoutPages.Step next() throws InterruptedException {
        CompletableFuture<FanoutPages.Step> step = inOrder.take();
        try {
            return step.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            room.release();
        }
    }

    /** Stops reading (a read under way finishes; writes under way finish by themselves). */
    @Override
    public void close() {
        closed = true;
        // wakes a reader waiting for room; not an interrupt, which would close a JDBC socket under way
        room.release(Integer.MAX_VALUE / 2);
    }
}
