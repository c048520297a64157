package io.incidentbot.bench;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.builtin.SSLCheck;
import com.slack.api.model.event.MessageEvent;
import io.incidentbot.slack.SlackApp;
import io.incidentbot.slack.SlackEndpoint;
import io.incidentbot.slack.SlackSignature;
import io.incidentbot.web.HttpServer;
import io.incidentbot.web.HttpServer.Reply;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The baseline: a bare Bolt 1.45.4 app whose {@code /incident} handler and message-event handler
 * only ack. It is served exactly like the bot — the bot's own Jetty 12 {@link HttpServer} and
 * {@link SlackEndpoint} (signature check, then Bolt's {@code App.run}), with the same middleware
 * list shape — so the only difference between the two processes is the work the bot does.
 *
 * <p>Env: {@code PORT}, {@code SLACK_SIGNING_SECRET}.
 */
public final class BaselineApp {
    public static void main(String[] args) throws Exception {
        String secret = System.getenv("SLACK_SIGNING_SECRET");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        Slack slack = SlackApp.slackClient(System.getenv().getOrDefault("SLACK_API_URL", "http://127.0.0.1:9/api/"));
        App app = new App(AppConfig.builder().signingSecret(secret).slack(slack).build(), slack,
                new java.util.ArrayList<>(List.of(new SSLCheck(null))));
        app.command("/incident", (req, ctx) -> ctx.ack());
        app.event(MessageEvent.class, (req, ctx) -> ctx.ack());
        SlackEndpoint endpoint = new SlackEndpoint(app, new SlackSignature(secret, Clock.systemUTC()));
        HttpServer http = new HttpServer(port, Map.of(
                "POST /slack/events", endpoint::handle,
                "GET /health", ex -> Reply.json(200, "{\"status\":\"ok\"}")));
        http.start();
        System.out.println("baseline listening on " + http.port());
    }
}
