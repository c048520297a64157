package io.incidentbot.slack.events;

import io.incidentbot.slackapi.Json;

import com.google.gson.JsonObject;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.SlackTs;
import io.incidentbot.slackapi.SlackMessages;

/**
 * Pins key events: a {@code PIN_REACTION} reaction (📌 by default) or Slack's own "Pin to channel".
 * Each reaction is remembered per user, so the entry stays pinned while any such reaction remains.
 */
public final class PinListener implements EventRouter.Listener {
    private final IncidentService service;
    private final String pinReaction;

    public PinListener(IncidentService service, String pinReaction) {
        this.service = service;
        this.pinReaction = pinReaction;
    }

    @Override
    public void onEvent(EventRouter.Envelope env) {
        JsonObject event = env.event();
        String type = env.type();
        JsonObject item = Json.obj(event, "item");
        if (item == null || !"message".equals(Json.str(item, "type"))) {
            return;
        }
        switch (type) {
            case "reaction_added", "reaction_removed" -> {
                String user = Json.str(event, "user");
                if (!SlackMessages.isPinReaction(Json.str(event, "reaction"), pinReaction) || user == null) {
                    return;
                }
                apply(env, type.equals("reaction_added"), Json.str(item, "channel"), Json.str(item, "ts"),
                        "reaction:" + user);
            }
            case "pin_added", "pin_removed" -> {
                String channel = Json.str(event, "channel_id");
                if (channel == null) {
                    channel = Json.str(item, "channel");
                }
                JsonObject message = Json.obj(item, "message");
                String ts = message != null ? Json.str(message, "ts") : Json.str(item, "ts");
                apply(env, type.equals("pin_added"), channel, ts, IncidentService.SLACK_PIN);
            }
            default -> {
            }
        }
    }

    private void apply(EventRouter.Envelope env, boolean add, String channel, String ts, String source) {
        if (channel == null || !SlackTs.isValid(ts)) {
            return;
        }
        if (add) {
            service.pin(env.eventId(), env.teamId(), env.enterpriseId(), channel, ts, source);
        } else {
            service.unpin(env.eventId(), env.teamId(), channel, ts, source);
        }
    }
}
