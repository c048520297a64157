package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of incidents. Implemented in {@code store/}; the domain never sees SQL. */
public interface IncidentRepository {

    /** Stores a new incident and returns it with its sequential id. */
    Incident create(NewIncident incident);

    Optional<Incident> findById(long id);

    Optional<Incident> findByChannel(String teamId, String channelId);

    void bindChannel(long id, String channelId, String channelName);

    void setAnnouncement(long id, String channelId, String ts);

    /** Resolves an open incident; false when it was already resolved (e.g. a concurrent resolve). */
    boolean markResolved(long id, Instant resolvedAt, String rootCause);

    /** Open incidents first, then the most recent resolved ones; newest first within each. */
    List<Incident> recent(int limit);

    /** Incidents matching the filter, newest first (open time, then id), skipping {@code offset}. */
    List<Incident> find(IncidentFilter filter, int offset, int limit);

    /** How many incidents match the filter. */
    int count(IncidentFilter filter);

    record NewIncident(String teamId, String title, String summary, Severity severity,
                       String openedBy, Instant openedAt) {
    }
}
