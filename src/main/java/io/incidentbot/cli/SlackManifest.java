package io.incidentbot.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The Slack app manifest for this bot, ready to paste into "Create New App → From an app manifest":
 * exactly the scopes and events the code uses, request URLs for HTTP mode or none for Socket Mode, and
 * Sign in with Slack's user scopes and redirect URL only when asked for. The committed
 * {@code manifest.yml} and {@code manifest.socket-mode.yml} are this class's output (a test keeps them so).
 */
public final class SlackManifest {
    /** The host the committed manifests are made for; people run the command with their own. */
    public static final String PLACEHOLDER_URL = "https://YOUR-HOST";

    private static final String COMMAND = "java -jar target/incident-bot.jar manifest";

    /**
     * What to make: {@code baseUrl} is the bot's public https address without a trailing slash (null
     * in Socket Mode without sign-in, where no URL is needed).
     */
    public record Options(String baseUrl, boolean socketMode, boolean signIn) {
        public Options {
            if (baseUrl == null && (!socketMode || signIn)) {
                throw new IllegalArgumentException(socketMode
                        ? "--sign-in needs --url https://<your-host>: Slack sends browsers back to <url>/auth/slack/callback"
                        : "give the bot's public address with --url https://<your-host> (Slack sends requests to "
                        + "<url>/slack/events), or use --socket-mode, which needs no public address");
            }
        }
    }

    private SlackManifest() {
    }

    /**
     * The address as the manifest uses it: https, a host, no query or fragment, no trailing slash
     * (a path is kept, for a bot behind a proxy prefix). Throws with a one-line reason otherwise.
     */
    public static String baseUrl(String text) {
        String given = text == null ? "" : text.strip();
        URI uri;
        try {
            uri = new URI(given);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url is not a URL: " + given);
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
            throw new IllegalArgumentException("--url must start with https:// (Slack only sends requests to https "
                    + "addresses; without one, use --socket-mode), got: " + given);
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--url must be the bot's address, like https://bot.example.com, "
                    + "without user, query or fragment; got: " + given);
        }
        String url = "https://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    /** The manifest as YAML, with comments that say why each scope is asked for. */
    public static String yaml(Options o) {
        String events = o.socketMode() ? null : o.baseUrl() + "/slack/events";
        StringBuilder y = new StringBuilder();
        y.append(header(o));
        y.append("""
                display_information:
                  name: Incident Bot
                  description: Incident channels, a live timeline, and blameless postmortem drafts.
                  background_color: "#8b1a1a"
                features:
                  bot_user:
                    display_name: incident-bot
                    always_online: true
                  slash_commands:
                    - command: /incident
                """);
        if (events != null) {
            y.append("      url: ").append(events).append('\n');
        }
        y.append("""
                      description: Declare, run and resolve incidents
                      usage_hint: "open [--sev P1] <title> [| summary] · status · severity · update · page · resolve · help"
                      should_escape: true
                  shortcuts:
                    - name: Add to incident timeline
                      type: message
                      callback_id: add_to_timeline
                      description: Add this message, with its author and time, to an open incident's timeline
                oauth_config:
                """);
        if (o.signIn()) {
            y.append("  # Sign in with Slack for the web pages (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, WEB_BASE_URL=")
                    .append(o.baseUrl()).append(")\n")
                    .append("  redirect_urls:\n")
                    .append("    - ").append(o.baseUrl()).append("/auth/slack/callback\n");
        }
        y.append("""
                  scopes:
                    # Exactly what the bot uses, and why:
                    bot:
                      - commands            # the /incident slash command and the "Add to incident timeline" shortcut
                      - channels:manage     # conversations.create, .invite, .setTopic and .archive (after the postmortem is published)
                      - channels:join       # /incident open --here in a public channel the bot is not in yet
                      - groups:write        # the same as channels:manage for private incidents (open --private): create, invite, topic, archive
                      - groups:read         # conversations.info (is an adopted channel private?); conversations.members (who may see a private incident on the web, who may change an incident); group_* channel events
                      - chat:write          # intro, summary and postmortem messages; chat.update of the announcement
                      - chat:write.public   # announce in INCIDENT_ANNOUNCE_CHANNEL without joining it first
                      - files:write         # upload the postmortem draft (files.getUploadURLExternal + completeUploadExternal)
                      - users:read          # users.info: display names in the postmortem
                      - team:read           # team.info: the organization of people in channels shared with another one (Slack Connect), "Dana (Acme)"
                      - channels:history    # message.channels events (the live timeline); history back-fill for open --here
                      - groups:history      # message.groups events: the timeline of private incident channels
                      - reactions:read      # reaction_added / reaction_removed: 📌 pins key events
                      - pins:read           # pin_added / pin_removed: Slack's own pins count too
                      - channels:read       # channel_rename/_archive/_unarchive/_deleted/_left, member_joined/left_channel; conversations.members (who may change an incident)
                """);
        if (o.signIn()) {
            y.append("""
                        # Sign in with Slack (OpenID Connect): who is signing in to the web pages, nothing more
                        user:
                          - openid
                          - profile
                    """);
        }
        y.append("settings:\n  event_subscriptions:\n");
        if (events != null) {
            y.append("    request_url: ").append(events).append('\n');
        }
        y.append("""
                    bot_events:
                      - message.channels
                      - message.groups
                      - reaction_added
                      - reaction_removed
                      - pin_added
                      - pin_removed
                      # the incident channel's lifecycle: renamed, archived, unarchived, deleted, the bot removed or added back
                      - channel_rename
                      - channel_archive
                      - channel_unarchive
                      - channel_deleted
                      - channel_left
                      - group_rename
                      - group_archive
                      - group_unarchive
                      - group_deleted
                      - group_left
                      # membership is the permission to change an incident: joins and leaves refresh the cached member list
                      - member_joined_channel
                      - member_left_channel
                  interactivity:
                    # the declare form, the intro message's buttons and the message shortcut
                    is_enabled: true
                """);
        if (events != null) {
            y.append("    request_url: ").append(events).append('\n');
        }
        y.append("  org_deploy_enabled: false\n");
        y.append(o.socketMode()
                ? "  socket_mode_enabled: true    # Slack's requests over a WebSocket the bot opens (SLACK_APP_TOKEN)\n"
                : "  socket_mode_enabled: false   # HTTP mode: Slack's requests to /slack/events, signed (SLACK_SIGNING_SECRET)\n");
        y.append("  token_rotation_enabled: false\n");
        return y.toString();
    }

    private static String header(Options o) {
        String made = COMMAND + (o.baseUrl() != null && (!o.socketMode() || o.signIn()) ? " --url " + o.baseUrl() : "")
                + (o.socketMode() ? " --socket-mode" : "") + (o.signIn() ? " --sign-in" : "");
        StringBuilder h = new StringBuilder("# Slack app manifest for incident-bot, made by:\n#   ").append(made).append('\n');
        h.append("# Create the app at https://api.slack.com/apps → \"Create New App\" → \"From an app manifest\", pick the\n"
                + "# workspace and paste this. Then \"Install to Workspace\" and copy the Bot User OAuth Token\n"
                + "# (SLACK_BOT_TOKEN=xoxb-…) into .env.\n");
        if (o.socketMode()) {
            h.append("# Socket Mode: no public address and no request URLs. Basic Information → App-Level Tokens →\n"
                    + "# \"Generate Token and Scopes\" with the scope connections:write gives SLACK_APP_TOKEN=xapp-…;\n"
                    + "# no signing secret is needed.\n");
        } else {
            h.append("# HTTP mode: Slack sends requests to ").append(o.baseUrl()).append("/slack/events, signed with the\n"
                    + "# Signing Secret (Basic Information → App Credentials → SLACK_SIGNING_SECRET).\n");
        }
        if (!o.signIn()) {
            h.append("# Without Sign in with Slack; add --sign-in for its scopes and redirect URL (web pages for every member).\n");
        }
        return h.toString();
    }
}
