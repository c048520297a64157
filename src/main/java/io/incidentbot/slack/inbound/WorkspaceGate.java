package io.incidentbot.slack.inbound;

import io.incidentbot.slackapi.SlackGateway;

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

    private final SlackGateway slack;

    public WorkspaceGate(SlackGateway slack) {
        this.slack = slack;
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
        log.warn("Ignored a {} request from workspace(s) {} (this bot serves {})", type, teams, ours.get());
        return type == RequestType.Command ? json(ephemeral(OTHER_WORKSPACE)) : Response.ok();
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
