package io.incidentbot.outbox;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.OutboxRepository;
import io.incidentbot.incident.OutboxRepository.FailedJob;
import io.incidentbot.incident.OutboxRepository.LaneCount;
import io.incidentbot.metrics.LogContext;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Where work for other systems is queued: {@link #add} writes a job row in the caller's
 * transaction, so the job exists exactly when the change it reports was committed. An
 * {@link OutboxWorker} runs the jobs. See the package documentation.
 */
public final class Outbox {
    /** Attempts that end in an unexpected error (a bug, {@code OutOfMemoryError}) before a job is given up. */
    public static final int MAX_CRASHES = 3;

    private final OutboxRepository jobs;
    private final Clock clock;
    /** Per lane family: released when a job is added, so its worker looks at once. */
    private final Map<String, Semaphore> added = new ConcurrentHashMap<>();

    public Outbox(OutboxRepository jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Queues {@code job} for {@code incident} (null: none); call inside the transaction of the change it reports. */
    public long add(Incident incident, OutboxJob job) {
        return add(incident == null ? null : incident.id(), job);
    }

    public long add(Long incidentId, OutboxJob job) {
        long id = jobs.add(job.lane(), JobCodec.kind(job.getClass()), incidentId,
                JobCodec.encode(job, LogContext.requestId()), clock.instant());
        wake(OutboxJob.family(job.lane()));
        return id;
    }

    /**
     * Queues {@code job} in place of the jobs of its kind still waiting in its lane for the
     * incident: for jobs that show the latest state (a progress message), where only the last matters.
     */
    public long replacing(Long incidentId, OutboxJob job) {
        jobs.dropWaiting(job.lane(), incidentId, JobCodec.kind(job.getClass()));
        return add(incidentId, job);
    }

    /**
     * Marks the job {@code jobId} done in the caller's transaction: a job whose effect is writes to
     * this database (a stored draft and the posts that bring it to Slack) then happens exactly once,
     * even if the process dies before the worker records it done.
     */
    public void done(long jobId) {
        jobs.done(jobId);
    }

    private void wake(String family) {
        signal(family).release(); // the worker's read waits for the caller's transaction to commit
    }

    Semaphore signal(String family) {
        return added.computeIfAbsent(family, f -> new Semaphore(0));
    }

    OutboxRepository jobs() {
        return jobs;
    }

    Clock clock() {
        return clock;
    }

    /** Jobs not yet done (the outbox depth). */
    public int pending() {
        return jobs.pending();
    }

    /** Jobs given up. */
    public int failed() {
        return jobs.failedCount();
    }

    /** Waiting and given-up jobs per lane. */
    public List<LaneCount> lanes() {
        return jobs.lanes();
    }

    /** The latest jobs given up, newest first. */
    public List<FailedJob> recentFailures(int limit) {
        return jobs.recentFailures(limit);
    }
}
