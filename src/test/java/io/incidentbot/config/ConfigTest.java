package io.incidentbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.config.Config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {

    private static final String TOKEN = "xoxb-1234-5678-abcdef";
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    @TempDir
    Path dir;

    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("SLACK_BOT_TOKEN", TOKEN);
        m.put("SLACK_SIGNING_SECRET", SECRET);
        return m;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> m = minimal();
        m.put(key, value);
        return m;
    }

    private static String failure(Map<String, String> values) {
        return assertThrows(ConfigException.class, () -> Config.fromMap(values)).getMessage();
    }

    private Path dotEnv(String content) throws Exception {
        Path p = dir.resolve(".env");
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void defaults() {
        Config c = Config.fromMap(minimal());
        assertEquals(TOKEN, c.botToken());
        assertEquals(SECRET, c.signingSecret());
        assertEquals(3000, c.port());
        assertEquals("https://slack.com/api/", c.slackApiUrl());
        assertEquals("jdbc:sqlite:incidents.db", c.databaseUrl());
        assertEquals("pushpin", c.pinReaction());
        assertNull(c.announceChannel());
    }

    @Test
    void metricsAreOnUnlessMetricsEnabledIsFalse() {
        assertTrue(Config.fromMap(minimal()).metricsEnabled());
        assertTrue(Config.fromMap(with("METRICS_ENABLED", "true")).metricsEnabled());
        assertFalse(Config.fromMap(with("METRICS_ENABLED", "false")).metricsEnabled());
        assertFalse(Config.fromMap(with("METRICS_ENABLED", "OFF")).metricsEnabled());
        String message = failure(with("METRICS_ENABLED", "maybe"));
        assertEquals("METRICS_ENABLED must be true or false (got \"maybe\")", message);
    }

    @Test
    void backfillHistoryPerMinuteDefaultsToSlacksTier3AndMustBeAtLeastOne() {
        assertEquals(50, Config.fromMap(minimal()).backfillHistoryPerMinute());
        assertEquals(1, Config.fromMap(with("BACKFILL_HISTORY_PER_MINUTE", " 1 ")).backfillHistoryPerMinute());
        assertTrue(Config.fromMap(with("BACKFILL_HISTORY_PER_MINUTE", "1")).toString().contains("backfillHistoryPerMinute=1"));
        for (String bad : new String[]{"0", "-1", "fast", "1001"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Config.fromMap(with("BACKFILL_HISTORY_PER_MINUTE", bad)));
            assertTrue(e.getMessage().startsWith("BACKFILL_HISTORY_PER_MINUTE must be"), e.getMessage());
        }
    }

    @Test
    void missingBotTokenIsNamed() {
        Map<String, String> m = minimal();
        m.remove("SLACK_BOT_TOKEN");
        String message = failure(m);
        assertTrue(message.startsWith("SLACK_BOT_TOKEN"), message);
        assertTrue(message.contains("xoxb-"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankBotTokenCountsAsMissing(String blank) {
        assertTrue(failure(with("SLACK_BOT_TOKEN", blank)).startsWith("SLACK_BOT_TOKEN is not set"));
    }

    @Test
    void missingSigningSecretIsNamed() {
        Map<String, String> m = minimal();
        m.remove("SLACK_SIGNING_SECRET");
        String message = failure(m);
        assertTrue(message.startsWith("SLACK_SIGNING_SECRET"), message);
        assertTrue(message.contains("Signing Secret"), message);
    }

    @Test
    void missingSigningSecretPointsToSocketModeToo() {
        Map<String, String> m = minimal();
        m.remove("SLACK_SIGNING_SECRET");
        String message = failure(m);
        assertTrue(message.contains("SLACK_APP_TOKEN") && message.contains("Socket Mode"), message);
    }

    @Test
    void httpModeUnlessAnAppTokenIsSet() {
        Config c = Config.fromMap(minimal());
        assertNull(c.appToken());
        assertFalse(c.socketMode());
        assertTrue(c.toString().contains("slackTraffic=HTTP"), c.toString());
    }

    @Test
    void anAppTokenTurnsSocketModeOnAndMakesTheSigningSecretOptional() {
        Map<String, String> m = minimal();
        m.remove("SLACK_SIGNING_SECRET");
        m.put("SLACK_APP_TOKEN", "  xapp-1-A0APP-1234-abcdef ");
        Config c = Config.fromMap(m);
        assertEquals("xapp-1-A0APP-1234-abcdef", c.appToken());
        assertTrue(c.socketMode());
        assertNull(c.signingSecret());
        assertFalse(c.toString().contains("xapp-"), "toString must not print the token: " + c);
        assertTrue(c.toString().contains("slackTraffic=Socket Mode"), c.toString());

        // with both set, Socket Mode wins; the secret is kept but not used
        Config both = Config.fromMap(with("SLACK_APP_TOKEN", "xapp-1-A0APP-1234-abcdef"));
        assertTrue(both.socketMode());
        assertEquals(SECRET, both.signingSecret());
    }

    @Test
    void appTokenFromDotEnv() throws Exception {
        Path file = dotEnv("SLACK_BOT_TOKEN=" + TOKEN + "\nSLACK_APP_TOKEN=\"xapp-1-A0APP-9\"\n");
        Config c = Config.load(Map.of(), file);
        assertEquals("xapp-1-A0APP-9", c.appToken());
    }

    @ParameterizedTest
    @ValueSource(strings = {"xoxb-1234-5678", "xoxp-user-token", "XAPP-1-A0", "app-1-A0", "x app-1"})
    void appTokenMustBeAnAppLevelToken(String token) {
        String message = failure(with("SLACK_APP_TOKEN", token));
        assertTrue(message.startsWith("SLACK_APP_TOKEN") && message.contains("xapp-")
                && message.contains("connections:write"), message);
        assertFalse(message.contains(token), "the message should not echo the token: " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankAppTokenMeansHttpMode(String blank) {
        assertFalse(Config.fromMap(with("SLACK_APP_TOKEN", blank)).socketMode());
    }

    @Test
    void nothingSetNamesTheTokenFirst() {
        assertTrue(failure(new HashMap<>()).contains("SLACK_BOT_TOKEN"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xoxp-user-token", "xapp-1-A0", "abc", "XOXB-123", "bot xoxb-123"})
    void nonBotTokenIsRejected(String token) {
        String message = failure(with("SLACK_BOT_TOKEN", token));
        assertTrue(message.contains("SLACK_BOT_TOKEN") && message.contains("xoxb-"), message);
        assertFalse(message.contains(token), "the message should not echo the token: " + message);
    }

    @Test
    void surroundingSpacesAreTrimmed() {
        Config c = Config.fromMap(with("SLACK_BOT_TOKEN", "  " + TOKEN + "\n"));
        assertEquals(TOKEN, c.botToken());
    }

    @Test
    void explicitSettings() {
        Map<String, String> m = minimal();
        m.put("PORT", "8080");
        m.put("SLACK_API_URL", "http://127.0.0.1:9999/api");
        m.put("DATABASE_URL", "jdbc:sqlite:/var/lib/bot/incidents.db");
        m.put("INCIDENT_ANNOUNCE_CHANNEL", "#incidents");
        m.put("PIN_REACTION", "star");
        Config c = Config.fromMap(m);
        assertEquals(8080, c.port());
        assertEquals("http://127.0.0.1:9999/api/", c.slackApiUrl(), "a trailing slash is added");
        assertEquals("jdbc:sqlite:/var/lib/bot/incidents.db", c.databaseUrl());
        assertEquals("#incidents", c.announceChannel());
        assertEquals("star", c.pinReaction());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "65536", "3000x", "80.0", "99999999999"})
    void badPortIsExplained(String port) {
        String message = failure(with("PORT", port));
        assertTrue(message.startsWith("PORT must be a number from 0 to 65535"), message);
        assertTrue(message.contains("\"" + port + "\""), message);
    }

    @Test
    void portBoundsAreAccepted() {
        assertEquals(0, Config.fromMap(with("PORT", "0")).port());
        assertEquals(65535, Config.fromMap(with("PORT", " 65535 ")).port());
    }

    @Test
    void slackApiUrlMustBeHttp() {
        String message = failure(with("SLACK_API_URL", "ftp://slack.example/api/"));
        assertTrue(message.startsWith("SLACK_API_URL"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {":pushpin:", "pushpin", " :pushpin: ", "pushpin:"})
    void pinReactionIsNormalised(String reaction) {
        assertEquals("pushpin", Config.fromMap(with("PIN_REACTION", reaction)).pinReaction());
    }

    @Test
    void postgresqlUrlIsAcceptedWithCredentialsFromTheUrlOrPgUserAndPgPassword() {
        String inUrl = "jdbc:postgresql://db.example.com:5432/incidents?user=bot&password=hunter2";
        assertEquals(inUrl, Config.fromMap(with("DATABASE_URL", inUrl)).databaseUrl());
        Map<String, String> m = with("DATABASE_URL", "jdbc:postgresql://db.example.com/incidents");
        m.put("PGUSER", "bot");
        m.put("PGPASSWORD", "p&ss=w rd");
        Config c = Config.fromMap(m);
        assertEquals("jdbc:postgresql://db.example.com/incidents?user=bot&password=p%26ss%3Dw+rd", c.databaseUrl());
        assertFalse(c.toString().contains("p%26ss"), c.toString());
        m.put("DATABASE_URL", inUrl + "&ssl=true");
        assertEquals(inUrl + "&ssl=true", Config.fromMap(m).databaseUrl(), "the URL's own credentials win");
        m.put("DATABASE_URL", "jdbc:sqlite:x.db");
        assertEquals("jdbc:sqlite:x.db", Config.fromMap(m).databaseUrl(), "PGUSER means nothing to SQLite");
    }

    @Test
    void otherDatabaseUrlIsRejectedWithoutShowingThePassword() {
        String message = failure(with("DATABASE_URL",
                "jdbc:mysql://db.example.com:3306/incidents?user=bot&password=hunter2&ssl=true"));
        assertTrue(message.startsWith("DATABASE_URL must be a jdbc:sqlite: URL"), message);
        assertTrue(message.contains("or a jdbc:postgresql: URL"), message);
        assertFalse(message.contains("hunter2"), message);
        assertTrue(message.contains("password=***"), message);
        assertTrue(message.contains("ssl=true"), "only the password is hidden: " + message);
    }

    @Test
    void passwordHidingIgnoresCase() {
        String message = failure(with("DATABASE_URL", "jdbc:mysql://db/x;PASSWORD=Secr3t;user=bot"));
        assertFalse(message.contains("Secr3t"), message);
    }

    // ---- load: environment plus .env ----

    @Test
    void dotEnvValuesAreUsed() throws Exception {
        Path env = dotEnv("""
                # Slack credentials
                SLACK_BOT_TOKEN=%s
                SLACK_SIGNING_SECRET=%s

                PORT=4000
                """.formatted(TOKEN, SECRET));
        Config c = Config.load(Map.of(), env);
        assertEquals(TOKEN, c.botToken());
        assertEquals(SECRET, c.signingSecret());
        assertEquals(4000, c.port());
    }

    @Test
    void environmentWinsOverDotEnv() throws Exception {
        Path env = dotEnv("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=file-secret\nPORT=4000\n");
        Config c = Config.load(Map.of("SLACK_BOT_TOKEN", "xoxb-from-env", "PORT", "5000"), env);
        assertEquals("xoxb-from-env", c.botToken());
        assertEquals(5000, c.port());
        assertEquals("file-secret", c.signingSecret(), "what the environment does not set comes from .env");
    }

    @Test
    void blankEnvironmentValueDoesNotHideTheFile() throws Exception {
        Path env = dotEnv("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=file-secret\n");
        Config c = Config.load(Map.of("SLACK_BOT_TOKEN", ""), env);
        assertEquals("xoxb-from-file", c.botToken());
    }

    @Test
    void quotesAndExportAreStripped() throws Exception {
        Path env = dotEnv("""
                export SLACK_BOT_TOKEN="xoxb-quoted"
                SLACK_SIGNING_SECRET='single quoted'
                export   PORT = 4100
                PIN_REACTION=":pushpin:"
                INCIDENT_ANNOUNCE_CHANNEL = "#incidents"
                SLACK_API_URL="http://127.0.0.1:1234/api/"
                """);
        Config c = Config.load(Map.of(), env);
        assertEquals("xoxb-quoted", c.botToken());
        assertEquals("single quoted", c.signingSecret());
        assertEquals(4100, c.port());
        assertEquals("pushpin", c.pinReaction());
        assertEquals("#incidents", c.announceChannel());
        assertEquals("http://127.0.0.1:1234/api/", c.slackApiUrl());
    }

    @Test
    void commentsBlankAndMalformedLinesAreSkipped() throws Exception {
        Path env = dotEnv("""
                # a comment
                   # an indented comment
                not a setting
                =no key
                SLACK_BOT_TOKEN=%s
                SLACK_SIGNING_SECRET=%s
                """.formatted(TOKEN, SECRET));
        Map<String, String> read = Config.readDotEnv(env);
        assertEquals(Map.of("SLACK_BOT_TOKEN", TOKEN, "SLACK_SIGNING_SECRET", SECRET), read);
    }

    @Test
    void valueMayContainEqualsSigns() throws Exception {
        Path env = dotEnv("DATABASE_URL=jdbc:sqlite:file.db?journal_mode=WAL&x=1\n");
        assertEquals("jdbc:sqlite:file.db?journal_mode=WAL&x=1", Config.readDotEnv(env).get("DATABASE_URL"));
    }

    @Test
    void mismatchedQuotesAreKept() throws Exception {
        Path env = dotEnv("A=\"half\nB='\nC=\"\"\n");
        Map<String, String> read = Config.readDotEnv(env);
        assertEquals("\"half", read.get("A"));
        assertEquals("'", read.get("B"));
        assertEquals("", read.get("C"));
    }

    @Test
    void missingDotEnvFileIsFine() {
        Config c = Config.load(minimal(), dir.resolve("does-not-exist.env"));
        assertEquals(TOKEN, c.botToken());
        assertEquals(Map.of(), Config.readDotEnv(null));
        assertEquals(Map.of(), Config.readDotEnv(dir)); // a directory is not a file
    }

    @Test
    void missingEverythingAfterLoadStillNamesTheVariable() throws Exception {
        Path env = dotEnv("SLACK_BOT_TOKEN=" + TOKEN + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.load(Map.of(), env));
        assertTrue(e.getMessage().startsWith("SLACK_SIGNING_SECRET"), e.getMessage());
    }

    @Test
    void webPagesAreOffUnlessAnAccessTokenIsSet() {
        Config off = Config.fromMap(minimal());
        assertNull(off.webAccessToken());
        assertFalse(off.webPagesEnabled());
        assertNull(Config.fromMap(with("WEB_ACCESS_TOKEN", "  ")).webAccessToken());

        Config on = Config.fromMap(with("WEB_ACCESS_TOKEN", " 3f1c9a7e5b2d4f6a8c0e1b3d5f7a9c1e "));
        assertEquals("3f1c9a7e5b2d4f6a8c0e1b3d5f7a9c1e", on.webAccessToken());
        assertTrue(on.webPagesEnabled());
        assertFalse(on.toString().contains("3f1c9a7e"), "toString must not print the token");
        assertFalse(on.toString().contains(TOKEN) || on.toString().contains(SECRET), "nor Slack's secrets");
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "fifteen-chars-x", "has a space in it 123"})
    void weakOrMalformedWebTokensAreRefused(String token) {
        String message = failure(with("WEB_ACCESS_TOKEN", token));
        assertTrue(message.startsWith("WEB_ACCESS_TOKEN must be at least 16"), message);
        assertFalse(message.contains(token), "the message must not echo the secret");
    }
}
