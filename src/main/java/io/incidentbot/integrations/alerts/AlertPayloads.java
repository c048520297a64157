package io.incidentbot.integrations.alerts;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Gson;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.incidentbot.incident.Alert;
import io.incidentbot.incident.AlertNotification;
import io.incidentbot.incident.AlertSource;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook body (version 4: {@code status}, {@code groupKey}, {@code commonLabels},
 * {@code commonAnnotations}, {@code externalURL}, {@code alerts[]}) and Grafana's, which adds
 * {@code title}, {@code state}, {@code message} and per alert {@code values}, {@code dashboardURL},
 * {@code panelURL} and {@code silenceURL}, read into an {@link AlertNotification}.
 */
final class AlertPayloads {
    /** Go's zero time, which Alertmanager sends as the end of an alert still firing. */
    private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");
    private static final int MAX_LABELS = 64;
    private static final int MAX_TEXT = 4000;
    private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

    private AlertPayloads() {
    }

    static AlertNotification alertmanager(String body) {
        return read(AlertSource.ALERTMANAGER, body);
    }

    static AlertNotification grafana(String body) {
        return read(AlertSource.GRAFANA, body);
    }

    private static AlertNotification read(AlertSource source, String body) {
        JsonObject root = object(body, source);
        String groupKey = text(root, "groupKey");
        if (groupKey == null || groupKey.isBlank()) {
            throw new BadPayload("not " + article(source) + " webhook body: \"groupKey\" is missing");
        }
        JsonElement list = root.get("alerts");
        if (list == null || !list.isJsonArray()) {
            throw new BadPayload("not " + article(source) + " webhook body: \"alerts\" must be a list");
        }
        status(root.get("status"), "status");
        List<Alert> alerts = new ArrayList<>();
        JsonArray array = list.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isJsonObject()) {
                throw new BadPayload("alerts[" + i + "] is not an object");
            }
            alerts.add(alert(source, array.get(i).getAsJsonObject(), "alerts[" + i + "]"));
        }
        if (alerts.isEmpty()) {
            throw new BadPayload("\"alerts\" is empty: nothing to act on");
        }
        return new AlertNotification(source, groupKey, alerts, text(root, "title"), url(root, "externalURL"));
    }

    private static Alert alert(AlertSource source, JsonObject a, String where) {
        boolean firing = status(a.get("status"), where + ".status");
        Map<String, String> labels = strings(a, "labels", where);
        Map<String, String> annotations = strings(a, "annotations", where);
        Instant starts = time(a, "startsAt", where);
        Instant ends = time(a, "endsAt", where);
        List<Alert.Link> links = new ArrayList<>();
        link(links, a, "generatorURL", "source");
        if (source == AlertSource.GRAFANA) {
            link(links, a, "dashboardURL", "dashboard");
            link(links, a, "panelURL", "panel");
            link(links, a, "silenceURL", "silence");
        }
        return new Alert(firing, labels, annotations, starts, firing ? null : ends, text(a, "fingerprint"), links,
                source == AlertSource.GRAFANA ? values(a) : null);
    }

    /** firing → true, resolved → false; anything else is not the format. */
    private static boolean status(JsonElement e, String where) {
        String s = e != null && e.isJsonPrimitive() ? e.getAsString() : null;
        if ("firing".equals(s)) {
            return true;
        }
        if ("resolved".equals(s)) {
            return false;
        }
        throw new BadPayload(where + " must be \"firing\" or \"resolved\"" + (s == null ? "" : " (got \"" + clip(s) + "\")"));
    }

    private static Map<String, String> strings(JsonObject o, String name, String where) {
        JsonElement e = o.get(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (!e.isJsonObject()) {
            throw new BadPayload(where + "." + name + " must be an object of strings");
        }
        for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
            if (out.size() == MAX_LABELS) {
                break;
            }
            JsonElement v = kv.getValue();
            if (!v.isJsonPrimitive()) {
                throw new BadPayload(where + "." + name + "." + clip(kv.getKey()) + " must be a string");
            }
            out.put(clip(kv.getKey()), clip(v.getAsString()));
        }
        return out;
    }

    /** An RFC 3339 time; Go's zero time and a missing one are null. */
    private static Instant time(JsonObject o, String name, String where) {
        String s = text(o, name);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            Instant at = OffsetDateTime.parse(s).toInstant();
            return at.equals(GO_ZERO) || at.isBefore(Instant.EPOCH) ? null : at;
        } catch (DateTimeParseException e) {
            throw new BadPayload(where + "." + name + " is not an RFC 3339 time (got \"" + clip(s) + "\")");
        }
    }

    /** Grafana's evaluated values ({@code "values": {"B": 97.3}}) as "B=97.3". */
    private static String values(JsonObject a) {
        JsonElement e = a.get("values");
        if (e == null || !e.isJsonObject() || e.getAsJsonObject().isEmpty()) {
            String s = text(a, "valueString");
            return s == null || s.isBlank() ? null : clip(s);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(clip(kv.getKey())).append('=')
                    .append(kv.getValue().isJsonPrimitive() ? kv.getValue().getAsString() : kv.getValue().toString());
        }
        return clip(sb.toString());
    }

    private static void link(List<Alert.Link> links, JsonObject o, String name, String label) {
        String url = url(o, name);
        if (url != null) {
            links.add(new Alert.Link(label, url));
        }
    }

    private static String url(JsonObject o, String name) {
        String s = text(o, name);
        return s != null && (s.startsWith("https://") || s.startsWith("http://")) && s.length() <= 2000 ? s : null;
    }

    static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** The body as one JSON object, strictly parsed (trailing garbage is an error too). */
    static JsonObject object(String body, AlertSource source) {
        try {
            JsonReader reader = new JsonReader(new StringReader(body));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = ELEMENTS.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new BadPayload("the body has more after its JSON value");
            }
            if (!root.isJsonObject()) {
                throw new BadPayload("not " + article(source) + " webhook body: expected a JSON object");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException | IOException e) {
            throw new BadPayload("the body is not valid JSON");
        }
    }

    private static String article(AlertSource source) {
        return source == AlertSource.ALERTMANAGER ? "an Alertmanager" : "a " + source.title();
    }

    private static String clip(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
