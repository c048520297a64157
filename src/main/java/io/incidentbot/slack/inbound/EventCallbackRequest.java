package io.incidentbot.slack.inbound;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.RequestType;
import io.incidentbot.slackapi.Json;

/**
 * An Events API {@code event_callback} as a Bolt request, built from the one parse of its body that
 * the workspace gate and the event router share. Bolt's own {@code SlackRequestParser} parses an
 * event body three times (and builds two Gson instances) before any middleware runs — the largest
 * share of the bot's CPU per event in the benchmark. The context is filled as Bolt's
 * {@code EventRequest} fills it (team and enterprise from the first authorization, else the
 * envelope; the acting user; the channel; Slack's retry headers), but odd field types read as
 * absent instead of failing the request.
 *
 * <p>Only {@link io.incidentbot.slack.events.EventRouter} handles these: it answers every event
 * itself, so Bolt's typed event dispatch (which expects its own {@code EventRequest}) never sees one.
 */
final class EventCallbackRequest extends Request<EventContext> {
    private final String body;
    private final RequestHeaders headers;
    private final EventContext context = new EventContext();

    private EventCallbackRequest(String body, RequestHeaders headers) {
        this.body = body;
        this.headers = headers;
    }

    /**
     * The request for {@code body} when it is an {@code event_callback} whose event has a type, else
     * null (anything else goes to Bolt's parser). Parses through {@link Json#parseObjectSkipping}
     * without Block Kit {@code blocks}, which nothing in the bot reads from an event; later readers
     * of the same body on this thread reuse the tree.
     */
    static EventCallbackRequest of(String body, RequestHeaders headers) {
        if (!startsLikeJsonObject(body)) {
            return null;
        }
        JsonObject root = Json.parseObjectSkipping(body, "blocks");
        JsonObject event = Json.obj(root, "event");
        if (!"event_callback".equals(Json.str(root, "type")) || Json.str(event, "type") == null
                || "workflow_step_execute".equals(Json.str(event, "type"))) {
            Json.forgetParsed(); // an interaction over Socket Mode is JSON too: its readers get the whole tree
            return null;
        }
        EventCallbackRequest request = new EventCallbackRequest(body, headers);
        EventContext ctx = request.context;
        // the first authorization names the installation the event is for (in a shared channel the
        // envelope's team can be the workspace the message came from)
        JsonObject authorization = firstObject(Json.arr(root, "authorizations"));
        JsonObject owner = authorization != null ? authorization : root;
        ctx.setTeamId(Json.str(owner, "team_id"));
        ctx.setEnterpriseId(Json.str(owner, "enterprise_id"));
        ctx.setRequestUserId(userOf(event));
        String channel = Json.str(event, "channel");
        ctx.setChannelId(channel != null ? channel : Json.str(event, "channel_id"));
        if (headers != null) {
            String retry = headers.getFirstValue("X-Slack-Retry-Num");
            if (retry != null && retry.matches("\\d{1,9}")) {
                ctx.setRetryNum(Integer.parseInt(retry));
            }
            ctx.setRetryReason(headers.getFirstValue("X-Slack-Retry-Reason"));
        }
        return request;
    }

    private static boolean startsLikeJsonObject(String body) {
        if (body == null) {
            return false;
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    private static JsonObject firstObject(JsonArray array) {
        if (array == null || array.isEmpty()) {
            return null;
        }
        JsonElement first = array.get(0);
        return first.isJsonObject() ? first.getAsJsonObject() : null;
    }

    /** Who acted: the event's user (a string or an object with an id), else the edited or deleted message's. */
    private static String userOf(JsonObject event) {
        if (event == null) {
            return null;
        }
        JsonElement user = event.get("user");
        if (user != null && user.isJsonPrimitive()) {
            return user.getAsString();
        }
        if (user != null && user.isJsonObject()) {
            return Json.str(user.getAsJsonObject(), "id");
        }
        String userId = Json.str(event, "user_id");
        if (userId != null) {
            return userId;
        }
        JsonObject message = Json.obj(event, "message");
        return userOf(message != null ? message : Json.obj(event, "previous_message"));
    }

    @Override
    public EventContext getContext() {
        return context;
    }

    @Override
    public RequestType getRequestType() {
        return RequestType.Event;
    }

    @Override
    public String getRequestBodyAsString() {
        return body;
    }

    @Override
    public RequestHeaders getHeaders() {
        return headers;
    }

    @Override
    public String getResponseUrl() {
        return null;
    }
}
