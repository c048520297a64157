package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Work for Slack that must survive Slack's outages and the bot's restarts. A job added inside a
 * transaction commits (or not) with it; it stays until it is {@link #done} or has {@link #failed}.
 */
public interface OutboxRepository {

    /** A pending job; {@code payload} is the kind's arguments as JSON; {@code dueAt} as read (see {@link #claim}). */
    record Job(long id, String kind, Long incidentId, String payload, int attempts, Instant createdAt, Instant dueAt) {
    }

    /** Adds a job, due at once. */
    long add(String kind, Long incidentId, String payload, Instant now);

    /**
     * Pending jobs due at {@code now}, oldest first, leaving out those behind an earlier pending job
     * of the same incident (so an incident's jobs run in order).
     */
    List<Job> due(Instant now, int limit);

    /** When the next pending job is due, if any is pending. */
    Optional<Instant> nextDue();

    /**
     * Takes a due job for {@code leaseUntil}: true for exactly one caller, even across processes
     * sharing the database (the job must still be due at the time it was read). A worker that dies
     * holding it leaves it to be retried when the lease ends.
     */
    boolean claim(long id, Instant dueAt, Instant leaseUntil);

    /** Hands a claimed job back, due at {@code now} (e.g. when stopping), without counting an attempt. */
    void release(long id, Instant now);

    void done(long id);

    void retryLater(long id, Instant next, String error);

    /** Gives up on a job Slack refused for good; the row stays for the operator. */
    void failed(long id, Instant at, String error);

    int pending();

    int failedCount();
}
