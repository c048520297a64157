package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Storage of timeline entries. Messages are keyed by (team, channel, ts), so a redelivered
 * message can never create a second entry.
 */
public interface TimelineRepository {

    /** Inserts the message unless an entry with its key exists; true when inserted. */
    boolean insertMessage(long incidentId, IncomingMessage message);

    /**
     * Replaces a message's text, keeping the first text. Inserts it when the original was never
     * seen (out-of-order delivery). Returns false when the entry is deleted.
     */
    boolean editMessage(long incidentId, IncomingMessage edited, Instant editedAt);

    /** Hides the message from drafts; leaves a tombstone when the original was never seen. */
    void deleteMessage(long incidentId, String teamId, String channelId, String ts);

    void appendLifecycle(long incidentId, String teamId, String authorId, String text, Instant at);

    /**
     * Adds what an integration reported (an alert firing or resolved, a PagerDuty acknowledgement)
     * as a bot entry by {@code source} (e.g. "Alertmanager") at the time the source gives.
     */
    void appendIntegration(long incidentId, String teamId, String source, String text, Instant at);

    /**
     * Moves the incident's lifecycle entries with exactly this text to {@code at} (a re-import whose
     * messages reach further); returns how many were moved.
     */
    int moveLifecycle(long incidentId, String text, Instant at);

    /**
     * Adds a pin from one source (a user's reaction, or Slack's own pin); true when it was new.
     * {@code enterpriseId}: the Enterprise Grid organization Slack named with the event, or null.
     */
    boolean addPin(String teamId, String enterpriseId, String channelId, String ts, String source);

    /** Removes a pin from one source; true when it existed. */
    boolean removePin(String teamId, String channelId, String ts, String source);

    /**
     * Removes every entry of the incident and the pins on its messages (a re-import replaces the
     * whole timeline); returns how many entries were removed.
     */
    int deleteTimeline(long incidentId);

    /** Every entry of the incident in time order, deleted ones included (flagged). */
    List<TimelineEntry> entries(long incidentId);

    /**
     * Up to {@code limit} entries of the incident that are not deleted, in time order, after
     * {@code after} (null: from the first), whose text, file names or bot name contain
     * {@code search} in any case, or whose author is one of {@code authors} (the people whose
     * names match); {@code search} null: every entry. Read in the database, so a page of a
     * million-entry incident costs a page.
     */
    List<TimelineEntry> page(long incidentId, TimelinePosition after, String search, Set<String> authors, int limit);

    /** The user ids that wrote in the incident's timeline. */
    List<String> authors(long incidentId);

    /** How many entries of the incident are not deleted. */
    int countShown(long incidentId);

    Optional<TimelineEntry> findMessage(String teamId, String channelId, String ts);

    /** Records an Events API event id; false when it was seen before (a retry). */
    boolean markEventProcessed(String eventId, Instant receivedAt);
}
