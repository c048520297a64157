package io.incidentbot.incident;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which incidents a list shows: any of {@code statuses} and any of {@code severities}; an empty set
 * means "any".
 */
public record IncidentFilter(Set<Status> statuses, Set<Severity> severities) {
    public IncidentFilter {
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        severities = severities == null || severities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(severities));
    }

    public static IncidentFilter all() {
        return new IncidentFilter(Set.of(), Set.of());
    }

    /** Every status but resolved. */
    public static Set<Status> open() {
        return EnumSet.complementOf(EnumSet.of(Status.RESOLVED));
    }
}
