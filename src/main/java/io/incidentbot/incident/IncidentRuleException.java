package io.incidentbot.incident;

/**
 * A rule of the incident lifecycle refused a change, and nothing was changed. One subclass per rule,
 * so a handler answers the rule it expects and lets anything else (a failed commit, a bug) surface
 * as the error it is. Messages are fit to show to the person who asked.
 */
public abstract sealed class IncidentRuleException extends RuntimeException {
    private IncidentRuleException(String message) {
        super(message);
    }

    /** An incident is resolved once: a second resolve (or a race with another person's) changes nothing. */
    public static final class AlreadyResolved extends IncidentRuleException {
        public AlreadyResolved(Incident incident) {
            super(incident.humanId() + " is already resolved");
        }
    }

    /** A resolved incident's status changes only by reopening it. */
    public static final class ReopenFirst extends IncidentRuleException {
        public ReopenFirst(Incident incident) {
            super(incident.humanId() + " is resolved; reopen it first");
        }
    }

    /** Only a resolved incident can be reopened. */
    public static final class NotResolved extends IncidentRuleException {
        public NotResolved(Incident incident) {
            super(incident.humanId() + " is not resolved");
        }
    }

    /** An incident, or a near miss, is declared with a title. */
    public static final class TitleRequired extends IncidentRuleException {
        public TitleRequired(String what) {
            super(what + " needs a title");
        }
    }
}
