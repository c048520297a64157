package io.incidentbot.config;


import io.incidentbot.postmortem.TtrTargets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings from the environment; a {@code .env} file in the working directory fills in what the
 * environment does not set. Every problem is reported as one line that says what to do.
 */
public record Config(
        String botToken,
        String signingSecret,
        int port,
        String slackApiUrl,
        String databaseUrl,
        String announceChannel,
        String pinReaction,
        String webAccessToken,
        TtrTargets ttrTargets,
        LearningConfig learning,
        boolean metricsEnabled,
        SignInConfig signIn,
        String appToken,
        IntegrationsConfig integrations,
        int backfillHistoryPerMinute,
        SqliteSettings sqlite,
        String logLevel) {

    /** The log levels {@code LOG_LEVEL} may name (case-insensitive). */
    public static final java.util.List<String> LOG_LEVELS = java.util.List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** With SQLite's defaults ({@code SQLITE_*} unset) and no {@code LOG_LEVEL}. */
    public Config(String botToken, String signingSecret, int port, String slackApiUrl, String databaseUrl,
                  String announceChannel, String pinReaction, String webAccessToken, TtrTargets ttrTargets,
                  LearningConfig learning, boolean metricsEnabled, SignInConfig signIn, String appToken,
                  IntegrationsConfig integrations, int backfillHistoryPerMinute) {
        this(botToken, signingSecret, port, slackApiUrl, databaseUrl, announceChannel, pinReaction, webAccessToken,
                ttrTargets, learning, metricsEnabled, signIn, appToken, integrations, backfillHistoryPerMinute,
                SqliteSettings.defaults(), null);
    }

    /** conversations.history/replies calls a back-fill makes per minute, by default (Slack's Tier 3). */
    public static final int DEFAULT_BACKFILL_HISTORY_PER_MINUTE = 50;

    /** With the back-fill at its default pace ({@code BACKFILL_HISTORY_PER_MINUTE} unset). */
    public Config(String botToken, String signingSecret, int port, String slackApiUrl, String databaseUrl,
                  String announceChannel, String pinReaction, String webAccessToken, TtrTargets ttrTargets,
                  LearningConfig learning, boolean metricsEnabled, SignInConfig signIn, String appToken,
                  IntegrationsConfig integrations) {
        this(botToken, signingSecret, port, slackApiUrl, databaseUrl, announceChannel, pinReaction, webAccessToken,
                ttrTargets, learning, metricsEnabled, signIn, appToken, integrations,
                DEFAULT_BACKFILL_HISTORY_PER_MINUTE);
    }

    public static final String DEFAULT_SLACK_API_URL = "https://slack.com/api/";
    public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:incidents.db";
    /** Shorter web access tokens are refused: they could be guessed. */
    public static final int MIN_WEB_TOKEN_LENGTH = 16;

    /** Settings without web pages ({@code WEB_ACCESS_TOKEN} unset). */
    public Config(String botToken, String signingSecret, int port, String slackApiUrl, String databaseUrl,
                  String announceChannel, String pinReaction) {
        this(botToken, signingSecret, port, slackApiUrl, databaseUrl, announceChannel, pinReaction, null);
    }

    /** Settings with the default TTR targets. */
    public Config(String botToken, String signingSecret, int port, String slackApiUrl, String databaseUrl,
                  String announceChannel, String pinReaction, String webAccessToken) {
        this(botToken, signingSecret, port, slackApiUrl, databaseUrl, announceChannel, pinReaction, webAccessToken,
                TtrTargets.defaults());
    }

    /** Settings with the learning loop's defaults (no share channel, archive after 7 days, review after 6 months). */
    public Config(String botToken, String signingSecret, int port, String slackApiUrl, String databaseUrl,
                  String announceChannel, String pinReaction, String webAccessToken, TtrTargets ttrTargets) {
        this(botToken, signingSecret, port, slackApiUrl, databaseUrl, announceChannel, pinReaction, webAccessToken,
                ttrTargets, LearningConfig.defaults());
    }

    /** Settings with {@code GET /metrics} on (the default). */
    public Config(String botToken, String signingSecret, int port, String slackApiUrl, String databaseUrl,
                  String announceChannel, String pinReaction, String webAccessToken, TtrTargets ttrTargets,
                  LearningConfig learning) {
        this(botToken, signingSecret, port, slackApiUrl, databaseUrl, announceChannel, pinReaction, webAccessToken,
                ttrTargets, learning, true);
    }

    /** Without Sign in with Slack ({@code SLACK_CLIENT_ID} unset). */
    public Config(String botToken, String signingSecret, int port, String slackApiUrl, String databaseUrl,
                  String announceChannel, String pinReaction, String webAccessToken, TtrTargets ttrTargets,
                  LearningConfig learning, boolean metricsEnabled) {
        this(botToken, signingSecret, port, slackApiUrl, databaseUrl, announceChannel, pinReaction, webAccessToken,
                ttrTargets, learning, metricsEnabled, null);
    }

    /** Settings for HTTP mode: Slack's requests arrive on {@code POST /slack/events} ({@code SLACK_APP_TOKEN} unset). */
    public Config(String botToken, String signingSecret, int port, String slackApiUrl, String databaseUrl,
                  String announceChannel, String pinReaction, String webAccessToken, TtrTargets ttrTargets,
                  LearningConfig learning, boolean metricsEnabled, SignInConfig signIn) {
        this(botToken, signingSecret, port, slackApiUrl, databaseUrl, announceChannel, pinReaction, webAccessToken,
                ttrTargets, learning, metricsEnabled, signIn, null);
    }

    /** Without integrations (no alerts in, no paging, no outgoing webhooks). */
    public Config(String botToken, String signingSecret, int port, String slackApiUrl, String databaseUrl,
                  String announceChannel, String pinReaction, String webAccessToken, TtrTargets ttrTargets,
                  LearningConfig learning, boolean metricsEnabled, SignInConfig signIn, String appToken) {
        this(botToken, signingSecret, port, slackApiUrl, databaseUrl, announceChannel, pinReaction, webAccessToken,
                ttrTargets, learning, metricsEnabled, signIn, appToken, IntegrationsConfig.off());
    }

    /**
     * Slack's requests arrive over Socket Mode (a WebSocket the bot opens with the app-level token
     * {@code SLACK_APP_TOKEN}) instead of {@code POST /slack/events}; no signing secret is needed then.
     */
    public boolean socketMode() {
        return appToken != null;
    }

    /** The web pages are served when {@code WEB_ACCESS_TOKEN} is set, or Sign in with Slack is configured. */
    public boolean webPagesEnabled() {
        return webAccessToken != null || signIn != null;
    }

    @Override
    public String toString() { // never print secrets
        return "Config[port=" + port + ", slackApiUrl=" + slackApiUrl + ", databaseUrl="
                + io.incidentbot.store.Database.redact(databaseUrl) + ", announceChannel=" + announceChannel
                + ", pinReaction=" + pinReaction + ", webPages=" + (webPagesEnabled() ? "on" : "off")
                + ", ttrTargets=" + ttrTargets + ", learning=" + learning
                + ", metrics=" + (metricsEnabled ? "on" : "off") + ", signIn=" + (signIn != null ? signIn : "off")
                + ", slackTraffic=" + (socketMode() ? "Socket Mode" : "HTTP") + ", integrations=" + integrations
                + ", backfillHistoryPerMinute=" + backfillHistoryPerMinute + ", sqlite=" + sqlite
                + ", logLevel=" + (logLevel != null ? logLevel : "default") + "]";
    }

    /** A setting is missing or malformed; the message is meant for the person starting the bot. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }

    public static Config load(Map<String, String> env, Path dotEnv) {
        return fromMap(merged(env, dotEnv));
    }

    /**
     * DATABASE_URL alone, from the environment and {@code .env} exactly as {@link #load} reads it, for
     * commands that work offline (the importer) and need no Slack credentials.
     */
    public static String databaseUrl(Map<String, String> env, Path dotEnv) {
        return databaseUrlOf(merged(env, dotEnv));
    }

    /**
     * A database URL given on a command line (e.g. {@code migrate-data --to …}), checked and completed
     * with PGUSER/PGPASSWORD exactly as DATABASE_URL is.
     */
    public static String databaseUrl(String url, Map<String, String> env, Path dotEnv) {
        Map<String, String> values = merged(env, dotEnv);
        values.put("DATABASE_URL", url);
        return databaseUrlOf(values);
    }

    /** PIN_REACTION alone (default {@code pushpin}), read as {@link #load} reads it. */
    public static String pinReaction(Map<String, String> env, Path dotEnv) {
        return pinReactionOf(merged(env, dotEnv));
    }

    /** TTR_TARGETS alone (the defaults when unset), read and checked as {@link #load} reads it. */
    public static TtrTargets ttrTargets(Map<String, String> env, Path dotEnv) {
        return ttrTargetsOf(merged(env, dotEnv));
    }

    /**
     * SQLITE_SYNCHRONOUS and SQLITE_GROUP_COMMIT, read and checked as {@link #load} reads them, for the
     * commands that open the database without the bot's other settings.
     */
    public static SqliteSettings sqlite(Map<String, String> env, Path dotEnv) {
        return SqliteSettings.fromMap(merged(env, dotEnv));
    }

    /**
     * LOG_LEVEL alone, read and checked as {@link #load} reads it: one of {@link #LOG_LEVELS}
     * (upper case), or null when unset (each command keeps its own default).
     */
    public static String logLevel(Map<String, String> env, Path dotEnv) {
        return logLevelOf(merged(env, dotEnv));
    }

    /** PORT alone (default 3000), read as {@link #load} reads it, e.g. for the {@code health} command. */
    public static int port(Map<String, String> env, Path dotEnv) {
        return parsePort(trimmed(merged(env, dotEnv).get("PORT")));
    }

    /**
     * {@code .env} values overridden by the non-blank environment values. A variable set but empty in
     * the environment counts as set when {@code .env} does not set it (an empty list turns a feature off).
     */
    private static Map<String, String> merged(Map<String, String> env, Path dotEnv) {
        Map<String, String> values = new HashMap<>(readDotEnv(dotEnv));
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                values.put(k, v);
            } else if (v != null) {
                values.putIfAbsent(k, "");
            }
        });
        return values;
    }

    static Config fromMap(Map<String, String> v) {
        String token = trimmed(v.get("SLACK_BOT_TOKEN"));
        if (token == null) {
            throw new ConfigException("SLACK_BOT_TOKEN is not set: copy .env.example to .env and paste the bot token "
                    + "(xoxb-…) from your Slack app's OAuth & Permissions page.");
        }
        if (!token.startsWith("xoxb-")) {
            throw new ConfigException("SLACK_BOT_TOKEN must be a bot token starting with xoxb- "
                    + "(OAuth & Permissions → Bot User OAuth Token).");
        }
        String appToken = trimmed(v.get("SLACK_APP_TOKEN"));
        if (appToken != null && !appToken.startsWith("xapp-")) {
            throw new ConfigException("SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information "
                    + "→ App-Level Tokens, scope connections:write), or unset to take Slack's requests over HTTP.");
        }
        String secret = trimmed(v.get("SLACK_SIGNING_SECRET"));
        if (secret == null && appToken == null) {
            throw new ConfigException("SLACK_SIGNING_SECRET is not set: copy it from your Slack app's "
                    + "Basic Information → App Credentials → Signing Secret into .env "
                    + "(or set SLACK_APP_TOKEN=xapp-… to use Socket Mode, which needs no signing secret).");
        }
        int port = parsePort(trimmed(v.get("PORT")));
        String apiUrl = orDefault(trimmed(v.get("SLACK_API_URL")), DEFAULT_SLACK_API_URL);
        if (!apiUrl.startsWith("http://") && !apiUrl.startsWith("https://")) {
            throw new ConfigException("SLACK_API_URL must be an http(s) URL, e.g. " + DEFAULT_SLACK_API_URL);
        }
        if (!apiUrl.endsWith("/")) {
            apiUrl = apiUrl + "/";
        }
        String dbUrl = databaseUrlOf(v);
        String pin = pinReactionOf(v);
        String webToken = trimmed(v.get("WEB_ACCESS_TOKEN"));
        if (webToken != null && (webToken.length() < MIN_WEB_TOKEN_LENGTH || !webToken.matches("[\\x21-\\x7e]+"))) {
            throw new ConfigException("WEB_ACCESS_TOKEN must be at least " + MIN_WEB_TOKEN_LENGTH
                    + " printable characters without spaces (e.g. the output of `openssl rand -hex 32`), "
                    + "or unset to turn the web pages off.");
        }
        TtrTargets ttr = ttrTargetsOf(v);
        return new Config(token, secret, port, apiUrl, dbUrl, trimmed(v.get("INCIDENT_ANNOUNCE_CHANNEL")), pin,
                webToken, ttr, LearningConfig.fromMap(v),
                parseSwitch("METRICS_ENABLED", trimmed(v.get("METRICS_ENABLED")), true), SignInConfig.fromMap(v),
                appToken, IntegrationsConfig.fromMap(v), backfillPerMinute(v), SqliteSettings.fromMap(v),
                logLevelOf(v));
    }

    private static String logLevelOf(Map<String, String> v) {
        String text = trimmed(v.get("LOG_LEVEL"));
        if (text == null) {
            return null;
        }
        String level = text.toUpperCase(java.util.Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new ConfigException("LOG_LEVEL must be one of " + String.join(", ", LOG_LEVELS).toLowerCase(java.util.Locale.ROOT)
                    + " (got \"" + Settings.shown(text) + "\", default info for the bot, warn for the other commands)");
        }
        return level;
    }

    private static int backfillPerMinute(Map<String, String> v) {
        int n = Settings.count(v, "BACKFILL_HISTORY_PER_MINUTE", DEFAULT_BACKFILL_HISTORY_PER_MINUTE, 1_000,
                "how many conversations.history/replies calls a back-fill makes a minute (1 for apps Slack limits "
                + "to 1 a minute)");
        if (n == 0) {
            throw new ConfigException("BACKFILL_HISTORY_PER_MINUTE must be at least 1 (got 0, default "
                    + DEFAULT_BACKFILL_HISTORY_PER_MINUTE + ")");
        }
        return n;
    }

    private static TtrTargets ttrTargetsOf(Map<String, String> v) {
        try {
            return TtrTargets.parse(v.get("TTR_TARGETS"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TTR_TARGETS: " + e.getMessage() + " (e.g. TTR_TARGETS=P2=12h,P3=2d,P4=none)");
        }
    }

    /** true/false, yes/no, on/off or 1/0; unset means {@code dflt}. */
    private static boolean parseSwitch(String name, String text, boolean dflt) {
        if (text == null) {
            return dflt;
        }
        switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                throw new ConfigException(name + " must be true or false (got \"" + text + "\")");
        }
    }

    private static String databaseUrlOf(Map<String, String> v) {
        String dbUrl = orDefault(trimmed(v.get("DATABASE_URL")), DEFAULT_DATABASE_URL);
        if (io.incidentbot.store.Database.Vendor.of(dbUrl).isEmpty()) {
            throw new ConfigException("DATABASE_URL must be a jdbc:sqlite: URL such as " + DEFAULT_DATABASE_URL
                    + " or a jdbc:postgresql: URL such as jdbc:postgresql://localhost:5432/incidents"
                    + " (got " + io.incidentbot.store.Database.redact(dbUrl) + ")");
        }
        // PostgreSQL credentials: in the URL (?user=…&password=…), or PGUSER/PGPASSWORD as libpq reads them
        return io.incidentbot.store.Database.withCredentials(dbUrl, trimmed(v.get("PGUSER")), v.get("PGPASSWORD"));
    }

    private static String pinReactionOf(Map<String, String> v) {
        return orDefault(trimmed(v.get("PIN_REACTION")), "pushpin").replace(":", "");
    }

    private static int parsePort(String text) {
        if (text == null) {
            return 3000;
        }
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException("PORT must be a number from 0 to 65535 (got \"" + text + "\")");
        }
    }

    static Map<String, String> readDotEnv(Path file) {
        Map<String, String> out = new HashMap<>();
        if (file == null || !Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("export ")) {
                    l = l.substring(7).strip();
                }
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String value = l.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                out.put(l.substring(0, eq).strip(), value);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String orDefault(String s, String dflt) {
        return s == null ? dflt : s;
    }
}
