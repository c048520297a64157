package io.incidentbot.slack.events;

import io.incidentbot.slackapi.Json;

import com.google.gson.JsonObject;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncidentService.ChannelEvent;
import io.incidentbot.slackapi.SlackGateway;
import io.incidentbot.slackapi.SlackIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * What happens to channels: renamed, archived, unarchived, deleted, the bot removed or added back
 * (public {@code channel_*} and private {@code group_*} events), and people joining or leaving.
 * For an incident's channel each becomes a lifecycle entry and its channel state (the bot stops
 * posting where it no longer can); for any channel a join or leave forgets the cached membership,
 * which is the permission to change an incident.
 */
public final class ChannelListener implements EventRouter.Listener {
    private static final Logger log = LoggerFactory.getLogger(ChannelListener.class);

    /** The event types this listener takes (subscribed in manifest.yml). */
    public static final java.util.List<String> EVENT_TYPES = java.util.List.of(
            "channel_rename", "channel_archive", "channel_unarchive", "channel_deleted", "channel_left",
            "group_rename", "group_archive", "group_unarchive", "group_deleted", "group_left",
            "member_joined_channel", "member_left_channel");

    static final int MAX_CHANNEL_NAME = 80;

    private final IncidentService service;
    private final SlackGateway slack;

    public ChannelListener(IncidentService service, SlackGateway slack) {
        this.service = service;
        this.slack = slack;
    }

    @Override
    public void onEvent(EventRouter.Envelope env) {
        JsonObject event = env.event();
        String channel = channelId(event);
        if (channel == null || env.teamId() == null) {
            return;
        }
        String type = env.type();
        boolean recorded = switch (type) {
            case "channel_rename", "group_rename" -> service.recordChannelRename(env.eventId(), env.teamId(), channel,
                    channelName(Json.str(Json.obj(event, "channel"), "name")), SlackIds.orNull(Json.str(event, "user")));
            case "channel_archive", "group_archive" -> changed(env, channel, ChannelEvent.ARCHIVED, Json.str(event, "user"));
            case "channel_unarchive", "group_unarchive" ->
                    changed(env, channel, ChannelEvent.UNARCHIVED, Json.str(event, "user"));
            case "channel_deleted", "group_deleted" -> changed(env, channel, ChannelEvent.DELETED, Json.str(event, "user"));
            // sent to the bot when it leaves or is removed; actor_id is who removed it
            case "channel_left", "group_left" -> changed(env, channel, ChannelEvent.BOT_REMOVED, Json.str(event, "actor_id"));
            case "member_left_channel" -> {
                slack.forgetMembers(channel);
                yield isThisBot(Json.str(event, "user"))
                        && changed(env, channel, ChannelEvent.BOT_REMOVED, Json.str(event, "actor_id"));
            }
            case "member_joined_channel" -> {
                slack.forgetMembers(channel);
                yield isThisBot(Json.str(event, "user"))
                        && changed(env, channel, ChannelEvent.BOT_ADDED, Json.str(event, "inviter"));
            }
            default -> false;
        };
        if (recorded) {
            log.info("Channel {}: {} recorded in its incident's timeline", channel, type);
        }
    }

    private boolean changed(EventRouter.Envelope env, String channel, ChannelEvent what, String userId) {
        return service.recordChannelEvent(env.eventId(), env.teamId(), channel, what, SlackIds.orNull(userId));
    }

    private boolean isThisBot(String userId) {
        Optional<SlackGateway.BotIdentity> me = slack.knownIdentity();
        return userId != null && me.isPresent() && userId.equals(me.get().userId());
    }

    /** A channel name as Slack allows them (at most 80 characters, no spaces), else null: nothing to store. */
    static String channelName(String name) {
        return name != null && !name.isBlank() && name.length() <= MAX_CHANNEL_NAME && name.strip().indexOf(' ') < 0
                ? name.strip() : null;
    }

    /** {@code channel} is an id in most of these events and an object ({@code {id, name, …}}) in renames. */
    static String channelId(JsonObject event) {
        String id = Json.str(event, "channel");
        if (id == null) {
            id = Json.str(Json.obj(event, "channel"), "id");
        }
        return id;
    }
}
