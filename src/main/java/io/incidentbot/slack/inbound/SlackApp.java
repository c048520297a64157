package io.incidentbot.slack.inbound;

import io.incidentbot.slackapi.SlackIds;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.builtin.SSLCheck;
import io.incidentbot.slack.commands.CommandRouter;
import io.incidentbot.slack.commands.Invocation;
import io.incidentbot.slack.events.EventRouter;

import java.util.ArrayList;
import java.util.List;

/** Bolt wiring: one slash command, every event through {@link EventRouter}. */
public final class SlackApp {
    public static final String COMMAND = "/incident";

    private SlackApp() {
    }

    /** A Web API client pointed at {@code apiUrl} (Slack, or a fake in tests). */
    public static Slack slackClient(String apiUrl) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl);
        config.setPrettyResponseLoggingEnabled(false);
        // The SDK's per-team call statistics would call auth.test before every method; we keep no stats there.
        config.getMethodsConfig().setStatsEnabled(false);
        return Slack.getInstance(config);
    }

    /** {@code gate} runs first: requests from other workspaces never reach a listener. */
    public static App build(Slack slack, String signingSecret, Middleware gate, CommandRouter commands, EventRouter events) {
        AppConfig config = AppConfig.builder()
                .signingSecret(signingSecret)
                .slack(slack)
                .build();
        // Our own middleware list instead of Bolt's defaults: signatures are checked by SlackEndpoint
        // before Bolt parses anything, and no auth.test call blocks start-up or the first request.
        List<Middleware> middleware = new ArrayList<>(List.of(new SSLCheck(null), gate, events));
        App app = new App(config, slack, middleware);
        app.command(COMMAND, (req, ctx) -> {
            var p = req.getPayload();
            String reply = commands.handle(new Invocation(p.getTeamId(), p.getChannelId(), p.getUserId(),
                    p.getText(), p.getResponseUrl(), p.getTriggerId(), p.getChannelName(), blankToNull(p.getEnterpriseId())));
            return reply == null ? ctx.ack() : ctx.ack(reply);
        });
        return app;
    }

    /** Slack sends {@code enterprise_id=} (empty) outside Enterprise Grid; anything but an id counts as none. */
    static String blankToNull(String s) {
        return SlackIds.orNull(s);
    }
}
