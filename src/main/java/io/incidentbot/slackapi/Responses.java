package io.incidentbot.slackapi;

import com.google.gson.JsonObject;

/** Bodies for a slash command's response_url. */
public final class Responses {
    private Responses() {
    }

    public static String ephemeral(String text) {
        JsonObject o = new JsonObject();
        o.addProperty("response_type", "ephemeral");
        o.addProperty("replace_original", false);
        o.addProperty("text", text);
        return o.toString();
    }
}
