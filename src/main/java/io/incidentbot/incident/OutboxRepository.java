package io.incidentbot.incident;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Work for other systems (Slack first) that must survive their outages and the bot's restarts. A
 * job added inside a transaction commits (or not) with it; it stays until it is {@link #done} or
 * has {@link #failed}. Each job is in a lane ({@code slack}, {@code webhook:<url>}…): a lane's
 * <em>family</em> is the part before the first {@code ':'}, and one handler serves each family.
 */
public interface OutboxRepository {

    /**
     * A pending job; {@code payload} is the job's record as JSON; {@code crashes} the attempts that
     * ended in an unexpected error; {@code reported} whether the incident was told it failed.
     */
    record Job(long id, String lane, String kind, Long incidentId, String payload, int attempts, int crashes,
               Instant createdAt, Instant dueAt, boolean reported) {
    }

    /** Jobs waiting and jobs given up in one lane. */
    record LaneCount(String lane, int queued, int failed) {
    }

    /** A job given up (refused for good, or crashed too often), kept for the operator. */
    record FailedJob(long id, String lane, String kind, Long incidentId, Instant failedAt, String error) {
    }

    /** Adds a job, due at once. */
    long add(String lane, String kind, Long incidentId, String payload, Instant now);

    /**
     * Pending jobs of the lanes of {@code families} due at {@code now} and not taken by a worker,
     * oldest first, leaving out those behind an earlier pending job of the same incident in the same
     * lane (so an incident's jobs run in order in each lane, and lanes never wait for each other).
     */
    List<Job> due(Collection<String> families, Instant now, int limit);

    /** When the next pending job of {@code families} is due (or its lease ends), if any is pending. */
    Optional<Instant> nextDue(Collection<String> families);

    /**
     * Takes a due job for {@code owner} until {@code leaseUntil}: true for exactly one caller, even
     * across processes sharing the database. A worker that dies holding it leaves it to be taken
     * again when the lease ends.
     */
    boolean claim(long id, String owner, Instant now, Instant leaseUntil);

    /** Extends the lease of a job {@code owner} is still running; false when it is not theirs any more. */
    boolean renew(long id, String owner, Instant leaseUntil);

    /**
     * Takes back every lease and makes every pending job due by {@code now}: for a database only
     * one process uses (SQLite), whose unfinished jobs at start are its own from before a crash.
     * Returns how many jobs were affected.
     */
    int resumeAll(Instant now);

    /** Hands a claimed job back, due at {@code now} (e.g. when stopping), without counting an attempt. */
    void release(long id, Instant now);

    /** Removes a job: it is done. */
    void done(long id);

    /**
     * Removes a job the worker {@code owner} ran, if it still holds it: a job that marked itself
     * {@link #done} in its own transaction is gone already, and its id may have been given to a
     * new job since (SQLite reuses the highest rowid), which must stay.
     */
    void finished(long id, String lane, String owner);

    /**
     * Hands a job back to be tried at {@code next}; {@code attempt} says whether this try counts as
     * a failed attempt (waiting out a rate limit does not), {@code crashed} whether it ended in an
     * unexpected error.
     */
    void retryLater(long id, Instant next, String error, boolean attempt, boolean crashed);

    /** Gives up on a job; the row stays for the operator. */
    void failed(long id, Instant at, String error);

    /** Records that the incident was told about the job's failure, so it is told once. */
    void markReported(long id, Instant at);

    /**
     * Removes the jobs of {@code kind} for {@code incidentId} in {@code lane} that are waiting and
     * not taken (a newer job of that kind makes them pointless: it shows the latest state).
     */
    int dropWaiting(String lane, Long incidentId, String kind);

    int pending();

    int failedCount();

    /** Per lane that has jobs: how many wait and how many were given up. */
    List<LaneCount> lanes();

    /** The most recent given-up jobs, newest first. */
    List<FailedJob> recentFailures(int limit);
}
