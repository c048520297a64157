package io.incidentbot.outbox;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Job records to JSON and back, with Gson. A job's kind is its record's name with a small first
 * letter ({@code Post} → {@code post}), unique within its family.
 */
final class JobCodec {
    /** Payload field with the Slack request id that queued the job (for the logs only). */
    static final String REQUEST_FIELD = "_slack_request";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private JobCodec() {
    }

    static String kind(Class<?> record) {
        String name = record.getSimpleName();
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }

    static String encode(OutboxJob job, String requestId) {
        JsonObject json = GSON.toJsonTree(job).getAsJsonObject();
        if (requestId != null) {
            json.addProperty(REQUEST_FIELD, requestId);
        }
        return GSON.toJson(json);
    }

    /** The kinds of a family: its sealed interface's records by kind. */
    static <J extends OutboxJob> Map<String, Class<? extends J>> kinds(Class<J> sealed) {
        if (!sealed.isSealed()) {
            throw new IllegalArgumentException(sealed.getName() + " must be a sealed interface of job records");
        }
        Map<String, Class<? extends J>> kinds = new LinkedHashMap<>();
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (!permitted.isRecord()) {
                throw new IllegalArgumentException(permitted.getName() + " must be a record");
            }
            if (kinds.put(kind(permitted), permitted.asSubclass(sealed)) != null) {
                throw new IllegalArgumentException("two jobs of " + sealed.getName() + " are called " + kind(permitted));
            }
        }
        return kinds;
    }

    static <J> J decode(Class<J> type, String payload) {
        return GSON.fromJson(payload, type);
    }

    /** The request id stored with the job, or null. */
    static String requestId(String payload) {
        JsonElement root = JsonParser.parseString(payload);
        JsonElement id = root.isJsonObject() ? root.getAsJsonObject().get(REQUEST_FIELD) : null;
        return id == null || id.isJsonNull() ? null : id.getAsString();
    }
}
