package io.incidentbot.cli;

import io.incidentbot.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code run} (or no command at all): the bot, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        header = "Run the bot (the default command).",
        description = {"Run the bot (the default command): Slack's requests on POST /slack/events, or over Socket "
                + "Mode when SLACK_APP_TOKEN is set; GET /health; Prometheus metrics on GET /metrics (unless "
                + "METRICS_ENABLED=false); the web pages on GET / when WEB_ACCESS_TOKEN is set or Sign in with "
                + "Slack is configured (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, WEB_BASE_URL).",
                "", "SIGTERM stops it gracefully (exit 0)."})
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    private final Main.Context context;

    RunCommand(Main.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Config config;
        try {
            config = Config.load(context.env, context.dotEnv);
        } catch (Config.ConfigException e) {
            throw new Main.Failure(Main.USAGE_ERROR, e.getMessage());
        }
        Logs.level(config.logLevel()); // unset: logback.xml's INFO
        App app;
        try {
            app = App.start(config, context.clock);
        } catch (Exception e) {
            log.debug("Start-up failure", e);
            throw new Main.Failure(Main.FAILED, "cannot start: " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        if (context.ownProcess) {
            Signals.exitZeroOn("TERM", "SIGTERM: stopping (no new requests; work in progress may finish)");
        }
        context.serving = true;
        return Main.OK;
    }
}
