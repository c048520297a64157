package io.incidentbot.incident;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/** Storage of action items. */
public interface ActionItemRepository {

    /** Adds an item with the next number for its incident. */
    ActionItem add(long incidentId, String what, String ownerId, LocalDate due, Instant createdAt);

    /** Items of one incident, by number. */
    List<ActionItem> forIncident(long incidentId);

    /** Items of several incidents in one query, by incident and number. */
    List<ActionItem> forIncidents(Collection<Long> incidentIds);

    /** Marks an item done; false when there is no such open item. */
    boolean markDone(long incidentId, int number, Instant at);

    /** Marks an item dropped on purpose; false when there is no such open item. */
    boolean markDropped(long incidentId, int number, Instant at);

    /** Open items due before {@code today} whose owner was not yet reminded on {@code today}. */
    List<ActionItem> overdueNotRemindedOn(LocalDate today);

    void markReminded(long incidentId, int number, LocalDate today);

    /** Open items of every incident, by incident and number. */
    List<ActionItem> open();
}
