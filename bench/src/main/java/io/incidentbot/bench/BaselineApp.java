package io.incidentbot.bench;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.builtin.SSLCheck;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.model.event.MessageEvent;
import io.incidentbot.slack.inbound.SlackApp;
import io.incidentbot.slack.inbound.SlackSignature;
import io.incidentbot.http.HttpServer;
import io.incidentbot.http.HttpServer.Reply;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The baseline: a bare Bolt 1.45.4 app whose {@code /incident} handler and message-event handler
 * only ack. It is served like the bot — the bot's own Jetty 12 {@link HttpServer} and the same
 * signature check, with the same middleware list shape — and then does what every Bolt adapter
 * does: Bolt's {@link SlackRequestParser}, then {@code App.run}. (The bot's {@code SlackEndpoint}
 * builds event requests from one parse of the body instead; that is part of the bot's work, so the
 * baseline keeps Bolt's own parser.)
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
        SlackSignature signature = new SlackSignature(secret, Clock.systemUTC());
        SlackRequestParser parser = new SlackRequestParser(app.config());
        HttpServer http = new HttpServer(port, Map.of(
                "POST /slack/events", ex -> {
                    if (signature.problem(ex.header("X-Slack-Request-Timestamp"), ex.header("X-Slack-Signature"),
                            ex.body()) != null) {
                        return Reply.json(401, "{\"error\":\"invalid request signature\"}");
                    }
                    Response response = app.run(parser.parse(SlackRequestParser.HttpRequest.builder()
                            .requestUri(ex.path())
                            .queryString(QueryStringParser.toMap(ex.query()))
                            .headers(new RequestHeaders(ex.headers()))
                            .requestBody(ex.bodyText())
                            .remoteAddress(ex.remoteAddress())
                            .build()));
                    return new Reply(response.getStatusCode(), response.getContentType() == null
                            ? "text/plain; charset=utf-8" : response.getContentType(), response.getBody());
                },
                "GET /health", ex -> Reply.json(200, "{\"status\":\"ok\"}")));
        http.start();
        System.out.println("baseline listening on " + http.port());
    }
}
