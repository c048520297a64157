package io.incidentbot.incident;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What happens to an incident after it is resolved: whether it is a near miss, whether and when its
 * postmortem was published (or the incident closed without one), and the bookkeeping of the
 * reminders, the channel archive and the after-action review. {@link #none} for an incident with none of it.
 *
 * @param potentialSeverity a near miss's severity when one was given, else null
 * @param publishedAt       the first publication (the archive delay and the review count from it)
 * @param publishedVersion  the postmortem version that is the published text (null until stored)
 * @param remindedOn        the UTC date the lead was last reminded to publish
 */
public record LearningState(
        long incidentId,
        boolean nearMiss,
        Severity potentialSeverity,
        Instant publishedAt,
        String publishedBy,
        Integer publishedVersion,
        boolean publishedAnyway,
        Instant closedAt,
        String closedBy,
        String closedReason,
        LocalDate remindedOn,
        Instant archivedAt,
        Instant reviewedAt) {

    public static LearningState none(long incidentId) {
        return new LearningState(incidentId, false, null, null, null, null, false, null, null, null, null, null, null);
    }

    public boolean isPublished() {
        return publishedAt != null;
    }

    public boolean isClosedWithoutPostmortem() {
        return closedAt != null;
    }

    /** "near miss" or "near miss (potential P2)"; only meaningful for near misses. */
    public String nearMissLabel() {
        return potentialSeverity == null ? "near miss" : "near miss (potential " + potentialSeverity.name() + ")";
    }

    /** P1 and P2 postmortems must be published; near misses and P3/P4 may be closed without one. */
    public static boolean mustPublish(Incident incident, LearningState state) {
        return !state.nearMiss() && (incident.severity() == Severity.P1 || incident.severity() == Severity.P2);
    }
}
