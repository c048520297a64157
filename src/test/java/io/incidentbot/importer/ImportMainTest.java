package io.incidentbot.importer;

import static io.incidentbot.importer.SlackExportReaderTest.CHANNEL;
import static io.incidentbot.importer.SlackExportReaderTest.SAMPLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code io.incidentbot.cli.Main import …} in a child JVM, as {@code java -jar target/incident-bot.jar
 * import …} runs it (the jar is only built after the tests): main()'s wiring, exit codes, and
 * stdout carrying nothing but the draft or the one line saying where it went.
 */
class ImportMainTest {

    @TempDir
    Path dir;

    record Run(int exitCode, String stdout, String stderr) {
    }

    private Run app(String... args) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "io.incidentbot.cli.Main"));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // No Slack settings at all, and the default database (incidents.db in the working directory).
        pb.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.equals("DATABASE_URL")
                || k.equals("LOG_LEVEL") || k.equals("PIN_REACTION") || k.startsWith("LC_"));
        // A POSIX locale, as in many containers: the draft must still come out as UTF-8.
        pb.environment().put("LANG", "C");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the import did not finish in time");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void importWritesTheDraftAndSaysWhere() throws Exception {
        Run run = app("import", SAMPLE.toString(), "--channel", CHANNEL, "--out", "postmortem.md");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals("", run.stderr(), "no log lines, no warnings");
        assertEquals(1, run.stdout().lines().count(), run.stdout());
        assertTrue(run.stdout().startsWith("Wrote the draft postmortem to postmortem.md: #" + CHANNEL
                + " → INC-1 in incidents.db (22 messages, 5 pinned"), run.stdout());
        assertTrue(Files.readString(dir.resolve("postmortem.md")).startsWith("# Incident: " + CHANNEL + "\n"));
        assertTrue(Files.exists(dir.resolve("incidents.db")), "the default DATABASE_URL");

        // Without --out, stdout is the draft and nothing else: it can be piped or redirected.
        Run again = app("import", SAMPLE.toString(), "--channel", CHANNEL);
        assertEquals(0, again.exitCode(), again.stderr());
        assertEquals(Files.readString(dir.resolve("postmortem.md"), StandardCharsets.UTF_8), again.stdout());
        assertTrue(again.stdout().contains("- 23:42 — ↳ @sam.k: yes, v2.41.0 went out"), again.stdout());
        assertTrue(again.stdout().contains("go ahead. 📌\n"), again.stdout());
        assertEquals(1, again.stderr().lines().count(), again.stderr());
        assertTrue(again.stderr().contains("→ INC-1 (updated: 0 new, 22 already stored) in incidents.db"),
                again.stderr());
    }

    @Test
    void failuresExitWithACodeAndOneLine() throws Exception {
        Run missing = app("import", SAMPLE.toString(), "--channel", "inc-nope");
        assertEquals(1, missing.exitCode());
        assertEquals("", missing.stdout());
        assertEquals("incident-bot import: no channel named 'inc-nope' in the export; channels: deploys, eng-oncall, "
                + "general, inc-checkout-db-connections, inc-orders-api-502, random", missing.stderr().strip());

        Run usage = app("import", SAMPLE.toString(), "--channel", CHANNEL, "--severity", "urgent");
        assertEquals(2, usage.exitCode());
        assertEquals(1, usage.stderr().lines().count(), usage.stderr());
        assertFalse(usage.stderr().contains("Exception"), usage.stderr());

        Run help = app("--help");
        assertEquals(0, help.exitCode());
        for (String command : List.of("run", "import", "backup", "migrate-data", "demo", "manifest", "health")) {
            assertTrue(help.stdout().contains("\n  " + command + " "), command + " is listed:\n" + help.stdout());
        }
    }
}
