package io.incidentbot.incident;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which incidents a list shows: any of {@code statuses}, any of {@code severities}, and tagged
 * {@code tag}; an empty set or a null tag means "any".
 */
public record IncidentFilter(Set<Status> statuses, Set<Severity> severities, String tag) {
    public IncidentFilter {
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        severities = severities == null || severities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(severities));
        tag = tag == null || tag.isBlank() ? null : tag.strip();
    }

    public IncidentFilter(Set<Status> statuses, Set<Severity> severities) {
        this(statuses, severities, null);
    }

    public static IncidentFilter all() {
        return new IncidentFilter(Set.of(), Set.of());
    }

    /** Every status but resolved. */
    public static Set<Status> open() {
        return EnumSet.complementOf(EnumSet.of(Status.RESOLVED));
    }
}
