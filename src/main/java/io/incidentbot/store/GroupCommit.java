package io.incidentbot.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Group commit for SQLite: the work of every caller waiting at the same moment runs in a single
 * transaction, so a burst of events pays for one commit (one WAL append, one fsync with
 * {@code synchronous=FULL}) instead of one each. Each caller still returns only after the commit
 * that holds its work, so an ack sent afterwards is as durable as before.
 *
 * <p>There is no writer thread (leader and followers): a caller that finds no write under way
 * leads, writing its own work and whatever queued up behind it in one transaction, then wakes the
 * next waiting caller to lead the next batch. Callers that arrive meanwhile park until their work
 * is committed. Before taking its batch the lead yields the core once, so that callers already
 * runnable on a busy machine join it; a caller that finds a write under way yields once too before
 * parking, since that write is usually committed by then. Alone, a write costs what a plain
 * transaction costs; under a burst, batches grow by themselves (measured in docs/performance.md).
 *
 * <p>If one item of a batch fails, the batch is rolled back and every item is run again in a
 * transaction of its own: the failing one reports its error and the others commit as usual.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** Work items waiting for a lead; when full, callers fail fast (Slack retries the event). */
    static final int QUEUE_CAPACITY = 10_000;
    /** Most items in one transaction: bounds how long the lead holds the database. */
    static final int MAX_BATCH = 256;

    /** Runs a batch of work as one transaction, or each alone. */
    interface Executor {
        /** Runs every item in one transaction; throws (with nothing committed) if any item throws. */
        void runTogether(List<Runnable> items);

        /** Runs one item in its own transaction. */
        void runAlone(Runnable item);
    }

    private static final class Item<T> implements Runnable {
        final Supplier<T> work;
        final Thread waiter = Thread.currentThread();
        T result;
        Throwable error;
        volatile boolean finished;

        Item(Supplier<T> work) {
            this.work = work;
        }

        @Override
        public void run() {
            result = work.get();
        }

        void finish(Throwable failure) {
            error = failure;
            finished = true;
            LockSupport.unpark(waiter);
        }
    }

    private final Executor executor;
    private final Duration maxWait;
    private final BlockingQueue<Item<?>> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /** Held by the caller leading the current batch. */
    private final ReentrantLock lead = new ReentrantLock();
    private volatile boolean closed;
    /** Transactions written and the writes they held; changed and read only under {@link #lead}. */
    private long transactions;
    private long writes;

    GroupCommit(Executor executor, Duration maxWait) {
        this.executor = executor;
        this.maxWait = maxWait;
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
        long deadline = System.nanoTime() + maxWait.toNanos();
        boolean yielded = false;
        while (!item.finished) {
            if (lead.tryLock()) {
                try {
                    if (!item.finished) {
                        writeQueued();
                    }
                } finally {
                    lead.unlock();
                }
                passTheLead();
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("the write was not committed within " + maxWait.toMillis() + " ms");
            }
            if (!yielded) {
                // The lead is usually done by the time the core comes back: parking and being woken
                // costs two system calls and a thread switch per event (benchmark: 62 -> 50 µs per event).
                yielded = true;
                Thread.yield();
                continue;
            }
            LockSupport.parkNanos(this, left); // until committed, or woken to lead
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the commit");
            }
        }
        if (item.error instanceof RuntimeException r) {
            throw r;
        }
        if (item.error instanceof Error err) {
            throw err;
        }
        return item.result;
    }

    /** Wakes the oldest waiting caller, if any, to lead the next batch (a spurious wake-up is harmless). */
    private void passTheLead() {
        Item<?> next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.waiter);
        }
    }

    /** Writes waiting for a lead. */
    int queued() {
        return queue.size();
    }

    /** As the lead: takes up to a batch from the queue and writes it, completing every item taken. */
    private void writeQueued() {
        // On a busy core the callers behind this one are runnable but not yet queued: letting them
        // run first puts them in this batch instead of a commit each (one WAL append instead of
        // several; 2-core benchmark: CPU per event 73 -> 58 µs). With nothing else runnable, yield
        // returns at once.
        Thread.yield();
        List<Item<?>> batch = new ArrayList<>(Math.min(MAX_BATCH, queue.size() + 1));
        queue.drainTo(batch, MAX_BATCH);
        transactions++;
        writes += batch.size();
        if (batch.size() > 1) {
            try {
                executor.runTogether(List.copyOf(batch));
                batch.forEach(item -> item.finish(null));
                return;
            } catch (RuntimeException | Error e) {
                log.debug("A batch of {} writes failed ({}); running them one by one", batch.size(), e.toString());
            }
        }
        for (Item<?> item : batch) {
            try {
                executor.runAlone(item);
                item.finish(null);
            } catch (RuntimeException | Error e) {
                item.finish(e);
            }
        }
    }

    /**
     * Refuses new writes; writes already queued are finished by their callers (each within the
     * maximum wait), or failed here if no caller is left to lead them.
     */
    @Override
    public void close() {
        closed = true;
        try {
            if (lead.tryLock(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    for (Item<?> left; (left = queue.poll()) != null; ) {
                        left.finish(new IllegalStateException("the database closed before this write"));
                    }
                    if (transactions > 0) {
                        log.info("Group commit wrote {} events in {} transactions ({} per commit on average)",
                                writes, transactions, String.format(Locale.ROOT, "%.1f", (double) writes / transactions));
                    }
                } finally {
                    lead.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
