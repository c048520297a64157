package io.incidentbot.slack.inbound;

import io.incidentbot.slackapi.SlackGateway;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import io.incidentbot.slackapi.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deployment serves the one workspace its bot token belongs to (auth.test's {@code team_id}).
 * Requests naming any other team — or none — are answered and ignored before any listener runs,
 * so they never touch data: events get 200 (Slack must not retry them), commands a short
 * ephemeral note, interactions an empty 200. Until the bot knows its workspace (Slack was
 * unreachable at start-up), events get 503 so Slack delivers them again later.
 */
public final class WorkspaceGate implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceGate.class);
    static final String OTHER_WORKSPACE = "This incident bot serves another Slack workspace.";
    /** A command typed in one of our incident channels shared with another organization (Slack Connect). */
    public static final String EXTERNAL_PERSON = "This incident is run from another Slack workspace than yours: only its "
            + "people can change it with /incident; your messages and reactions in this shared channel are still part "
            + "of its timeline.";

    private final SlackGateway slack;
    /** (our team id, channel id) → true when the channel is one of our incidents' (a shared channel, maybe). */
    private final java.util.function.BiPredicate<String, String> incidentChannel;

    public WorkspaceGate(SlackGateway slack) {
        this(slack, (team, channel) -> false);
    }

    public WorkspaceGate(SlackGateway slack, java.util.function.BiPredicate<String, String> incidentChannel) {
        this.slack = slack;
        this.incidentChannel = incidentChannel;
    }

    @Override
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        RequestType type = req.getRequestType();
        if (type == RequestType.UrlVerification || type == RequestType.SSLCheck) {
            return chain.next(req);
        }
        // unknown yet: knownIdentity() has started an auth.test in the background
        Optional<String> ours = slack.knownIdentity().map(SlackGateway.BotIdentity::teamId);
        Optional<String> refused = slack.tokenRefusal();
        if (refused.isPresent()) {
            log.warn("Not serving a {} request: {}", type, refused.get());
            return type == RequestType.Command ? json(ephemeral(refused.get()))
                    : Response.builder().statusCode(503).body("SLACK_BOT_TOKEN refused by Slack").build();
        }
        if (ours.isEmpty()) {
            log.warn("Not serving a {} request yet: the bot's workspace is unknown until auth.test succeeds", type);
            return type == RequestType.Command
                    ? json(ephemeral("I can't reach Slack to check this workspace yet; please try again in a minute."))
                    : Response.builder().statusCode(503).body("workspace not verified yet").build();
        }
        Set<String> teams = teamsNamed(req);
        if (teams.equals(Set.of(ours.get()))) {
            return chain.next(req);
        }
        if (sharedWithUs(req, ours.get())) {
            // Slack Connect: another organization's person, in a channel shared with us
            if (type == RequestType.Command) {
                log.info("Refused /incident from another organization's person in a shared incident channel");
                return json(ephemeral(EXTERNAL_PERSON));
            }
            return chain.next(req);
        }
        log.warn("Ignored a {} request from workspace(s) {} (this bot serves {})", type, teams, ours.get());
        return type == RequestType.Command ? json(ephemeral(OTHER_WORKSPACE)) : Response.ok();
    }

    /**
     * A request that names another organization but is ours all the same (Slack Connect): an event
     * in a channel Slack marks {@code is_ext_shared_channel} whose {@code authorizations} name our installation; an interaction on a view our app opened in
     * our workspace ({@code view.app_installed_team_id}) or in one of our incident channels; a
     * command typed in one of our incident channels (then refused politely, not ignored).
     */
    private boolean sharedWithUs(Request<?> req, String ours) {
        RequestType type = req.getRequestType();
        if (type == RequestType.Command) {
            String channel = commandChannel(req.getRequestBodyAsString());
            return channel != null && incidentChannel.test(ours, channel);
        }
        JsonObject root = Json.parseObject(payloadJson(req));
        if (root == null) {
            return false;
        }
        if (type == RequestType.Event) {
            JsonArray authorizations = Json.arr(root, "authorizations");
            JsonElement shared = root.get("is_ext_shared_channel");
            // only a channel Slack says is shared with another organization may name two teams
            if (authorizations == null || shared == null || !shared.isJsonPrimitive()
                    || !shared.getAsJsonPrimitive().isBoolean() || !shared.getAsBoolean()) {
                return false;
            }
            for (JsonElement a : authorizations) {
                if (a.isJsonObject() && ours.equals(Json.str(a.getAsJsonObject(), "team_id"))) {
                    return true;
                }
            }
            return false;
        }
        if (ours.equals(Json.str(Json.obj(root, "view"), "app_installed_team_id"))) {
            return true;
        }
        String payloadChannel = Json.str(Json.obj(root, "channel"), "id");
        if (payloadChannel == null) {
            payloadChannel = Json.str(Json.obj(root, "container"), "channel_id");
        }
        return payloadChannel != null && incidentChannel.test(ours, payloadChannel);
    }

    private static String commandChannel(String body) {
        try {
            List<String> channel = QueryStringParser.toMap(body).get("channel_id");
            return channel == null || channel.isEmpty() ? null : blankToNull(channel.get(0));
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The request's JSON: the body, or an interaction's {@code payload=} form field over HTTP. */
    private static String payloadJson(Request<?> req) {
        String body = req.getRequestBodyAsString();
        if (req.getRequestType() != RequestType.Event && !req.isSocketMode()) {
            try {
                List<String> payload = QueryStringParser.toMap(body).get("payload");
                return payload == null || payload.isEmpty() ? null : payload.get(0);
            } catch (RuntimeException malformed) {
                return null;
            }
        }
        return body;
    }

    /**
     * Every team id the request names: Bolt's (the command's team_id, the event's authorization,
     * the interaction's team) and, in the raw payload, the event envelope's {@code team_id} or the
     * interaction's {@code team.id}, {@code user.team_id} and {@code view.team_id}. Blank ones count
     * as a team that is not ours.
     */
    static Set<String> teamsNamed(Request<?> req) {
        Set<String> teams = new TreeSet<>();
        teams.add(orBlank(req.getContext() == null ? null : req.getContext().getTeamId()));
        RequestType type = req.getRequestType();
        if (type == RequestType.Command) {
            return teams;
        }
        String body = req.getRequestBodyAsString();
        // over HTTP an interaction's JSON is the form field payload=…; over Socket Mode it is the body
        if (type != RequestType.Event && !req.isSocketMode()) {
            try {
                List<String> payload = QueryStringParser.toMap(body).get("payload");
                body = payload == null || payload.isEmpty() ? null : payload.get(0);
            } catch (RuntimeException malformed) {
                body = null;
            }
        }
        // null when malformed: Bolt parsed it, and what it routes on is in the context
        JsonObject root = Json.parseObject(body);
        if (root != null) {
            addIfPresent(teams, root, "team_id");
            if (type != RequestType.Event) {
                for (String holder : new String[]{"team", "user", "view"}) {
                    JsonElement o = root.get(holder);
                    if (o != null && o.isJsonObject()) {
                        addIfPresent(teams, o.getAsJsonObject(), holder.equals("team") ? "id" : "team_id");
                    }
                }
            }
        }
        return teams;
    }

    private static void addIfPresent(Set<String> teams, JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e != null && !e.isJsonNull()) {
            teams.add(e.isJsonPrimitive() ? orBlank(e.getAsString()) : "");
        }
    }

    private static String orBlank(String s) {
        return s == null ? "" : s.strip();
    }

    private static Response json(String body) {
        return Response.builder().statusCode(200).contentType("application/json; charset=utf-8").body(body).build();
    }

    private static String ephemeral(String text) {
        JsonObject o = new JsonObject();
        o.addProperty("response_type", "ephemeral");
        o.addProperty("text", text);
        return o.toString();
    }
}
