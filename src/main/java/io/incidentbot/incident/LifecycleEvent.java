package io.incidentbot.incident;

import java.time.Instant;

/**
 * Something that happened to an incident that other systems may want to hear about (outgoing
 * webhooks). {@code incident} is the incident as it is after the change; {@code actionItem} is set
 * for the action item events, {@code postmortemVersion} for the postmortem events (else null).
 */
public record LifecycleEvent(Type type, Incident incident, Instant at, ActionItem actionItem,
                             Integer postmortemVersion) {

    /** The kinds of event, with the names receivers see. */
    public enum Type {
        DECLARED("incident.declared"),
        STATUS_CHANGED("incident.status_changed"),
        SEVERITY_CHANGED("incident.severity_changed"),
        ROLE_ASSIGNED("incident.role_assigned"),
        UPDATED("incident.updated"),
        RESOLVED("incident.resolved"),
        REOPENED("incident.reopened"),
        POSTMORTEM_DRAFTED("postmortem.drafted"),
        POSTMORTEM_PUBLISHED("postmortem.published"),
        ACTION_ITEM_CREATED("action_item.created"),
        ACTION_ITEM_DONE("action_item.done"),
        ACTION_ITEM_DROPPED("action_item.dropped");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** "incident.declared" */
        public String wireName() {
            return wireName;
        }
    }

    public static LifecycleEvent of(Type type, Incident incident, Instant at) {
        return new LifecycleEvent(type, incident, at, null, null);
    }
}
