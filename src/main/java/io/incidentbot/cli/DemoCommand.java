package io.incidentbot.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code demo}: the web pages on bundled example incidents, until Ctrl-C; no Slack, settings or network. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        header = "Show the web pages on two bundled example incidents: no Slack, no settings, no network.",
        description = {"Shows the web pages on two bundled example incidents (the example Slack export): no Slack "
                + "app, no settings, no network. They are imported into a temporary SQLite database, the pages are "
                + "served on 127.0.0.1 (PORT if set, else a free port) behind a one-time sign-in link, and Ctrl-C "
                + "stops the demo and deletes its files."})
final class DemoCommand implements Callable<Integer> {
    private final Main.Context context;

    DemoCommand(Main.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        context.quietLogs();
        int port = port(context.env.get("PORT"));
        Demo demo;
        try {
            demo = Demo.start(port, context.clock);
        } catch (java.io.IOException | RuntimeException e) {
            throw new Main.Failure(Main.FAILED, "the demo cannot start: " + Main.reason(e)
                    + (port != 0 ? " (PORT=" + port + "; unset it for a free port)" : ""));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-shutdown"));
        if (context.ownProcess) {
            Signals.exitZeroOn("INT", "Demo stopped");
            Signals.exitZeroOn("TERM", "Demo stopped");
        }
        context.out.println("Demo running: " + demo.signInLink());
        context.out.println("  " + demo.incidents().size() + " example incidents from the bundled Slack export; "
                + "the link signs one browser in, once. Ctrl-C stops the demo and deletes its data.");
        context.serving = true;
        return Main.OK;
    }

    /** PORT from the environment only (the demo reads no .env): empty means a free port. */
    private static int port(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            int port = Integer.parseInt(text.strip());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new Main.Failure(Main.USAGE_ERROR, "PORT must be a number from 0 to 65535 (got \"" + text + "\")");
        }
    }
}
