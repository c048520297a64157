package io.incidentbot.outbox;

/**
 * A durable job: a record of one lane family's sealed job type (e.g. {@link SlackJob}). Its fields
 * are stored as JSON and read back into the same record when the job runs, so they hold ids and
 * text, never live objects.
 */
public interface OutboxJob {
    /**
     * The lane the job runs in: its family ({@code slack}), or the family and a key
     * ({@code webhook:https://…}) when one family has independent lanes.
     */
    String lane();

    /** The family of a lane: the part before its first {@code ':'}. */
    static String family(String lane) {
        int colon = lane.indexOf(':');
        return colon < 0 ? lane : lane.substring(0, colon);
    }
}
