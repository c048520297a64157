package io.incidentbot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code manifest --url https://… [--socket-mode] [--sign-in]}: a ready-to-paste Slack app manifest on stdout. */
@Command(name = "manifest", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false,
        header = "Print a ready-to-paste Slack app manifest (HTTP or Socket Mode, with or without Sign in with Slack).",
        description = {"Prints the Slack app manifest for this bot, ready to paste at https://api.slack.com/apps → "
                + "Create New App → From an app manifest: the scopes and events the bot uses, with request URLs "
                + "for HTTP mode or none for Socket Mode.", ""},
        optionListHeading = "Options:%n",
        footerHeading = "%n",
        footer = {"Examples (HTTP mode; Socket Mode; HTTP mode with Sign in with Slack):",
                "  " + Main.JAR + " manifest --url https://bot.example.com",
                "  " + Main.JAR + " manifest --socket-mode",
                "  " + Main.JAR + " manifest --url https://bot.example.com --sign-in"})
final class ManifestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Option(names = "--url", paramLabel = "<https-url>",
            description = "the bot's public https address: Slack sends requests to <url>/slack/events (not needed "
                    + "with --socket-mode unless --sign-in)")
    private String url;
    @Option(names = "--socket-mode", description = "Slack's requests over a WebSocket the bot opens (SLACK_APP_TOKEN): "
            + "no request URLs")
    private boolean socketMode;
    @Option(names = "--sign-in", description = "add Sign in with Slack for the web pages: the openid and profile "
            + "user scopes and the redirect URL <url>/auth/slack/callback")
    private boolean signIn;

    private final Main.Context context;

    ManifestCommand(Main.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String manifest;
        try {
            manifest = SlackManifest.yaml(new SlackManifest.Options(url == null ? null : SlackManifest.baseUrl(url),
                    socketMode, signIn));
        } catch (IllegalArgumentException e) {
            throw Main.usage(spec, e.getMessage());
        }
        context.out.print(manifest);
        return Main.OK;
    }
}
