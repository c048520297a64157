package io.incidentbot.integrations.alerts;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.incidentbot.incident.AlertSource;
import io.incidentbot.incident.PagerEvent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PagerDuty's webhooks v3: {@code {"event": {"id", "event_type", "resource_type", "occurred_at",
 * "agent", "data"}}}. For incident events {@code data} is the incident ({@code id},
 * {@code incident_key}, {@code title}, {@code urgency}, {@code html_url}, {@code assignees}); for
 * {@code incident.annotated} it is the note, with its {@code incident} reference and {@code content}.
 */
final class PagerDutyPayloads {
    private PagerDutyPayloads() {
    }

    /** The event, or empty for one the bot does not act on (not about an incident, e.g. {@code pagey.ping}). */
    static Optional<PagerEvent> read(String webhookId, String body) {
        JsonObject root = AlertPayloads.object(body, AlertSource.PAGERDUTY);
        JsonElement e = root.get("event");
        if (e == null || !e.isJsonObject()) {
            throw new BadPayload("not a PagerDuty v3 webhook body: \"event\" is missing");
        }
        JsonObject event = e.getAsJsonObject();
        String eventType = AlertPayloads.text(event, "event_type");
        if (eventType == null || eventType.isBlank()) {
            throw new BadPayload("not a PagerDuty v3 webhook body: \"event.event_type\" is missing");
        }
        JsonElement d = event.get("data");
        if (d == null || !d.isJsonObject()) {
            throw new BadPayload("not a PagerDuty v3 webhook body: \"event.data\" must be an object");
        }
        if (!eventType.startsWith("incident.")) {
            return Optional.empty();
        }
        JsonObject data = d.getAsJsonObject();
        PagerEvent.Type type = type(eventType);
        String note = null;
        JsonObject incident = data;
        if (type == PagerEvent.Type.ANNOTATED) {
            note = AlertPayloads.text(data, "content");
            JsonElement ref = data.get("incident");
            if (ref == null || !ref.isJsonObject()) {
                throw new BadPayload("incident.annotated without \"data.incident\"");
            }
            incident = ref.getAsJsonObject();
        }
        String id = AlertPayloads.text(incident, "id");
        if (id == null || id.isBlank()) {
            throw new BadPayload("\"" + eventType + "\" without the incident's id");
        }
        String title = AlertPayloads.text(incident, "title");
        if (title == null) {
            title = AlertPayloads.text(incident, "summary");
        }
        String url = AlertPayloads.text(incident, "html_url");
        return Optional.of(new PagerEvent(webhookId, type, id, AlertPayloads.text(incident, "incident_key"), title,
                AlertPayloads.text(incident, "urgency"), url != null && url.startsWith("https://") ? url : null,
                summary(event.get("agent")), assignees(incident), note, occurredAt(event)));
    }

    private static PagerEvent.Type type(String eventType) {
        return switch (eventType) {
            case "incident.triggered" -> PagerEvent.Type.TRIGGERED;
            case "incident.acknowledged" -> PagerEvent.Type.ACKNOWLEDGED;
            case "incident.escalated" -> PagerEvent.Type.ESCALATED;
            case "incident.resolved" -> PagerEvent.Type.RESOLVED;
            case "incident.reassigned" -> PagerEvent.Type.REASSIGNED;
            case "incident.annotated" -> PagerEvent.Type.ANNOTATED;
            default -> PagerEvent.Type.OTHER;
        };
    }

    private static String summary(JsonElement reference) {
        return reference != null && reference.isJsonObject() ? AlertPayloads.text(reference.getAsJsonObject(), "summary")
                : null;
    }

    private static List<String> assignees(JsonObject incident) {
        List<String> out = new ArrayList<>();
        JsonElement list = incident.get("assignees");
        if (list != null && list.isJsonArray()) {
            for (JsonElement a : list.getAsJsonArray()) {
                String name = summary(a);
                if (name != null && out.size() < 10) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static Instant occurredAt(JsonObject event) {
        String s = AlertPayloads.text(event, "occurred_at");
        if (s == null) {
            throw new BadPayload("not a PagerDuty v3 webhook body: \"event.occurred_at\" is missing");
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadPayload("event.occurred_at is not an ISO-8601 time (got \"" + s + "\")");
        }
    }
}
