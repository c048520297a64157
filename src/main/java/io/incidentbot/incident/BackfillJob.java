package io.incidentbot.incident;

import java.util.List;

/**
 * Reading an adopted channel's history into its incident's timeline: first the channel's
 * messages page by page, then the replies of each thread found. Saved after every page, so a
 * restart carries on where it stopped.
 */
public record BackfillJob(long incidentId, String channelId, String oldestTs, Phase phase, String cursor,
                          List<String> threads, int messages, String progressTs) {

    public enum Phase { HISTORY, REPLIES, DONE }

    public BackfillJob next(Phase phase, String cursor, List<String> threads, int messages) {
        return new BackfillJob(incidentId, channelId, oldestTs, phase, cursor, List.copyOf(threads), messages, progressTs);
    }

    public BackfillJob withProgressTs(String ts) {
        return new BackfillJob(incidentId, channelId, oldestTs, phase, cursor, threads, messages, ts);
    }
}
