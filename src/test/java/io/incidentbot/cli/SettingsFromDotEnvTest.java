package io.incidentbot.cli;

import io.incidentbot.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the real entry point (a child JVM running {@link Main#main}, working directory with a
 * {@code .env}): LOG_LEVEL and SQLITE_* in {@code .env} work exactly like the environment variables,
 * the environment wins, and a bad value is one line with exit code 2.
 */
class SettingsFromDotEnvTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, List<String> err) {
    }

    private Run migrate(String dotEnv, Map<String, String> env) throws Exception {
        Files.writeString(dir.resolve(".env"), dotEnv, StandardCharsets.UTF_8);
        Files.deleteIfExists(dir.resolve("copy.db"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), "io.incidentbot.cli.Main", "migrate-data",
                "--from", "jdbc:sqlite:source.db", "--to", "jdbc:sqlite:copy.db")
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().keySet().removeIf(k -> !k.equals("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "migrate-data did not finish");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")),
                Files.readAllLines(dir.resolve("err.txt")));
    }

    @Test
    void logLevelAndSqliteSettingsFromDotEnvReachTheLogsAndTheDatabase() throws Exception {
        Database.open("jdbc:sqlite:" + dir.resolve("source.db")).close();

        // nothing set: the command's default, warnings only, so no debug or info lines
        Run quiet = migrate("", Map.of());
        assertEquals(0, quiet.exit(), String.join("\n", quiet.err()));
        assertTrue(quiet.out().contains("Copied 0 rows from jdbc:sqlite:source.db to jdbc:sqlite:copy.db."), quiet.out());
        assertEquals(List.of(), quiet.err());

        Run debug = migrate("LOG_LEVEL=debug\nSQLITE_SYNCHRONOUS=full\nSQLITE_GROUP_COMMIT=off\n", Map.of());
        assertEquals(0, debug.exit(), String.join("\n", debug.err()));
        String copy = "jdbc:sqlite:copy.db";
        assertTrue(debug.err().stream().anyMatch(l -> l.contains(" DEBUG ")
                && l.endsWith("SQLite " + copy + ": synchronous=FULL, group commit off")), String.join("\n", debug.err()));
        assertTrue(debug.err().stream().anyMatch(l -> l.contains(" INFO ") && l.contains("Database " + copy + " ready")
                && l.contains("synchronous=FULL, group commit off")), String.join("\n", debug.err()));

        // the environment wins over .env, for both
        Run env = migrate("LOG_LEVEL=debug\nSQLITE_SYNCHRONOUS=full\n", Map.of("LOG_LEVEL", "info",
                "SQLITE_SYNCHRONOUS", "normal"));
        assertEquals(0, env.exit(), String.join("\n", env.err()));
        assertFalse(env.err().stream().anyMatch(l -> l.contains(" DEBUG ")), String.join("\n", env.err()));
        assertTrue(env.err().stream().anyMatch(l -> l.contains(" INFO ") && l.contains("Database " + copy + " ready")
                && l.contains("synchronous=NORMAL)")), String.join("\n", env.err()));
    }

    @Test
    void badValuesInDotEnvAreOneLineAndExitTwo() throws Exception {
        Database.open("jdbc:sqlite:" + dir.resolve("source.db")).close();
        Run loud = migrate("LOG_LEVEL=loud\n", Map.of());
        assertEquals(2, loud.exit(), String.join("\n", loud.err()));
        assertEquals(List.of("incident-bot migrate-data: LOG_LEVEL must be one of trace, debug, info, warn, error, off "
                + "(got \"loud\", default info for the bot, warn for the other commands)"), loud.err());

        Run sync = migrate("SQLITE_SYNCHRONOUS=off\n", Map.of());
        assertEquals(2, sync.exit(), String.join("\n", sync.err()));
        assertEquals(List.of("incident-bot migrate-data: SQLITE_SYNCHRONOUS must be NORMAL or FULL (got \"off\", "
                + "default NORMAL)"), sync.err());
        assertFalse(Files.exists(dir.resolve("copy.db")), "nothing opened with a bad setting");
    }
}
