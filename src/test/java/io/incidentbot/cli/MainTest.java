package io.incidentbot.cli;

import io.incidentbot.http.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line in this JVM: --version, --help, manifest and health, with their exit codes and one-line errors. */
class MainTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.execute(env, dir.resolve(".env"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run run(String... args) {
        return run(Map.of(), args);
    }

    private static void assertOneLine(Run run, int exit, String startsWith) {
        assertEquals(exit, run.exit(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith(startsWith), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    }

    /** The version the build filtered in is the pom's, read here from the pom itself. */
    @Test
    void versionIsThePomsVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>incident-bot</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "the pom names its version");
        for (String flag : List.of("--version", "-V")) {
            Run run = run(flag);
            assertEquals(0, run.exit());
            assertEquals("incident-bot " + m.group(1) + System.lineSeparator(), run.out());
            assertEquals("", run.err());
        }
        assertTrue(Files.readString(Path.of("CHANGELOG.md")).contains("## [" + m.group(1) + "]"),
                "CHANGELOG.md has a section for the version in the pom");
    }

    @Test
    void helpListsEveryCommandAndErrorsAreOneLine() {
        Run help = run("--help");
        assertEquals(0, help.exit());
        for (String command : List.of("run", "import", "backup", "migrate-data", "demo", "manifest", "health", "help")) {
            assertTrue(help.out().contains("\n  " + command + " "), command + " listed:\n" + help.out());
        }
        assertTrue(help.out().contains("Exit codes: 0 done, 1 failed, 2 wrong command line or setting."), help.out());
        assertEquals(help.out(), run("help").out(), "`help` says the same");
        Run demoHelp = run("demo", "--help");
        assertEquals(0, demoHelp.exit());
        assertTrue(demoHelp.out().contains("Usage: java -jar target/incident-bot.jar demo"), demoHelp.out());

        assertOneLine(run("frobnicate"), 2, "incident-bot: unknown command \"frobnicate\"; see: java -jar "
                + "target/incident-bot.jar --help");
        assertOneLine(run("--frobnicate"), 2, "incident-bot: Unknown option: '--frobnicate'");
        assertOneLine(run("manifest", "--colour"), 2, "incident-bot manifest: Unknown option: '--colour'; see: "
                + "java -jar target/incident-bot.jar manifest --help");
    }

    @Test
    void runWithoutSettingsSaysWhatToDo() {
        Run run = run(Map.of(), "run");
        assertOneLine(run, 2, "incident-bot: SLACK_BOT_TOKEN is not set: copy .env.example to .env");
        Run bare = run(Map.of());
        assertEquals(run.err(), bare.err(), "no command is the run command");
    }

    @Test
    void manifestPrintsTheGeneratorsOutput() {
        Run http = run("manifest", "--url", "https://bot.example.com/");
        assertEquals(0, http.exit(), http.err());
        assertEquals(SlackManifest.yaml(new SlackManifest.Options("https://bot.example.com", false, false)), http.out());
        Run socket = run("manifest", "--socket-mode", "--sign-in", "--url", "https://bot.example.com");
        assertEquals(SlackManifest.yaml(new SlackManifest.Options("https://bot.example.com", true, true)), socket.out());
        assertEquals(SlackManifest.yaml(new SlackManifest.Options(null, true, false)), run("manifest", "--socket-mode").out());

        assertOneLine(run("manifest"), 2, "incident-bot manifest: give the bot's public address with --url");
        assertOneLine(run("manifest", "--url", "http://bot.example.com"), 2,
                "incident-bot manifest: --url must start with https://");
        assertOneLine(run("manifest", "--socket-mode", "--sign-in"), 2, "incident-bot manifest: --sign-in needs --url");
        assertEquals("", run("manifest").out(), "nothing half-made on stdout");
    }

    @Test
    void healthExitsZeroOnlyWhenTheBotAnswers200() throws Exception {
        int[] status = {200};
        try (HttpServer server = new HttpServer("127.0.0.1", 0, Map.of("GET /health",
                ex -> HttpServer.Reply.json(status[0], "{\"status\":\"" + (status[0] == 200 ? "ok" : "unavailable") + "\"}")))) {
            server.start();
            Map<String, String> env = new HashMap<>(Map.of("PORT", Integer.toString(server.port())));
            Run ok = run(env, "health");
            assertEquals(0, ok.exit(), ok.err());
            assertEquals("healthy: {\"status\":\"ok\"}" + System.lineSeparator(), ok.out());

            // PORT from .env, as the bot reads it
            Files.writeString(dir.resolve(".env"), "PORT=" + server.port() + "\n");
            assertEquals(0, run(Map.of(), "health").exit());

            status[0] = 503;
            assertOneLine(run(env, "health"), 1, "incident-bot health: http://127.0.0.1:" + server.port()
                    + "/health answered 503: {\"status\":\"unavailable\"}");
            status[0] = 200;
            assertEquals(0, run(Map.of(), "health", "--url", "http://127.0.0.1:" + server.port() + "/health").exit());
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertOneLine(run(Map.of("PORT", Integer.toString(closed)), "health"), 1,
                "incident-bot health: nothing answers at http://127.0.0.1:" + closed + "/health");
        assertOneLine(run(Map.of("PORT", "http"), "health"), 2, "incident-bot health: PORT must be a number");
        assertOneLine(run(Map.of(), "health", "--url", "ftp://x"), 2, "incident-bot health: --url must be an http(s) address");
    }
}
