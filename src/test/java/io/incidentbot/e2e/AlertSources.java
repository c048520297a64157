package io.incidentbot.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deliveries the way each alert source sends them: Alertmanager's webhook (version 4, the Go
 * structs in {@code vendor-apis/alertmanager-*.go}) with its {@code http_config.authorization}
 * Bearer token; Grafana's webhook (version 1: Alertmanager's fields plus {@code title},
 * {@code state}, {@code message}, per alert {@code values}, {@code dashboardURL}, {@code panelURL},
 * {@code silenceURL}), signed as {@code vendor-apis/grafana-hmac.go} signs it; and PagerDuty's v3
 * webhooks with {@code X-PagerDuty-Signature: v1=<hex>} and {@code X-Webhook-Id}.
 */
final class AlertSources {
    static final String TOKEN = "alert-intake-token-0123456789abcdef";
    static final String GRAFANA_SECRET = "grafana-hmac-secret";
    static final String PAGERDUTY_SECRET = "pagerduty-webhook-secret";
    /** Go's zero time: how Alertmanager says "still firing" in endsAt. */
    static final String GO_ZERO = "0001-01-01T00:00:00Z";

    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    AlertSources(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The settings that turn every receiver on. */
    static Map<String, String> receiversOn() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ALERT_INTAKE_TOKEN", TOKEN);
        settings.put("PAGERDUTY_WEBHOOK_SECRET", PAGERDUTY_SECRET);
        return settings;
    }

    // ---------------------------------------------------------------- bodies

    /** One alert as Alertmanager's {@code template.Alert}. */
    static JsonObject alert(String status, String alertname, String severity, Instant startsAt, Instant endsAt,
                            String fingerprint, String summary) {
        JsonObject a = new JsonObject();
        a.addProperty("status", status);
        JsonObject labels = new JsonObject();
        labels.addProperty("alertname", alertname);
        if (severity != null) {
            labels.addProperty("severity", severity);
        }
        labels.addProperty("service", "orders-api");
        labels.addProperty("instance", "orders-api-7f9c:9090");
        a.add("labels", labels);
        JsonObject annotations = new JsonObject();
        if (summary != null) {
            annotations.addProperty("summary", summary);
        }
        annotations.addProperty("description", "5xx ratio above 5% for 5 minutes");
        annotations.addProperty("runbook_url", "https://runbooks.example.com/orders-api");
        a.add("annotations", annotations);
        a.addProperty("startsAt", time(startsAt));
        a.addProperty("endsAt", endsAt == null ? GO_ZERO : time(endsAt));
        a.addProperty("generatorURL", "http://prometheus.example.com/graph?g0.expr=rate%28http_5xx%5B5m%5D%29");
        a.addProperty("fingerprint", fingerprint);
        return a;
    }

    /** Alertmanager's {@code webhook.Message}: status is firing while any alert fires. */
    static JsonObject alertmanagerMessage(String groupKey, JsonObject... alerts) {
        JsonObject m = new JsonObject();
        m.addProperty("receiver", "incident-bot");
        boolean firing = false;
        JsonArray list = new JsonArray();
        for (JsonObject a : alerts) {
            list.add(a);
            firing |= a.get("status").getAsString().equals("firing");
        }
        m.addProperty("status", firing ? "firing" : "resolved");
        m.add("alerts", list);
        JsonObject groupLabels = new JsonObject();
        groupLabels.addProperty("alertname", alerts[0].getAsJsonObject("labels").get("alertname").getAsString());
        m.add("groupLabels", groupLabels);
        m.add("commonLabels", alerts[0].getAsJsonObject("labels").deepCopy());
        m.add("commonAnnotations", new JsonObject());
        m.addProperty("externalURL", "http://alertmanager.example.com:9093");
        m.addProperty("version", "4");
        m.addProperty("groupKey", groupKey);
        m.addProperty("truncatedAlerts", 0);
        return m;
    }

    /** Grafana's webhook message: Alertmanager's data plus its own fields, per alert and for the group. */
    static JsonObject grafanaMessage(String groupKey, JsonObject... alerts) {
        JsonObject m = alertmanagerMessage(groupKey, alerts);
        m.addProperty("version", "1");
        m.addProperty("orgId", 1);
        boolean firing = m.get("status").getAsString().equals("firing");
        m.addProperty("state", firing ? "alerting" : "ok");
        m.addProperty("title", (firing ? "[FIRING:" : "[RESOLVED:") + alerts.length + "] "
                + alerts[0].getAsJsonObject("labels").get("alertname").getAsString());
        m.addProperty("message", "**Firing**\n\nValue: B=97.3");
        for (JsonObject a : alerts) {
            a.addProperty("generatorURL", "https://grafana.example.com/alerting/grafana/abc123/view");
            a.addProperty("dashboardURL", "https://grafana.example.com/d/orders");
            a.addProperty("panelURL", "https://grafana.example.com/d/orders?viewPanel=4");
            a.addProperty("silenceURL", "https://grafana.example.com/alerting/silence/new?matcher=alertname%3DX");
            a.addProperty("imageURL", "");
            JsonObject values = new JsonObject();
            values.addProperty("B", 97.3);
            values.addProperty("C", 1);
            a.add("values", values);
            a.addProperty("valueString", "[ var='B' labels={service=orders-api} value=97.3 ]");
        }
        return m;
    }

    /** A PagerDuty v3 webhook for an incident event ({@code incident.triggered}, {@code incident.acknowledged}…). */
    static JsonObject pagerDuty(String eventType, String pdIncidentId, String incidentKey, String title, String urgency,
                                String agent) {
        JsonObject incident = new JsonObject();
        incident.addProperty("id", pdIncidentId);
        incident.addProperty("type", "incident");
        incident.addProperty("self", "https://api.pagerduty.com/incidents/" + pdIncidentId);
        incident.addProperty("html_url", "https://acme.pagerduty.com/incidents/" + pdIncidentId);
        incident.addProperty("number", 42);
        incident.addProperty("status", eventType.substring("incident.".length()));
        incident.addProperty("incident_key", incidentKey);
        incident.addProperty("created_at", "2026-05-09T23:36:00Z");
        incident.addProperty("title", title);
        incident.addProperty("urgency", urgency);
        JsonArray assignees = new JsonArray();
        JsonObject bob = reference("PBOB123", "Bob Oncall", "user_reference");
        assignees.add(bob);
        incident.add("assignees", assignees);
        incident.add("service", reference("PSVC123", "Orders API", "service_reference"));
        return event(eventType, incident, agent);
    }

    /** {@code incident.annotated}: the note, naming its incident by reference. */
    static JsonObject pagerDutyNote(String pdIncidentId, String content, String agent) {
        JsonObject note = new JsonObject();
        note.add("incident", reference(pdIncidentId, "Orders API returns 502", "incident_reference"));
        note.addProperty("content", content);
        note.addProperty("trimmed", false);
        note.addProperty("type", "incident_note");
        return event("incident.annotated", note, agent);
    }

    private static JsonObject event(String eventType, JsonObject data, String agent) {
        JsonObject event = new JsonObject();
        event.addProperty("id", "01" + Long.toHexString(System.nanoTime()).toUpperCase());
        event.addProperty("event_type", eventType);
        event.addProperty("resource_type", "incident");
        event.addProperty("occurred_at", "2026-05-09T23:40:00.000Z");
        event.add("agent", agent == null ? null : reference("PAGENT1", agent, "user_reference"));
        JsonObject client = new JsonObject();
        client.addProperty("name", "PagerDuty");
        event.add("client", client);
        event.add("data", data);
        JsonObject root = new JsonObject();
        root.add("event", event);
        return root;
    }

    private static JsonObject reference(String id, String summary, String type) {
        JsonObject r = new JsonObject();
        r.addProperty("id", id);
        r.addProperty("type", type);
        r.addProperty("summary", summary);
        r.addProperty("self", "https://api.pagerduty.com/" + id);
        r.addProperty("html_url", "https://acme.pagerduty.com/" + id);
        return r;
    }

    /** RFC 3339, as Go's encoding/json writes a time.Time (with the fraction when there is one). */
    static String time(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }

    // ---------------------------------------------------------------- sending

    HttpResponse<String> alertmanager(String body, String bearerOrNull) {
        return bearerOrNull == null ? post("/integrations/alertmanager", body)
                : post("/integrations/alertmanager", body, "Authorization", "Bearer " + bearerOrNull);
    }

    HttpResponse<String> alertmanager(JsonObject body) {
        return alertmanager(body.toString(), TOKEN);
    }

    HttpResponse<String> grafana(String body, String... headers) {
        return post("/integrations/grafana", body, headers);
    }

    /** Grafana's signature: hex HMAC-SHA256 of {@code timestamp + ":" + body}, or of the body when untimestamped. */
    static String grafanaSignature(String secret, Long timestamp, String body) {
        return HexFormat.of().formatHex(hmac(secret, (timestamp == null ? "" : timestamp + ":") + body));
    }

    HttpResponse<String> pagerDuty(String body, String webhookId, String signatureHeader) {
        return signatureHeader == null ? post("/integrations/pagerduty", body, "X-Webhook-Id", webhookId)
                : post("/integrations/pagerduty", body, "X-Webhook-Id", webhookId, "X-PagerDuty-Signature", signatureHeader);
    }

    HttpResponse<String> pagerDuty(JsonObject body, String webhookId) {
        String text = body.toString();
        return pagerDuty(text, webhookId, pagerDutySignature(PAGERDUTY_SECRET, text));
    }

    /** {@code v1=<hex HMAC-SHA256 of the body>} */
    static String pagerDutySignature(String secret, String body) {
        return "v1=" + HexFormat.of().formatHex(hmac(secret, body));
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        try {
            return send(path, body, headers);
        } catch (Exception e) {
            throw new AssertionError("POST " + path + " failed: " + e, e);
        }
    }

    /** The answer, or empty when the bot closed the connection before answering (a body it refused unread). */
    java.util.Optional<HttpResponse<String>> tryPost(String path, String body, String... headers) {
        try {
            return java.util.Optional.of(send(path, body, headers));
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> send(String path, String body, String... headers)
            throws java.io.IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            rb.headers(headers);
        }
        return http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
