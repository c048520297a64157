package io.incidentbot.slack.events;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Lenient reads from Slack's JSON: a missing, null or oddly typed field reads as absent. */
public final class Json {
    /**
     * The body parsed last on this thread. Several middlewares read the same event body (the
     * workspace gate, then the event router); this keeps them to one parse per request.
     */
    private static final ThreadLocal<Parsed> LAST_PARSED = new ThreadLocal<>();

    private record Parsed(String body, JsonObject root) {
    }

    private Json() {
    }

    /**
     * The body as a JSON object, or null when it is malformed or not an object. The same body
     * (the same string, as Bolt hands it to each middleware) is parsed only once on a thread.
     */
    public static JsonObject parseObject(String body) {
        if (body == null) {
            return null;
        }
        Parsed last = LAST_PARSED.get();
        if (last != null && last.body() == body) {
            return last.root();
        }
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(body);
            root = parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        } catch (RuntimeException malformed) {
            root = null;
        }
        LAST_PARSED.set(new Parsed(body, root));
        return root;
    }

    /** Drops this thread's parsed body once its request is answered, so no thread keeps one alive. */
    public static void forgetParsed() {
        LAST_PARSED.remove();
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
