package io.incidentbot.slack.events;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Lenient reads from Slack's JSON: a missing, null or oddly typed field reads as absent. */
public final class Json {
    private Json() {
    }

    public static String str(JsonObject o, String field) {
        if (o == null) {
            return null;
        }
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive()) {
            return null;
        }
        String s = e.getAsString();
        return s.isEmpty() ? null : s;
    }

    public static JsonObject obj(JsonObject o, String field) {
        if (o == null) {
            return null;
        }
        JsonElement e = o.get(field);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    public static JsonArray arr(JsonObject o, String field) {
        if (o == null) {
            return null;
        }
        JsonElement e = o.get(field);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : null;
    }
}
