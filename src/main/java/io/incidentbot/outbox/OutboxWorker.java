package io.incidentbot.outbox;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.OutboxRepository;
import io.incidentbot.incident.OutboxRepository.Job;
import io.incidentbot.metrics.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs the outbox's jobs: per lane family a thread that takes due jobs (with a lease) and hands
 * them to the family's {@link LaneHandler}, so families never wait for each other; within a
 * family, jobs wait only for the earlier jobs of their incident in their own lane. Failures follow
 * the handler's {@link Verdict}: retried with the one {@link Backoff}, waited out (rate limits), or
 * given up; the incident's channel is told once through {@link FailureNotices} when a job is given
 * up, and at the first occurrence of what only an operator can fix. Leases are renewed while a job
 * runs; on a database one process owns (SQLite) the worker takes back all its jobs at start.
 */
public final class OutboxWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int BATCH = 20;

    /**
     * {@code retry}: between failed attempts; {@code lease}: how long a taken job stays taken
     * without renewal (a crashed replica's jobs come back after it); {@code soleUser}: this process
     * is the only one using the database (SQLite), so every lease left at start is its own.
     */
    public record Settings(Backoff retry, Duration lease, boolean soleUser) {
        public static Settings defaults(boolean soleUser) {
            return new Settings(new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5)), Duration.ofSeconds(30), soleUser);
        }
    }

    private final OutboxRepository jobs;
    private final Clock clock;
    private final Outbox outbox;
    private final Settings settings;
    private final FailureNotices notices;
    private final List<LaneWorker<?>> lanes = new ArrayList<>();
    /** Who holds a lease: this process, unique across restarts and replicas. */
    private final String owner = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "outbox-leases"));
    private volatile boolean running = true;

    public OutboxWorker(Outbox outbox, List<LaneHandler<?>> handlers, FailureNotices notices, Settings settings) {
        this.outbox = outbox;
        this.jobs = outbox.jobs();
        this.clock = outbox.clock();
        this.settings = settings;
        this.notices = notices;
        Set<String> families = ConcurrentHashMap.newKeySet();
        for (LaneHandler<?> handler : handlers) {
            if (!families.add(handler.family()) || handler.family().contains(":")) {
                throw new IllegalArgumentException("lane family " + handler.family() + " is served twice or has a ':'");
            }
            lanes.add(new LaneWorker<>(handler));
        }
    }

    /** Starts the lanes; jobs left from before a restart run at once. */
    public void start() {
        if (settings.soleUser()) {
            int resumed = jobs.resumeAll(clock.instant());
            if (resumed > 0) {
                log.info("Outbox: {} job(s) from before the restart are due now", resumed);
            }
        }
        lanes.forEach(LaneWorker::start);
        long every = Math.max(1, settings.lease().toMillis() / 3);
        leases.scheduleAtFixedRate(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    private void renewLeases() {
        Instant until = clock.instant().plus(settings.lease());
        for (LaneWorker<?> lane : lanes) {
            for (Long id : lane.inFlight) {
                try {
                    if (!jobs.renew(id, owner, until)) {
                        log.warn("Outbox: job {} is no longer leased to this process", id);
                    }
                } catch (RuntimeException e) {
                    log.warn("Outbox: could not renew the lease of job {}: {}", id, e.getMessage());
                }
            }
        }
    }

    /** The jobs of one family: a poller taking due jobs, and up to the handler's parallelism running them. */
    private final class LaneWorker<J extends OutboxJob> {
        private final LaneHandler<J> handler;
        private final Map<String, Class<? extends J>> kinds;
        private final List<String> family;
        private final Semaphore slots;
        private final Semaphore added;
        private final ExecutorService pool;
        private final Thread poller;
        private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

        LaneWorker(LaneHandler<J> handler) {
            this.handler = handler;
            this.kinds = JobCodec.kinds(handler.jobType());
            this.family = List.of(handler.family());
            this.slots = new Semaphore(Math.max(1, handler.parallelism()));
            this.added = outbox.signal(handler.family());
            this.pool = Executors.newFixedThreadPool(Math.max(1, handler.parallelism()),
                    r -> daemon(r, "outbox-" + handler.family() + "-job"));
            this.poller = new Thread(this::poll, "outbox-" + handler.family());
            poller.setDaemon(true);
        }

        void start() {
            poller.start();
        }

        private void poll() {
            while (running) {
                try {
                    int started = 0;
                    List<Job> due = jobs.due(family, clock.instant(), BATCH);
                    for (Job job : due) {
                        if (!running) {
                            return;
                        }
                        if (!inFlight.contains(job.id()) && take(job)) {
                            started++;
                        }
                    }
                    if (started == 0 || due.size() < BATCH) {
                        added.tryAcquire(started == 0 && !due.isEmpty() ? POLL.toMillis() : untilNextDue().toMillis(),
                                TimeUnit.MILLISECONDS);
                        added.drainPermits();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    log.warn("Outbox: could not read the {} lane's jobs, trying again: {}", handler.family(), e.getMessage());
                    sleepQuietly(POLL);
                }
            }
        }

        /** Waits for a free slot, takes the job and starts it; false when another worker took it first. */
        private boolean take(Job job) throws InterruptedException {
            slots.acquire();
            Instant now = clock.instant();
            boolean taken;
            try {
                taken = jobs.claim(job.id(), owner, now, now.plus(settings.lease()));
            } catch (RuntimeException e) {
                slots.release();
                throw e;
            }
            if (!taken) {
                slots.release();
                return false;
            }
            inFlight.add(job.id());
            pool.execute(() -> {
                try {
                    run(job);
                } finally {
                    inFlight.remove(job.id());
                    slots.release();
                    added.release(); // the incident's next job in this lane may be due now
                }
            });
            return true;
        }

        private Duration untilNextDue() {
            Optional<Instant> next = jobs.nextDue(family);
            if (next.isEmpty()) {
                return POLL;
            }
            Duration d = Duration.between(clock.instant(), next.get());
            // due already but not started: behind a running job of its incident, which wakes us when done
            return d.isNegative() || d.isZero() || d.compareTo(POLL) > 0 ? POLL : d;
        }

        private void run(Job row) {
            try {
                if (row.incidentId() != null) {
                    LogContext.incident(row.incidentId());
                }
                LogContext.request(requestId(row), null);
                Class<? extends J> type = kinds.get(row.kind());
                if (type == null) {
                    giveUp(row, null, "no " + row.kind() + " job in the " + handler.family() + " lane", null);
                    return;
                }
                J job;
                try {
                    job = JobCodec.decode(type, row.payload());
                } catch (RuntimeException e) {
                    giveUp(row, null, "its stored form cannot be read (" + e.getMessage() + ")", null);
                    return;
                }
                attempt(row, job);
            } finally {
                LogContext.clear();
            }
        }

        private void attempt(Job row, J job) {
            try {
                handler.run(new LaneHandler.Delivery<>(row.id(), row.lane(), row.incidentId(), row.attempts(), job));
                jobs.finished(row.id(), row.lane(), owner);
                if (row.attempts() > 0) {
                    log.info("Outbox: {} job {}{} delivered after {} failed attempt(s)", row.kind(), row.id(), label(row),
                            row.attempts());
                } else {
                    log.debug("Outbox: {} job {} delivered", row.kind(), row.id());
                }
            } catch (Throwable t) {
                try {
                    failedAttempt(row, job, t);
                } catch (RuntimeException e) {
                    log.error("Outbox: could not record the failure of {} job {}: {}", row.kind(), row.id(), e.getMessage());
                }
            }
        }

        private void failedAttempt(Job row, J job, Throwable t) {
            Verdict verdict = verdict(t);
            if (!running && !(verdict instanceof Verdict.Refused) && !(t instanceof Error)) {
                // interrupted by shutdown: due again, and runs after the restart
                jobs.release(row.id(), clock.instant());
                log.info("Outbox: {} job {}{} left for after the restart", row.kind(), row.id(), label(row));
                return;
            }
            Instant now = clock.instant();
            String reason = verdict.reason();
            if (verdict instanceof Verdict.WaitFor w) {
                jobs.retryLater(row.id(), now.plus(w.delay()), reason, false, false);
                log.info("Outbox: {} job {}{} waits {} s as asked: {}", row.kind(), row.id(), label(row),
                        w.delay().toSeconds(), reason);
            } else if (verdict instanceof Verdict.Retry) {
                Duration delay = retryDelay(row);
                jobs.retryLater(row.id(), now.plus(delay), reason, true, false);
                log.warn("Outbox: {} job {}{} failed (attempt {}): {}; next try in {} s", row.kind(), row.id(),
                        label(row), row.attempts() + 1, reason, delay.toSeconds());
            } else if (verdict instanceof Verdict.NeedsOperator o) {
                Duration delay = retryDelay(row);
                jobs.retryLater(row.id(), now.plus(delay), reason, true, false);
                if (!row.reported()) {
                    log.error("Outbox: {} job {}{} cannot succeed until an operator acts: {} ({}); retried until then",
                            row.kind(), row.id(), label(row), reason, o.fix());
                    tell(row, job, (what, incident) -> ":warning: " + what + " is held up: " + reason + ". To fix: "
                            + o.fix() + ". It is tried again until then.");
                } else {
                    log.warn("Outbox: {} job {}{} still waits for an operator (attempt {}): {}; next try in {} s",
                            row.kind(), row.id(), label(row), row.attempts() + 1, reason, delay.toSeconds());
                }
            } else if (verdict instanceof Verdict.Refused) {
                giveUp(row, job, reason, null);
            } else if (row.crashes() + 1 >= Outbox.MAX_CRASHES) {
                giveUp(row, job, reason, t);
            } else {
                Duration delay = retryDelay(row);
                jobs.retryLater(row.id(), now.plus(delay), reason, true, true);
                log.warn("Outbox: {} job {}{} failed unexpectedly ({} of {} tries): {}; next try in {} s", row.kind(),
                        row.id(), label(row), row.crashes() + 1, Outbox.MAX_CRASHES, reason, delay.toSeconds());
            }
        }

        private Duration retryDelay(Job row) {
            Backoff own = handler.backoff();
            return (own != null ? own : settings.retry()).delay(row.attempts() + 1);
        }

        private Verdict verdict(Throwable t) {
            if (t instanceof Refusal) {
                return new Verdict.Refused(t.getMessage());
            }
            if (t instanceof Exception e) {
                try {
                    Verdict v = handler.judge(e);
                    if (v != null) {
                        return v;
                    }
                } catch (RuntimeException judging) {
                    log.warn("Outbox: the {} lane could not judge a failure: {}", handler.family(), judging.toString());
                }
            }
            return new Verdict.Unexpected(t.toString());
        }

        /** Gives the job up, logs it once (with the trace of an unexpected failure), and tells the incident. */
        private void giveUp(Job row, J job, String reason, Throwable unexpected) {
            jobs.failed(row.id(), clock.instant(), reason);
            if (unexpected != null) {
                log.error("Outbox: {} job {}{} given up after {} unexpected failures: {}", row.kind(), row.id(),
                        label(row), Outbox.MAX_CRASHES, reason, unexpected);
            } else {
                log.error("Outbox: {} job {}{} given up: {}", row.kind(), row.id(), label(row), reason);
            }
            if (job != null) {
                String remedy = handler.remedy(job);
                tell(row, job, (what, incident) -> ":warning: " + what + " failed: " + reason
                        + (remedy == null ? "." : " — " + remedy + "."));
            }
        }

        private void tell(Job row, J job, Notice notice) {
            if (row.incidentId() == null) {
                return;
            }
            try {
                String incident = Incident.ID_PREFIX + row.incidentId();
                String what = handler.describe(job, incident);
                if (what == null) {
                    return;
                }
                notices.tell(row.incidentId(), notice.text(what, incident));
                jobs.markReported(row.id(), clock.instant());
            } catch (RuntimeException e) {
                log.error("Outbox: could not tell {} that its {} job failed: {}", label(row).strip(), row.kind(), e.getMessage());
            }
        }

        void stop() {
            poller.interrupt();
            pool.shutdown();
        }

        boolean awaitStopped(long millis) throws InterruptedException {
            return pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
        }

        void interrupt() {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Notice {
        String text(String what, String incident);
    }

    private static String requestId(Job row) {
        try {
            return JobCodec.requestId(row.payload());
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String label(Job job) {
        return job.incidentId() == null ? "" : " (" + Incident.ID_PREFIX + job.incidentId() + ")";
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops taking jobs; those running may finish within {@code grace}, then they are interrupted
     * and stay in the table, due, for the next start. Nothing pending is lost.
     */
    public void close(Duration grace) {
        running = false;
        leases.shutdownNow();
        lanes.forEach(LaneWorker::stop);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (LaneWorker<?> lane : lanes) {
                long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                if (!lane.awaitStopped(left)) {
                    lane.interrupt();
                    lane.awaitStopped(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }
}
