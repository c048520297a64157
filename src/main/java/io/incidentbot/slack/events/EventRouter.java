package io.incidentbot.slack.events;

import io.incidentbot.slackapi.Json;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import io.incidentbot.metrics.BotMetrics;
import io.incidentbot.metrics.LogContext;
import io.incidentbot.slackapi.SlackIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Takes every Events API callback before Bolt's typed dispatch: Slack sends more message subtypes
 * and fields than any typed model knows, so events are read as plain JSON and handed to the
 * listener for their type. The answer is 200 once the event is stored (or deliberately ignored),
 * and 500 when storing failed, so that Slack retries.
 */
public final class EventRouter implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

    /** One family of events (messages, reactions, pins). */
    public interface Listener {
        void onEvent(Envelope envelope);
    }

    /**
     * What every event callback carries around the event itself; {@code enterpriseId} is the
     * Enterprise Grid organization, or null outside Grid.
     */
    public record Envelope(String teamId, String enterpriseId, String apiAppId, String eventId, JsonObject event) {
        String type() {
            return Json.str(event, "type");
        }
    }

    /** Which incident a channel belongs to, so each log line while handling the event names it. */
    public interface IncidentOfChannel {
        Optional<Long> find(String teamId, String channelId);
    }

    private final Map<String, Listener> listeners;
    private final BotMetrics metrics;
    private final IncidentOfChannel incidentOf;

    public EventRouter(Map<String, Listener> listenersByEventType) {
        this(listenersByEventType, BotMetrics.disabled());
    }

    /** With {@code metrics} counting the events ingested (by type) and those that failed. */
    public EventRouter(Map<String, Listener> listenersByEventType, BotMetrics metrics) {
        this(listenersByEventType, metrics, (team, channel) -> Optional.empty());
    }

    /** With {@code incidentOf} naming the incident in the logs (MDC {@value LogContext#INCIDENT}). */
    public EventRouter(Map<String, Listener> listenersByEventType, BotMetrics metrics, IncidentOfChannel incidentOf) {
        this.listeners = Map.copyOf(listenersByEventType);
        this.metrics = metrics;
        this.incidentOf = incidentOf;
    }

    @Override
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        if (req.getRequestType() != RequestType.Event) {
            return chain.next(req);
        }
        Envelope envelope = parse(req.getRequestBodyAsString());
        if (envelope == null) {
            return Response.builder().statusCode(400).body("not an event callback").build();
        }
        Listener listener = envelope.type() == null ? null : listeners.get(envelope.type());
        // only the types the bot subscribes to become labels; anything else Slack sends is "other"
        String type = listener == null ? "other" : envelope.type();
        if (listener == null) {
            metrics.eventIngested(type);
            return Response.ok();
        }
        try {
            String channel = channelOf(envelope.event());
            if (envelope.teamId() != null && channel != null) {
                incidentOf.find(envelope.teamId(), channel).ifPresent(LogContext::incident);
            }
            listener.onEvent(envelope);
            metrics.eventIngested(type);
            log.debug("Event {} ({}) handled", envelope.eventId(), type);
            return Response.ok();
        } catch (RuntimeException e) {
            metrics.eventFailed(type);
            log.error("Could not store event {} ({}); Slack will retry it", envelope.eventId(), envelope.type(), e);
            return Response.builder().statusCode(500).body("could not store the event").build();
        }
    }

    /** The channel an event is about, wherever its type keeps it. */
    static String channelOf(JsonObject event) {
        String channel = ChannelListener.channelId(event);
        if (channel == null) {
            channel = Json.str(event, "channel_id");
        }
        return channel != null ? channel : Json.str(Json.obj(event, "item"), "channel");
    }

    static Envelope parse(String body) {
        JsonObject o = Json.parseObject(body);
        JsonObject event = Json.obj(o, "event");
        if (event == null) {
            return null;
        }
        // The installation the event is for: in a channel shared with another organization (Slack
        // Connect) the envelope's team_id can be theirs while the authorization names ours.
        JsonArray authorizations = Json.arr(o, "authorizations");
        String team = authorizations != null && !authorizations.isEmpty() && authorizations.get(0).isJsonObject()
                ? SlackIds.orNull(Json.str(authorizations.get(0).getAsJsonObject(), "team_id")) : null;
        if (team == null) {
            team = Json.str(o, "team_id");
        }
        if (team == null) {
            team = Json.str(event, "team");
        }
        return new Envelope(team, enterpriseOf(o), Json.str(o, "api_app_id"), Json.str(o, "event_id"), event);
    }

    /** The envelope's {@code enterprise_id}, else the first authorization's, else {@code context_enterprise_id}. */
    private static String enterpriseOf(JsonObject envelope) {
        String enterprise = Json.str(envelope, "enterprise_id");
        JsonArray authorizations = Json.arr(envelope, "authorizations");
        if (enterprise == null && authorizations != null && !authorizations.isEmpty()
                && authorizations.get(0).isJsonObject()) {
            enterprise = Json.str(authorizations.get(0).getAsJsonObject(), "enterprise_id");
        }
        return SlackIds.orNull(enterprise != null ? enterprise : Json.str(envelope, "context_enterprise_id"));
    }
}
