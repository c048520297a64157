package io.incidentbot.slackapi;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    private static final String EVENT = """
            {"type":"event_callback","team_id":"T1","event_time":1715264580,"score":12345678901234567890.5,
             "event":{"type":"message","text":"db is down","ts":"1715264580.001200","hidden":false,"x":null,
               "blocks":[{"type":"rich_text","elements":[{"type":"text","text":"db is down"}]}],
               "attachments":[{"fallback":"alert","blocks":[{"type":"section"}]}],
               "files":[{"name":"graph.png","size":2048}]}}""";

    @AfterEach
    void forget() {
        Json.forgetParsed();
    }

    @Test
    void skippingLeavesOutTheNamedFieldAtEveryDepthAndKeepsEverythingElse() {
        JsonObject skipped = Json.parseObjectSkipping(EVENT, "blocks");
        Json.forgetParsed();
        JsonObject full = Json.parseObject(EVENT);

        JsonObject event = Json.obj(skipped, "event");
        assertFalse(event.has("blocks"));
        assertFalse(Json.arr(event, "attachments").get(0).getAsJsonObject().has("blocks"));
        // without the skipped fields, the two trees are the same JSON, numbers and all
        Json.obj(full, "event").remove("blocks");
        Json.arr(Json.obj(full, "event"), "attachments").get(0).getAsJsonObject().remove("blocks");
        assertEquals(full, skipped);
        assertEquals("12345678901234567890.5", skipped.get("score").getAsString());
        assertEquals(1715264580L, skipped.get("event_time").getAsLong());
        assertTrue(event.get("x").isJsonNull());
        assertFalse(event.get("hidden").getAsBoolean());
        assertEquals("db is down", Json.str(event, "text"));
    }

    @Test
    void malformedOrNonObjectBodiesParseToNull() {
        for (String body : new String[]{"", "[1,2]", "\"text\"", "{\"a\":", "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}",
                "{" .repeat(300) + "}".repeat(300), "not json at all"}) {
            assertNull(Json.parseObjectSkipping(body, "blocks"), body.length() > 40 ? "deep nesting" : body);
            Json.forgetParsed();
        }
    }

    @Test
    void aBodyIsParsedOncePerThreadUntilForgotten() {
        JsonObject first = Json.parseObjectSkipping(EVENT, "blocks");
        assertSame(first, Json.parseObject(EVENT), "later readers of the same body share the tree");
        Json.forgetParsed();
        assertNotSame(first, Json.parseObject(EVENT));
    }

    @Test
    void leniencyMatchesGsonsTreeParser() {
        String lenient = "{'type':'event_callback', unquoted: value, \"n\": 1}";
        JsonObject skipped = Json.parseObjectSkipping(lenient, "blocks");
        Json.forgetParsed();
        assertEquals("value", Json.str(skipped, "unquoted"));
        assertEquals(Json.parseObject(lenient), skipped);
    }
}
