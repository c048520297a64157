package io.incidentbot.incident;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which incidents a list shows: any of {@code statuses}, any of {@code severities}, and tagged
 * {@code tag}; an empty set or a null tag means "any". {@code visibility} says which private
 * incidents the reader may see (public ones are never hidden by it).
 */
public record IncidentFilter(Set<Status> statuses, Set<Severity> severities, String tag, Visibility visibility) {
    public IncidentFilter {
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        severities = severities == null || severities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(severities));
        tag = tag == null || tag.isBlank() ? null : tag.strip();
        visibility = visibility == null ? Visibility.EVERYTHING : visibility;
    }

    /** Private incidents included (the bot's own counts, admins). */
    public IncidentFilter(Set<Status> statuses, Set<Severity> severities, String tag) {
        this(statuses, severities, tag, Visibility.EVERYTHING);
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

    /** The same filter for a reader who may see only some private incidents. */
    public IncidentFilter visibleAs(Visibility visibility) {
        return new IncidentFilter(statuses, severities, tag, visibility);
    }

    /**
     * Which private incidents may be shown: all of them ({@link #EVERYTHING}), or only those with
     * the given ids (a signed-in person sees the private incidents whose channel they are in).
     */
    public record Visibility(boolean everyPrivateIncident, Set<Long> privateIncidentIds) {
        public static final Visibility EVERYTHING = new Visibility(true, Set.of());

        public Visibility {
            privateIncidentIds = privateIncidentIds == null ? Set.of() : Set.copyOf(privateIncidentIds);
        }

        /** Public incidents and these private ones. */
        public static Visibility publicAnd(Set<Long> privateIncidentIds) {
            return new Visibility(false, privateIncidentIds);
        }

        public boolean shows(Incident incident) {
            return !incident.isPrivate() || everyPrivateIncident || privateIncidentIds.contains(incident.id());
        }
    }
}
