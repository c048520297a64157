package io.incidentbot.slackapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonNull;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.util.function.Function;

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
        return memoised(body, Json::parseTree);
    }

    /**
     * Like {@link #parseObject}, but every field named {@code skipped} (at any depth) is left out of
     * the tree without being built. An event callback carries a human message twice, as {@code text}
     * and as Block Kit {@code blocks}; the bot reads only the text, so event bodies are parsed with
     * {@code "blocks"} skipped, which halves the work. The tree is memoised like {@code parseObject}'s:
     * later readers of the same body on this thread get it, and must not need the skipped fields.
     */
    public static JsonObject parseObjectSkipping(String body, String skipped) {
        return memoised(body, b -> parseTreeSkipping(b, skipped));
    }

    private static JsonObject memoised(String body, Function<String, JsonObject> parse) {
        if (body == null) {
            return null;
        }
        Parsed last = LAST_PARSED.get();
        if (last != null && last.body() == body) {
            return last.root();
        }
        JsonObject root = parse.apply(body);
        LAST_PARSED.set(new Parsed(body, root));
        return root;
    }

    private static JsonObject parseTree(String body) {
        try {
            JsonElement parsed = JsonParser.parseString(body);
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static JsonObject parseTreeSkipping(String body, String skipped) {
        try (JsonReader reader = new JsonReader(new StringReader(body))) {
            // as lenient as JsonParser.parseString, which Bolt and parseObject use
            reader.setStrictness(Strictness.LENIENT);
            JsonObject root = reader.peek() == JsonToken.BEGIN_OBJECT ? readObject(reader, skipped) : null;
            return root != null && reader.peek() == JsonToken.END_DOCUMENT ? root : null; // trailing data: malformed
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
    }

    private static JsonObject readObject(JsonReader reader, String skipped) throws IOException {
        JsonObject o = new JsonObject();
        reader.beginObject();
        while (reader.hasNext()) {
            String name = reader.nextName();
            if (name.equals(skipped)) {
                reader.skipValue();
            } else {
                o.add(name, readValue(reader, skipped));
            }
        }
        reader.endObject();
        return o;
    }

    // Recursion is bounded: JsonReader refuses nesting deeper than its limit (255 by default).
    private static JsonElement readValue(JsonReader reader, String skipped) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT:
                return readObject(reader, skipped);
            case BEGIN_ARRAY:
                JsonArray a = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    a.add(readValue(reader, skipped));
                }
                reader.endArray();
                return a;
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                // a number: Gson's own reading keeps its exact text (no rounding through a double)
                return JsonParser.parseReader(reader);
        }
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
