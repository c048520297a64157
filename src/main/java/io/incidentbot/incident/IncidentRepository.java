package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Storage of incidents. Implemented in {@code store/}; the domain never sees SQL. */
public interface IncidentRepository {

    /** Stores a new incident and returns it with its sequential id. */
    Incident create(NewIncident incident);

    Optional<Incident> findById(long id);

    Optional<Incident> findByChannel(String teamId, String channelId);

    /**
     * Incidents {@code userId} opened at or after {@code since}, oldest first. Inside a transaction,
     * concurrent callers for the same person wait for each other's transaction (for a check-then-insert).
     */
    List<Incident> openedBySince(String teamId, String userId, Instant since);

    void bindChannel(long id, String channelId, String channelName);

    void setAnnouncement(long id, String channelId, String ts);

    /** Stores the channel's new name; false when it already had that name. */
    boolean renameChannel(long id, String channelName);

    /** Moves the channel to {@code to} when it is in one of {@code from}; false when it was not (nothing changed). */
    boolean moveChannelState(long id, Set<ChannelState> from, ChannelState to);

    /** Marks an incident private (e.g. its adopted channel turned out to be private); never undone. */
    void markPrivate(long id);

    /** Every private incident, newest first: few enough to check channel membership one by one. */
    List<Incident> privateIncidents();

    /** Resolves an open incident; false when it was already resolved (e.g. a concurrent resolve). */
    boolean markResolved(long id, Instant resolvedAt, String rootCause);

    /** Sets the status; the first mitigation time is kept once set. Counts as an update for the nudge timer. */
    void setStatus(long id, Status status, Instant mitigatedAtIfUnset, Instant changedAt);

    void setSeverity(long id, Severity severity);

    void setRole(long id, Role role, String userId);

    /** Sets the times used by TTD/TTM/TTR; a null argument leaves that time as it is. */
    void setTimes(long id, Instant startedAt, Instant detectedAt, Instant mitigatedAt);

    void setSection(long id, Section section, String text);

    /** Reopens a resolved incident; false when it was not resolved. */
    boolean reopen(long id, Instant at);

    void markUpdated(long id, Instant at);

    void markNudged(long id, Instant at);

    /** Every unresolved incident, oldest first. */
    List<Incident> unresolved();

    /** Resolved incidents other than {@code exceptId}, newest first, at most {@code limit}. */
    List<Incident> resolvedBefore(long exceptId, int limit);

    /** Open incidents first, then the most recent resolved ones; newest first within each. */
    List<Incident> recent(int limit);

    /**
     * Sets what an import from a Slack export establishes: title, severity, channel name, resolved
     * status, opened = started = detected at the first message, resolved at the last; the lead and
     * mitigation time are unknown (cleared). Used for a first import and to replace an earlier one.
     */
    void updateImported(long id, Imported imported);

    /** Incidents matching the filter, newest first (open time, then id), skipping {@code offset}. */
    List<Incident> find(IncidentFilter filter, int offset, int limit);

    /** How many incidents match the filter. */
    int count(IncidentFilter filter);

    /** {@code enterpriseId}: the Enterprise Grid organization, or null. */
    record NewIncident(String teamId, String title, String summary, Severity severity,
                       String openedBy, Instant openedAt, boolean isPrivate, String enterpriseId) {
        /** A public incident outside Enterprise Grid. */
        public NewIncident(String teamId, String title, String summary, Severity severity, String openedBy,
                           Instant openedAt) {
            this(teamId, title, summary, severity, openedBy, openedAt, false, null);
        }

        public NewIncident(String teamId, String title, String summary, Severity severity, String openedBy,
                           Instant openedAt, boolean isPrivate) {
            this(teamId, title, summary, severity, openedBy, openedAt, isPrivate, null);
        }
    }

    record Imported(String title, Severity severity, String channelName, Instant openedAt, Instant resolvedAt) {
    }
}
