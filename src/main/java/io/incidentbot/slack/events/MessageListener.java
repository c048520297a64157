package io.incidentbot.slack.events;

import io.incidentbot.slackapi.Json;

import com.google.gson.JsonObject;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.SlackTs;
import io.incidentbot.slackapi.SlackGateway;
import io.incidentbot.slackapi.SlackMessages;

/**
 * {@code message} events: new messages (including thread replies, thread broadcasts, /me and file
 * shares), edits and deletes. The bot's own posts and channel noise (joins, topic changes…) are
 * left out; other bots' and integrations' messages are kept and marked.
 */
public final class MessageListener implements EventRouter.Listener {
    private final IncidentService service;
    private final SlackGateway slack;

    public MessageListener(IncidentService service, SlackGateway slack) {
        this.service = service;
        this.slack = slack;
    }

    @Override
    public void onEvent(EventRouter.Envelope env) {
        JsonObject event = env.event();
        String subtype = Json.str(event, "subtype");
        String channel = Json.str(event, "channel");
        if (channel == null || env.teamId() == null) {
            return;
        }
        if ("message_changed".equals(subtype)) {
            onEdit(env, channel);
        } else if ("message_deleted".equals(subtype)) {
            String ts = Json.str(event, "deleted_ts");
            if (SlackTs.isValid(ts)) {
                service.recordDelete(env.eventId(), env.teamId(), channel, ts);
            }
        } else if (SlackMessages.carriesConversation(subtype)) {
            IncomingMessage message = SlackMessages.toMessage(env.teamId(), env.enterpriseId(), channel, event);
            if (message != null && !fromThisApp(env, event)) {
                service.recordMessage(message);
            }
        }
    }

    private void onEdit(EventRouter.Envelope env, String channel) {
        JsonObject edited = Json.obj(env.event(), "message");
        if (edited == null || fromThisApp(env, edited) || "tombstone".equals(Json.str(edited, "subtype"))) {
            return;
        }
        IncomingMessage message = SlackMessages.toMessage(env.teamId(), env.enterpriseId(), channel, edited);
        if (message == null) {
            return;
        }
        String changedTs = Json.str(env.event(), "event_ts");
        if (!SlackTs.isValid(changedTs)) {
            changedTs = message.ts();
        }
        JsonObject editInfo = Json.obj(edited, "edited");
        String editTs = editInfo != null ? Json.str(editInfo, "ts") : null;
        if (editInfo == null) {
            // No "edited": Slack added a link preview (unfurl) or changed its own fields. Only a
            // changed text (compared with what is stored) is an edit.
            service.recordChange(env.eventId(), message, SlackTs.toInstant(changedTs));
            return;
        }
        if (!SlackTs.isValid(editTs)) {
            editTs = changedTs;
        }
        service.recordEdit(env.eventId(), message, SlackTs.toInstant(editTs));
    }

    /** The bot's own posts never enter the timeline: its lifecycle entries already tell that story. */
    private boolean fromThisApp(EventRouter.Envelope env, JsonObject message) {
        String appId = Json.str(message, "app_id");
        JsonObject profile = Json.obj(message, "bot_profile");
        if (appId == null && profile != null) {
            appId = Json.str(profile, "app_id");
        }
        if (appId != null && appId.equals(env.apiAppId())) {
            return true;
        }
        String user = Json.str(message, "user");
        String botId = Json.str(message, "bot_id");
        if (user == null && botId == null) {
            return false;
        }
        return slack.knownIdentity()
                .map(me -> (user != null && user.equals(me.userId())) || (botId != null && botId.equals(me.botId())))
                .orElse(false);
    }
}
