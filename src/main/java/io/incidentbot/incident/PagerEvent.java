package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;

/**
 * What the paging service (PagerDuty) reported about one of its incidents.
 *
 * @param deliveryId  the delivery's id (PagerDuty's {@code X-Webhook-Id}), the same on every redelivery
 * @param type        what happened
 * @param pagerId     the paging service's incident id
 * @param incidentKey the incident's key there: for a page the bot sent, its {@code dedup_key}
 * @param title       the incident's title there
 * @param urgency     {@code high} or {@code low}
 * @param url         the incident's page there, or null
 * @param agent       who did it (a person's name), or null
 * @param assignees   who it is assigned to now (names)
 * @param note        an added note's text, or null
 * @param occurredAt  when it happened
 */
public record PagerEvent(String deliveryId, Type type, String pagerId, String incidentKey, String title, String urgency,
                         String url, String agent, List<String> assignees, String note, Instant occurredAt) {

    public enum Type {
        TRIGGERED("Triggered"), ACKNOWLEDGED("Acknowledged"), ESCALATED("Escalated"), RESOLVED("Resolved"),
        REASSIGNED("Reassigned"), ANNOTATED("Note added"), OTHER("Updated");

        private final String title;

        Type(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    public PagerEvent {
        assignees = List.copyOf(assignees);
    }
}
