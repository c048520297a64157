package io.incidentbot.slack.events;

import io.incidentbot.slackapi.Json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.SlackTs;
import io.incidentbot.slackapi.SlackGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code message} events: new messages (including thread replies, thread broadcasts, /me and file
 * shares), edits and deletes. The bot's own posts and channel noise (joins, topic changes…) are
 * left out; other bots' and integrations' messages are kept and marked.
 */
public final class MessageListener implements EventRouter.Listener {
    private static final Logger log = LoggerFactory.getLogger(MessageListener.class);
    /** Subtypes that carry conversation; everything else (channel_join, channel_topic, …) is noise. */
    private static final Set<String> CONVERSATION = Set.of("thread_broadcast", "me_message", "file_share", "bot_message");
    static final int MAX_TEXT = 40_000;

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
        } else if (carriesConversation(subtype)) {
            IncomingMessage message = toMessage(env.teamId(), env.enterpriseId(), channel, event);
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
        IncomingMessage message = toMessage(env.teamId(), env.enterpriseId(), channel, edited);
        if (message == null) {
            return;
        }
        JsonObject editInfo = Json.obj(edited, "edited");
        String editTs = editInfo != null ? Json.str(editInfo, "ts") : null;
        if (!SlackTs.isValid(editTs)) {
            editTs = Json.str(env.event(), "event_ts");
        }
        if (!SlackTs.isValid(editTs)) {
            editTs = message.ts();
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

    /** Plain messages and the subtypes that carry conversation; joins, topic changes and the like do not. */
    public static boolean carriesConversation(String subtype) {
        return subtype == null || CONVERSATION.contains(subtype);
    }

    /** A Slack message (event or API shape) as the domain sees it; null when it has no valid ts. */
    public static IncomingMessage toMessage(String teamId, String channel, JsonObject m) {
        return toMessage(teamId, null, channel, m);
    }

    /** The same, with the Enterprise Grid organization Slack named with it (null: none). */
    public static IncomingMessage toMessage(String teamId, String enterpriseId, String channel, JsonObject m) {
        String ts = Json.str(m, "ts");
        if (!SlackTs.isValid(ts)) {
            log.debug("Ignoring a message without a valid ts in {}", channel);
            return null;
        }
        String threadTs = Json.str(m, "thread_ts");
        if (!SlackTs.isValid(threadTs)) {
            threadTs = null;
        }
        String user = Json.str(m, "user");
        String botId = Json.str(m, "bot_id");
        String botName = null;
        if (botId != null || "bot_message".equals(Json.str(m, "subtype"))) {
            JsonObject profile = Json.obj(m, "bot_profile");
            botName = Json.str(m, "username");
            if (botName == null && profile != null) {
                botName = Json.str(profile, "name");
            }
            if (botName == null) {
                botName = botId != null ? botId : "integration";
            }
        }
        String text = textOf(m);
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + "… (truncated)";
        }
        return new IncomingMessage(teamId, channel, ts, threadTs, user, botName, text, fileNames(m), enterpriseId);
    }

    /** The message text, or for attachment-only alerts the attachments' own text. */
    private static String textOf(JsonObject m) {
        String text = Json.str(m, "text");
        if (text != null) {
            return text;
        }
        JsonArray attachments = Json.arr(m, "attachments");
        if (attachments == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonElement a : attachments) {
            if (a.isJsonObject()) {
                String part = firstOf(a.getAsJsonObject(), "fallback", "text", "title", "pretext");
                if (part != null) {
                    parts.add(part);
                }
            }
        }
        return String.join("\n", parts);
    }

    private static String firstOf(JsonObject o, String... fields) {
        for (String f : fields) {
            String v = Json.str(o, f);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static List<String> fileNames(JsonObject m) {
        JsonArray files = Json.arr(m, "files");
        if (files == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonElement f : files) {
            if (f.isJsonObject()) {
                String name = firstOf(f.getAsJsonObject(), "name", "title", "id");
                if (name != null) {
                    names.add(name.replace('\n', ' '));
                }
            }
        }
        return names;
    }
}
