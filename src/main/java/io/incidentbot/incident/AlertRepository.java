package io.incidentbot.incident;

import java.time.Instant;
import java.util.Optional;

/**
 * What the bot remembers about alerts: each alert group (Alertmanager {@code groupKey}, PagerDuty
 * incident) and the incident it belongs to, whether people muted it, and which deliveries it has
 * already acted on (sources deliver at least once).
 */
public interface AlertRepository {

    /**
     * An alert group. {@code incidentId}: the incident it is linked to, or null; {@code muted}: Ignored
     * in triage until it resolves; {@code triage*}: what the triage message offered to declare (its
     * title, severity, first firing time and the alert as a timeline line), null before triage.
     */
    record Group(long id, AlertSource source, String groupKey, Long incidentId, Link link, boolean muted,
                 String triageTitle, Severity triageSeverity, Instant triageStartsAt, String triageEntry) {
    }

    /** How a group came to belong to its incident. */
    enum Link {
        /** The incident was declared from the group (counts against the declare budget). */
        DECLARED,
        /** A person declared the incident from the group's triage message. */
        LINKED,
        /** The group is the PagerDuty incident of a page the bot sent for the incident. */
        PAGE
    }

    /** The group, created (unlinked, not muted) when it is new. */
    Group group(AlertSource source, String groupKey, Instant now);

    Optional<Group> group(long id);

    /** The group of {@code source} linked to the incident, if any. */
    Optional<Group> linkedTo(AlertSource source, long incidentId);

    /** Links the group to an incident. */
    void link(long groupId, long incidentId, Link how, Instant at);

    /**
     * Whether the incident came from the paging service itself (declared from one of its incidents):
     * then it is never paged through it again.
     */
    boolean fromPager(long incidentId);

    /** Forgets the group's incident (it was resolved long ago: a new firing is a new incident). */
    void unlink(long groupId);

    void mute(long groupId, boolean muted);

    /** Records what the triage message offers; true the first time (then the message is posted). */
    boolean offerTriage(long groupId, String title, Severity severity, Instant startsAt, String entry);

    /** Forgets a triage offer (declared, ignored, or the group resolved), so a later firing offers again. */
    void clearTriage(long groupId);

    /** Incidents declared from alerts at or after {@code since}. */
    int declaredSince(Instant since);

    /** Records a delivery or alert state by its key; false when it was seen before (a redelivery). */
    boolean firstSeen(String key, Instant at);

    /** Forgets keys seen before {@code before} (sources stop redelivering long before); returns how many. */
    int forgetSeenBefore(Instant before);
}
