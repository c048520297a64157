package io.incidentbot.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Group commit for SQLite: one writer thread runs the work of every caller waiting at the same
 * moment inside a single transaction, so a burst of events pays for one commit (one WAL append,
 * one fsync with {@code synchronous=FULL}) instead of one each. Each caller still returns only
 * after the commit that holds its work, so an ack sent afterwards is as durable as before.
 *
 * <p>If one item of a batch fails, the batch is rolled back and every item is run again in a
 * transaction of its own: the failing one reports its error and the others commit as usual.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** Work items waiting for the writer; when full, callers fail fast (Slack retries the event). */
    static final int QUEUE_CAPACITY = 10_000;
    /** Most items in one transaction: bounds how long the first one waits for the commit. */
    static final int MAX_BATCH = 256;

    /** Runs a batch of work as one transaction, or each alone (the database runs them under its lock). */
    interface Executor {
        /** Runs every item in one transaction; throws (with nothing committed) if any item throws. */
        void runTogether(List<Runnable> items);

        /** Runs one item in its own transaction. */
        void runAlone(Runnable item);
    }

    private static final class Item<T> implements Runnable {
        final Supplier<T> work;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;

        Item(Supplier<T> work) {
            this.work = work;
        }

        @Override
        public void run() {
            result = work.get();
        }
    }

    private final Executor executor;
    private final Duration maxWait;
    private final BlockingQueue<Item<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private volatile boolean closed;

    GroupCommit(Executor executor, Duration maxWait) {
        this.executor = executor;
        this.maxWait = maxWait;
        this.writer = new Thread(this::writeLoop, "group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Runs {@code work} in the next group transaction and returns its result once that transaction
     * has committed. Throws if the work throws, if the commit fails, if the queue is full, or if
     * the commit does not come within the maximum wait (the work may still commit later; callers
     * answer Slack with an error, and Slack's retry is recognised as a duplicate).
     */
    <T> T submit(Supplier<T> work) {
        if (closed) {
            throw new IllegalStateException("the database is closing");
        }
        Item<T> item = new Item<>(work);
        if (!queue.offer(item)) {
            throw new IllegalStateException("too many writes waiting (" + QUEUE_CAPACITY + "); try again");
        }
        try {
            return item.done.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the write was not committed within " + maxWait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the commit");
        }
    }

    /** Writes waiting for the writer thread. */
    int queued() {
        return queue.size();
    }

    private void writeLoop() {
        List<Item<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Item<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                // write() completes every item; this only guards the loop itself
                log.error("Group commit writer: unexpected failure", e);
            } finally {
                batch.clear();
            }
        }
        for (Item<?> left; (left = queue.poll()) != null; ) {
            left.done.completeExceptionally(new IllegalStateException("the database closed before this write"));
        }
    }

    private void write(List<Item<?>> batch) {
        if (batch.size() > 1) {
            try {
                executor.runTogether(List.copyOf(batch));
                batch.forEach(GroupCommit::complete);
                return;
            } catch (RuntimeException | Error e) {
                log.debug("A batch of {} writes failed ({}); running them one by one", batch.size(), e.toString());
            }
        }
        for (Item<?> item : batch) {
            try {
                executor.runAlone(item);
                complete(item);
            } catch (RuntimeException | Error e) {
                item.done.completeExceptionally(e);
            }
        }
    }

    private static <T> void complete(Item<T> item) {
        item.done.complete(item.result);
    }

    /** Finishes the writes already queued (≤ the maximum wait), then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(maxWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }
}
