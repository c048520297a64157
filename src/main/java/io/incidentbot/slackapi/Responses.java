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

    /** Replaces the message a button was clicked in (e.g. a question, once answered). */
    public static String replaceOriginal(String text, java.util.List<com.slack.api.model.block.LayoutBlock> blocks) {
        JsonObject o = new JsonObject();
        o.addProperty("replace_original", true);
        o.addProperty("text", text);
        if (blocks != null) {
            o.add("blocks", com.slack.api.util.json.GsonFactory.createSnakeCase().toJsonTree(blocks));
        }
        return o.toString();
    }
}
