package io.incidentbot.e2e;

import io.incidentbot.cli.Main;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: {@code java -jar target/incident-bot.jar backup <file>} makes a consistent, checked copy
 * of the database while the bot runs and writes to it, and the copy restores to a working bot.
 */
class BackupTest {
    @BeforeAll
    static void sqliteOnly() {
        Assumptions.assumeFalse(TestDatabases.onPostgres(), "backup copies SQLite databases (PostgreSQL: pg_dump); runs in the default pass");
    }

    private static final String ALICE = "U0ALICE";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run backup(String databaseUrl, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = databaseUrl == null ? Map.of() : Map.of("DATABASE_URL", databaseUrl);
        String[] command = new String[args.length + 1];
        command[0] = "backup";
        System.arraycopy(args, 0, command, 1, args.length);
        int exit = Main.execute(env, dir.resolve("no.env"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), command);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aConsistentCopyWhileTheBotWritesThatRestores() throws Exception {
        Path live = Files.createDirectories(dir.resolve("live"));
        Path copy = dir.resolve("backup.db");
        Path copy2 = dir.resolve("backup-from-the-jar.db");
        Set<String> ackedBefore = ConcurrentHashMap.newKeySet();
        List<String> migrations;
        try (RunningBot bot = new RunningBot(live)) {
            String url = "jdbc:sqlite:" + live.resolve("incidents.db");
            String channel = bot.openIncident(ALICE, "Disk latency");
            for (int i = 0; i < 50; i++) {
                String ts = SlackRequests.newTs();
                assertEquals(200, bot.event(SlackRequests.message(channel, ALICE, ts, "before " + i)).statusCode());
                ackedBefore.add(ts);
            }

            // the bot keeps writing while the copies are made
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                int n = 0;
                while (writing.get()) {
                    bot.event(SlackRequests.message(channel, ALICE, SlackRequests.newTs(), "during " + n++));
                }
            });
            writer.start();
            try {
                Run run = backup(url, copy.toString());
                assertEquals(0, run.exit(), run.err());
                assertTrue(run.out().startsWith("Backed up jdbc:sqlite:") && run.out().contains("1 incidents"), run.out());

                // the documented command, as a separate process next to the running bot
                ProcessBuilder pb = new ProcessBuilder(ChildBot.javaBinary(), "-cp", ChildBot.testClasspath(),
                        "io.incidentbot.cli.Main", "backup", copy2.toString())
                        .directory(live.toFile()) // DATABASE_URL's default: incidents.db where the bot runs
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("backup-run.log").toFile());
                pb.environment().remove("DATABASE_URL");
                Process p = pb.start();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                String output = Files.readString(dir.resolve("backup-run.log"));
                assertEquals(0, p.exitValue(), output);
                assertTrue(output.contains("Backed up jdbc:sqlite:incidents.db to " + copy2), output);
            } finally {
                writing.set(false);
                writer.join();
            }
            assertTrue(bot.count("timeline_entry") > 51, "the bot kept writing during the backup");
            migrations = bot.query("SELECT version FROM schema_version ORDER BY version");
        }

        for (Path backup : List.of(copy, copy2)) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup)) {
                assertEquals(List.of("ok"), rows(c, "PRAGMA integrity_check"));
                assertTrue(rows(c, "SELECT ts FROM timeline_entry").containsAll(ackedBefore), backup.toString());
                assertEquals(List.of("1|Disk latency"), rows(c, "SELECT id, title FROM incident"));
                assertEquals(migrations, rows(c, "SELECT version FROM schema_version ORDER BY version"));
                assertTrue(migrations.contains("3"), migrations.toString());
            }
        }

        // restore: the copy becomes a bot's database again
        Path restored = Files.createDirectories(dir.resolve("restored"));
        Files.copy(copy, restored.resolve("incidents.db"));
        try (RunningBot bot = new RunningBot(restored)) {
            assertEquals(200, bot.get("/health").statusCode());
            assertEquals(List.of("Disk latency|INVESTIGATING"), bot.query("SELECT title, status FROM incident"));
            String channel = bot.query("SELECT channel_id FROM incident").get(0);
            assertTrue(RunningBot.ackText(bot.command(channel, ALICE, "note restored from backup")).contains("INC-1"));
        }
    }

    @Test
    void refusesWhatItCannotDoSafely() throws Exception {
        Path db = dir.resolve("incidents.db");
        try (RunningBot bot = new RunningBot(dir)) {
            String url = "jdbc:sqlite:" + db;
            Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");
            Run overwrite = backup(url, existing.toString());
            assertEquals(1, overwrite.exit());
            assertTrue(overwrite.err().contains("never overwrites"), overwrite.err());
            assertEquals("keep me", Files.readString(existing));

            Run usage = backup(url);
            assertEquals(2, usage.exit());
            assertEquals("incident-bot backup: Missing required parameter: '<file>'; see: java -jar target/incident-bot.jar "
                    + "backup --help", usage.err().strip());
            assertEquals(0, backup(url, "--help").exit());

            // not SQLite: refused (by the configuration, or by backup itself once PostgreSQL is supported)
            Run postgres = backup("jdbc:postgresql://db/incidents?password=secret", dir.resolve("pg.db").toString());
            assertTrue(postgres.exit() != 0, postgres.out());
            assertTrue(postgres.err().contains("jdbc:sqlite:") && !postgres.err().contains("secret"), postgres.err());
            assertFalse(Files.exists(dir.resolve("pg.db")));

            Path nowhere = dir.resolve("missing.db");
            Run missing = backup("jdbc:sqlite:" + nowhere, dir.resolve("copy.db").toString());
            assertEquals(1, missing.exit());
            assertTrue(missing.err().contains("there is no database"), missing.err());
            assertFalse(Files.exists(nowhere), "a backup must not create an empty database");
            assertFalse(Files.exists(dir.resolve("copy.db")));

            Run noFolder = backup(url, dir.resolve("no/such/folder/copy.db").toString());
            assertEquals(1, noFolder.exit());
            assertEquals(200, bot.get("/health").statusCode());
        }
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
            return out;
        }
    }
}
