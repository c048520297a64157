package io.incidentbot.outbox;

/**
 * Runs the jobs of one lane family; see the package documentation for how to add a lane.
 *
 * @param <J> the family's sealed job interface; each permitted record is one kind of job
 */
public interface LaneHandler<J extends OutboxJob> {

    /** The family served: lanes named {@code family} or {@code family:<key>}. */
    String family();

    /** The sealed interface of the family's jobs; its permitted subclasses must be records. */
    Class<J> jobType();

    /**
     * Runs one job. Returning means done (the job is deleted); throwing means this attempt failed,
     * and {@link #judge} says what that means. Delivery is at least once: a crash between the other
     * side's answer and the job's removal repeats the job, so a job should be safe to repeat.
     */
    void run(Delivery<J> delivery) throws Exception;

    /**
     * What a failed attempt means. {@link Refusal} is always a refusal and an {@link Error} always
     * {@link Verdict.Unexpected}; everything else is for the handler to judge.
     */
    Verdict judge(Exception failure);

    /**
     * What the job was doing, to tell the incident's channel when it fails, e.g. "Posting INC-12's
     * draft postmortem"; null when its failure is not worth telling (e.g. that message itself).
     */
    String describe(J job, String incident);

    /** What people can do once the job is given up, e.g. "`/incident postmortem` tries again"; or null. */
    default String remedy(J job) {
        return null;
    }

    /** How many of the family's jobs may run at once (an incident's jobs in a lane still run one after another). */
    default int parallelism() {
        return 1;
    }

    /**
     * The wait between failed attempts of the family's jobs, when the vendor asks for other than the
     * worker's (e.g. never more than a minute apart); null: the worker's.
     */
    default Backoff backoff() {
        return null;
    }

    /** One job to run: its row id, lane, incident (or null), failed attempts so far, and the job itself. */
    record Delivery<J>(long id, String lane, Long incidentId, int attempts, J job) {
    }
}
