package org.tocsin.gateway.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Calls from many threads to Redis, sent together: one writer thread puts whatever calls have queued
 * since its last round trip into one pipeline. Under load that is one round trip (one write and one
 * read on each side, one pooled connection) for dozens of calls instead of one each; alone, a call
 * waits only for the hand-over to the writer. Calls run in the order they were queued; a caller
 * blocks until its own call has its answer, so what it does next sees what the call wrote.
 */
public final class PipelinedCalls implements AutoCloseable {

    /** Puts one call's commands into the pipeline and says how to read its answer once it is synced. */
    @FunctionalInterface
    public interface Call<T> {
        Supplier<T> queueIn(AbstractPipeline pipeline);
    }

    private static final int MAX_PER_ROUND_TRIP = 500;
    /** A call whose script Redis had forgotten (a restart) goes once more after the script is loaded again. */
    private static final int ATTEMPTS = 2;

    private record Queued<T>(Call<T> call, CompletableFuture<T> answer, int attempt) {
    }

    private static final Queued<Object> STOP = new Queued<>(pipeline -> () -> null, new CompletableFuture<>(), 0);

    private final JedisPooled redis;
    private final BlockingQueue<Queued<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Guards {@link #closed} against a call queued just as the writer stops (it would wait forever). */
    private final ReentrantLock closing = new ReentrantLock();
    private boolean closed;
    private boolean stopQueued;

    public PipelinedCalls(JedisPooled redis, String name) {
        this.redis = redis;
        this.writer = Thread.ofVirtual().name(name).start(this::writeUntilClosed);
    }

    /** Runs {@code call} in the next round trip and returns its answer; rethrows what Redis or Jedis threw. */
    public <T> T run(Call<T> call) {
        try {
            return submit(call).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Queues {@code call} for the next round trip without waiting: the answer completes with what it
     * read, or exceptionally with what Redis or Jedis threw (for callers that must not block).
     */
    public <T> CompletableFuture<T> submit(Call<T> call) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        enqueue(new Queued<>(call, answer, 1));
        return answer;
    }

    private void enqueue(Queued<?> queued) {
        closing.lock();
        try {
            if (closed) {
                queued.answer().completeExceptionally(stopping());
            } else {
                queue.add(queued);
            }
        } finally {
            closing.unlock();
        }
    }

    private static IllegalStateException stopping() {
        return new IllegalStateException("Redis calls are closed: the gateway is stopping");
    }

    private void writeUntilClosed() {
        List<Queued<?>> batch = new ArrayList<>();
        boolean stop = false;
        try {
            while (!stop) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    break;
                }
                queue.drainTo(batch, MAX_PER_ROUND_TRIP - 1);
                stop = batch.removeIf(queued -> queued == STOP);
                if (!batch.isEmpty()) {
                    roundTrip(batch);
                }
                batch.clear();
            }
        } finally {
            // also when the writer dies of an Error: no caller may wait forever
            closing.lock();
            try {
                closed = true;
                batch.forEach(queued -> queued.answer().completeExceptionally(stopping()));
                queue.forEach(queued -> queued.answer().completeExceptionally(stopping()));
                queue.clear();
            } finally {
                closing.unlock();
            }
        }
    }

    private void roundTrip(List<Queued<?>> batch) {
        List<Supplier<?>> answers = new ArrayList<>(batch.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Queued<?> queued : batch) {
                answers.add(queued.call().queueIn(pipeline));
            }
            pipeline.sync();
        } catch (RuntimeException e) {
            // the connection failed: nobody knows which calls ran, each caller decides what that means
            batch.forEach(queued -> queued.answer().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            answer(batch.get(i), answers.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private <T> void answer(Queued<T> queued, Supplier<?> answer) {
        try {
            queued.answer().complete((T) answer.get());
        } catch (JedisNoScriptException e) {
            if (queued.attempt() < ATTEMPTS) {
                enqueue(new Queued<>(queued.call(), queued.answer(), queued.attempt() + 1));
            } else {
                queued.answer().completeExceptionally(e);
            }
        } catch (RuntimeException e) {
            queued.answer().completeExceptionally(e);
        }
    }

    /** Waits for the calls already queued; later ones fail. */
    @Override
    public void close() throws InterruptedException {
        closing.lock();
        try {
            if (!stopQueued && !closed) {
                stopQueued = true;
                queue.add(STOP);
            }
        } finally {
            closing.unlock();
        }
        writer.join();
    }
}
