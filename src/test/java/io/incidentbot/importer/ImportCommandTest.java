package io.incidentbot.importer;

import static io.incidentbot.importer.SlackExportReaderTest.CHANNEL;
import static io.incidentbot.importer.SlackExportReaderTest.CHANNEL_ID;
import static io.incidentbot.importer.SlackExportReaderTest.SAMPLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.TimelineEntry.Kind;
import io.incidentbot.store.Database;
import io.incidentbot.store.JooqIncidentRepository;
import io.incidentbot.store.JooqPostmortemRepository;
import io.incidentbot.store.JooqTimelineRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.incidentbot.cli.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import command end to end, in process, on a real SQLite file. */
class ImportCommandTest {

    @TempDir
    Path dir;

    Path dbFile;
    Map<String, String> env;
    String stdout;
    String stderr;

    @BeforeEach
    void setUp() {
        dbFile = dir.resolve("incidents.db");
        env = new HashMap<>();
        env.put("DATABASE_URL", "jdbc:sqlite:" + dbFile); // and no Slack token or secret at all
    }

    private int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "import";
        System.arraycopy(args, 0, command, 1, args.length);
        int code = Main.execute(env, dir.resolve(".env"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), command);
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        return code;
    }

    private String sample() {
        return SAMPLE.toString();
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static long lines(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).count();
    }

    /** Exactly one line on stderr, without a stack trace. */
    private void assertOneLineError(String expected) {
        assertEquals(expected + System.lineSeparator(), stderr);
        assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
    }

    @Test
    void importsTheSampleAndPrintsTheDraft() throws Exception {
        assertEquals(0, run(sample(), "--channel", CHANNEL));

        String md = stdout;
        assertTrue(md.startsWith("# Incident: " + CHANNEL + "\n"), md);
        assertTrue(md.contains("**ID:** INC-1  ·  **Status:** Resolved  ·  **Severity:** P3 (Medium)"), md);
        // The duration runs from the start of impact the channel states ("since ~23:35"), marked as suggested.
        assertTrue(md.contains("**Duration:** 2026-05-09 23:35 – 2026-05-10 00:45 UTC (1h 10m) _(from a suggested start of "
                + "impact)_"), md);
        assertTrue(md.contains("**Channel:** #" + CHANNEL), md);
        // Two days, in order, with the lifecycle entries first and last.
        int day1 = md.indexOf("### 2026-05-09\n");
        int day2 = md.indexOf("### 2026-05-10\n");
        assertTrue(day1 > 0 && day2 > day1, md);
        assertTrue(md.contains("### 2026-05-09\n- 23:39 — Incident imported from Slack export (#" + CHANNEL + ")\n"), md);
        assertTrue(md.contains("- 00:45 — Incident resolved\n\n## Decisions during the incident"), md);
        // Names from users.json: display name, else real name; mentions too.
        assertTrue(md.contains("- 23:39 — @priya: I'm taking IC."), md);
        assertTrue(md.contains("@Marco Bianchi can you look at the pods?"), md);
        assertTrue(md.contains("- 23:40 — @Marco Bianchi: on it."), md);
        assertTrue(md.contains("- 23:50 — @Lena (Support): Support here"), md);
        assertTrue(md.contains("(requested by @sam.k)"), md);
        // Bots kept and marked.
        assertTrue(md.contains("- 23:39 — Alertmanager (bot): [FIRING:1] OrdersApi5xxRateHigh"), md);
        assertTrue(md.contains("- 23:47 — Deploybot (bot): Rollback started"), md);
        // Thread replies marked; parents not.
        assertTrue(md.contains("- 23:42 — ↳ @sam.k: yes, v2.41.0 went out at 23:31 via [deploy #2041]"
                + "(https://deploy.acme.example/orders-api/2041)\n"), md);
        assertTrue(md.contains("- 23:41 — @priya: Was there a deploy in the last hour?\n"), md);
        assertEquals(4, lines(md, "— ↳ @"));
        // Pins: four 📌 reactions and one Slack pin.
        assertEquals(5, lines(md, " 📌"));
        assertTrue(md.contains("@priya: Decision: roll back orders-api to v2.40.3. @sam.k please go ahead. 📌\n"), md);
        assertTrue(md.contains("@priya: Mitigated. Keeping the channel open for 30 min of monitoring. 📌\n"), md);
        // Edits keep the final text (and say so); files by name; entities decoded.
        assertTrue(md.contains("12 pods × 50 = 600 > RDS max_connections (500)."), md);
        assertTrue(md.contains("nothing healthy to send to. _(edited)_\n"), md);
        assertTrue(md.contains("RDS connections hit the ceiling at 23:33 [files: rds-connections-2026-05-09.png]"), md);
        // System messages left out.
        assertFalse(md.contains("has joined"), md);
        assertFalse(md.contains("has left"), md);
        assertFalse(md.contains("set the channel"), md);
        assertEquals(22 + 2, md.lines().filter(l -> l.matches("- \\d\\d:\\d\\d — .*")).count());

        assertTrue(stderr.startsWith("incident-bot import: #" + CHANNEL + " → INC-1 in " + dbFile
                + " (22 messages, 5 pinned, 2026-05-09 23:39 – 2026-05-10 00:45 UTC; draft v1)"), stderr);

        try (Database db = Database.open("jdbc:sqlite:" + dbFile)) {
            Incident incident = new JooqIncidentRepository(db).findByChannel("T-IMPORT", CHANNEL_ID).orElseThrow();
            assertEquals(Status.RESOLVED, incident.status());
            assertEquals(Severity.P3, incident.severity());
            assertEquals(CHANNEL, incident.channelName());
            assertEquals(Instant.parse("2026-05-09T23:39:02.001Z"), incident.openedAt());
            assertEquals(incident.openedAt(), incident.startedAt());
            assertEquals(incident.openedAt(), incident.detectedAt());
            assertEquals(Instant.parse("2026-05-10T00:45:18.004Z"), incident.resolvedAt());
            assertEquals("U05B3K7QZ1M", incident.openedBy());
            List<TimelineEntry> entries = new JooqTimelineRepository(db).entries(incident.id());
            assertEquals(24, entries.size());
            assertEquals(Kind.LIFECYCLE, entries.get(0).kind());
            assertEquals(Kind.LIFECYCLE, entries.get(23).kind());
            assertEquals(4, entries.stream().filter(e -> e.kind() == Kind.BOT_MESSAGE).count());
            assertEquals(md, new JooqPostmortemRepository(db).latestDraft(incident.id()).orElseThrow());
        }
        assertEquals(5, count("SELECT count(*) FROM pin_mark WHERE source = 'export'"));
    }

    @Test
    void writesTheDraftToAFileAndSaysWhere() throws Exception {
        Path out = dir.resolve("postmortem.md");
        assertEquals(0, run(sample(), "--channel=#" + CHANNEL, "--title", "Orders API 502s after v2.41.0",
                "--severity", "p2", "--out", out.toString()));
        assertEquals("Wrote the draft postmortem to " + out + ": #" + CHANNEL + " → INC-1 in " + dbFile
                + " (22 messages, 5 pinned, 2026-05-09 23:39 – 2026-05-10 00:45 UTC; draft v1)"
                + System.lineSeparator(), stdout);
        assertEquals("", stderr);
        String md = Files.readString(out);
        assertTrue(md.startsWith("# Incident: Orders API 502s after v2.41.0\n"), md);
        assertTrue(md.contains("**Severity:** P2 (High)"), md);
    }

    @Test
    void readsAZipToo() throws Exception {
        Path zip = SlackExportReaderTest.zip(SAMPLE, dir.resolve("acme-export.zip"), "");
        assertEquals(0, run(zip.toString(), "--channel", CHANNEL));
        assertTrue(stdout.contains("### 2026-05-10"), stdout);
        assertEquals(1, count("SELECT count(*) FROM incident"));
    }

    @Test
    void reimportingMergesByTsAndAddsADraftVersion() throws Exception {
        // The later day first, then the whole channel: the earlier day is added, the later one kept.
        assertEquals(0, run(sample(), "--channel", CHANNEL, "--from", "2026-05-10"));
        assertEquals(7 + 2, count("SELECT count(*) FROM timeline_entry"));
        assertEquals(0, run(sample(), "--channel", CHANNEL));
        assertTrue(stderr.contains("→ INC-1 (updated: 15 new, 7 already stored) in"), stderr);
        assertTrue(stderr.contains("(22 messages, 5 pinned, 2026-05-09 23:39 – 2026-05-10 00:45 UTC; draft v2)"), stderr);
        String whole = stdout;
        assertTrue(whole.contains("### 2026-05-09\n- 23:39 — Incident imported from Slack export (#" + CHANNEL + ")\n"),
                "the first entry moved back with the earlier messages: " + whole);
        assertTrue(whole.contains("- 00:45 — Incident resolved\n\n## Decisions during the incident"), whole);
        assertEquals(1, lines(whole, "Incident imported from Slack export"), whole);
        assertEquals(24, count("SELECT count(*) FROM timeline_entry"));
        assertEquals(5, count("SELECT count(*) FROM pin_mark"));

        // Title and severity given again change the incident, not its timeline.
        assertEquals(0, run(sample(), "--channel", CHANNEL, "--title", "Orders API 502s", "--severity", "P1"));
        assertTrue(stderr.contains("→ INC-1 (updated: 0 new, 22 already stored) in"), stderr);
        assertTrue(stdout.startsWith("# Incident: Orders API 502s\n"), stdout);
        assertTrue(stdout.contains("**ID:** INC-1"), stdout);
        assertTrue(stdout.contains("P1 (Critical)"), stdout);
        // The timeline is the same (the review now says a P1 needs its sections written; the TTR target differs).
        assertEquals(whole.substring(whole.indexOf("## Timeline"), whole.indexOf("## Decisions")),
                stdout.substring(stdout.indexOf("## Timeline"), stdout.indexOf("## Decisions")));
        assertEquals(1, count("SELECT count(*) FROM incident"));
        assertEquals(24, count("SELECT count(*) FROM timeline_entry"));
        assertEquals(3, count("SELECT max(version) FROM postmortem WHERE incident_id = 1"));

        // A narrower range merged keeps everything stored; --replace replaces the timeline.
        assertEquals(0, run(sample(), "--channel", CHANNEL, "--from", "2026-05-10"));
        assertEquals(24, count("SELECT count(*) FROM timeline_entry"));
        assertEquals(0, run(sample(), "--channel", CHANNEL, "--from", "2026-05-10", "--replace"));
        assertTrue(stderr.contains("→ INC-1 (timeline replaced) in"), stderr);
        assertEquals(1, count("SELECT count(*) FROM incident"));
        assertEquals(7 + 2, count("SELECT count(*) FROM timeline_entry"));
        assertEquals(2, count("SELECT count(*) FROM pin_mark"));
        assertEquals(5, count("SELECT count(*) FROM postmortem"));
        assertEquals("Orders API 502s", stringQuery("SELECT title FROM incident"), "what was set is kept");
        assertEquals("P1", stringQuery("SELECT severity FROM incident"));
    }

    private String stringQuery(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    @Test
    void fromAndToLimitTheTimeline() {
        assertEquals(0, run(sample(), "--channel", CHANNEL, "--from", "2026-05-09T23:45:00Z", "--to",
                "2026-05-09T23:55"));
        assertTrue(stdout.contains("**Duration:** 23:45 – 23:55 UTC (10m)"), stdout);
        assertTrue(stdout.contains("- 23:45 — Incident imported from Slack export"), stdout);
        assertTrue(stdout.contains("Decision: roll back"), stdout);
        assertTrue(stdout.contains("Rollback finished"), "--to counts the whole minute: " + stdout);
        assertFalse(stdout.contains("RDS connections hit the ceiling"), stdout);
        assertFalse(stdout.contains("readiness green"), stdout);
        assertFalse(stdout.contains("### "), "one day only");
        assertTrue(stderr.contains("(6 messages, 1 pinned, 2026-05-09 23:45 – 2026-05-09 23:55 UTC; draft v1)"), stderr);

        // A date means the whole UTC day; an offset is honoured.
        assertEquals(0, run(sample(), "--channel", CHANNEL, "--to", "2026-05-09"));
        assertTrue(stderr.contains("(15 messages"), stderr);
        assertEquals(0, run(sample(), "--channel", CHANNEL, "--from", "2026-05-10T02:20+02:00"));
        assertTrue(stderr.contains("(5 messages"), stderr);
    }

    @Test
    void configurationComesFromDotEnvAndNeedsNoSlackToken() throws Exception {
        env.clear();
        Path other = dir.resolve("from-dotenv.db");
        Files.writeString(dir.resolve(".env"), "DATABASE_URL=jdbc:sqlite:" + other + "\nPIN_REACTION=:rotating_light:\n");
        assertEquals(0, run(sample(), "--channel", CHANNEL));
        assertTrue(Files.exists(other));
        assertFalse(Files.exists(dbFile));
        // Only the Slack pin counts now: the 📌 reactions are not the configured pin reaction.
        assertEquals(1, lines(stdout, " 📌"));

        env.put("DATABASE_URL", "jdbc:mysql://db/incidents");
        assertEquals(2, run(sample(), "--channel", CHANNEL));
        assertEquals("", stdout);
        assertOneLineError("incident-bot import: DATABASE_URL must be a jdbc:sqlite: URL such as "
                + "jdbc:sqlite:incidents.db or a jdbc:postgresql: URL such as jdbc:postgresql://localhost:5432/incidents"
                + " (got jdbc:mysql://db/incidents)");
    }

    @Test
    void helpAndUsageErrors() {
        assertEquals(0, run("--help"));
        assertTrue(stdout.contains("Usage: java -jar target/incident-bot.jar import <export.zip | export-folder>"), stdout);
        assertTrue(stdout.contains("--severity=<P1-P4>"), stdout);
        assertEquals("", stderr);

        assertEquals(2, run());
        assertTrue(stderr.contains("Usage: "), stderr);

        String hint = "; see: java -jar target/incident-bot.jar import --help";
        assertEquals(2, run(sample()));
        assertOneLineError("incident-bot import: say which channel to import with --channel <name>; the export has "
                + "deploys, eng-oncall, general, inc-checkout-db-connections, inc-orders-api-502, random" + hint);
        assertEquals(2, run("--channel", CHANNEL));
        assertOneLineError("incident-bot import: give the Slack export to read: a .zip file or the folder it "
                + "unpacks to" + hint);
        assertEquals(2, run(sample(), "--channel"));
        assertOneLineError("incident-bot import: Missing required parameter for option '--channel' (<name>)" + hint);
        assertEquals(2, run(sample(), "--channel", CHANNEL, "--verbose"));
        assertOneLineError("incident-bot import: Unknown option: '--verbose'" + hint);
        assertEquals(2, run(sample(), "other", "--channel", CHANNEL));
        assertOneLineError("incident-bot import: Unmatched argument at index 2: 'other'" + hint);
        assertEquals(2, run(sample(), "--channel", CHANNEL, "--severity", "SEV9"));
        assertOneLineError("incident-bot import: --severity must be P1, P2, P3 or P4 (got \"SEV9\")" + hint);
        assertEquals(2, run(sample(), "--channel", CHANNEL, "--from", "last tuesday"));
        assertOneLineError("incident-bot import: --from: cannot read \"last tuesday\" as a time; use e.g. "
                + "2026-05-09T14:00:00Z, 2026-05-09T14:00 (UTC) or 2026-05-09" + hint);
        assertEquals(2, run(sample(), "--channel", CHANNEL, "--from", "2026-05-10", "--to", "2026-05-09T12:00Z"));
        assertOneLineError("incident-bot import: --from (2026-05-10) must be before --to (2026-05-09T12:00Z)" + hint);
        assertEquals("", stdout);
        assertFalse(Files.exists(dbFile), "usage errors touch nothing");
    }

    @Test
    void clearErrorsWhenTheImportCannotRun() throws IOException {
        assertEquals(1, run(sample(), "--channel", "inc-payments"));
        assertOneLineError("incident-bot import: no channel named 'inc-payments' in the export; channels: "
                + "deploys, eng-oncall, general, inc-checkout-db-connections, inc-orders-api-502, random");

        assertEquals(1, run(sample(), "--channel", "general"));
        assertOneLineError("incident-bot import: #general has no messages in the export (no day files in general/)");

        Path missing = dir.resolve("slack-export.zip");
        assertEquals(1, run(missing.toString(), "--channel", CHANNEL));
        assertOneLineError("incident-bot import: no such file or folder: " + missing);

        Path notZip = Files.writeString(dir.resolve("export.zip"), "PK? no, just text");
        assertEquals(1, run(notZip.toString(), "--channel", CHANNEL));
        assertOneLineError("incident-bot import: " + notZip + " is neither a folder nor a zip file: give a Slack "
                + "export (the .zip Slack lets you download, or the folder it unpacks to)");

        Path notExport = Files.createDirectories(dir.resolve("photos"));
        assertEquals(1, run(notExport.toString(), "--channel", CHANNEL));
        assertOneLineError("incident-bot import: " + notExport + " does not look like a Slack export: it has no "
                + "channels.json (export one in Slack: Workspace settings → Import/Export Data → Export)");

        assertEquals(1, run(sample(), "--channel", CHANNEL, "--from", "2026-06-01"));
        assertOneLineError("incident-bot import: no messages in #inc-orders-api-502 from 2026-06-01 on; its "
                + "messages run from 2026-05-09 23:39 to 2026-05-10 00:45 UTC");
        assertEquals(1, run(sample(), "--channel", CHANNEL, "--from", "2026-05-09T20:00Z", "--to", "2026-05-09T23:00Z"));
        assertOneLineError("incident-bot import: no messages in #inc-orders-api-502 from 2026-05-09T20:00Z to "
                + "2026-05-09T23:00Z; its messages run from 2026-05-09 23:39 to 2026-05-10 00:45 UTC");

        Path noFolder = dir.resolve("no-such-folder").resolve("postmortem.md");
        assertEquals(1, run(sample(), "--channel", CHANNEL, "--out", noFolder.toString()));
        assertOneLineError("incident-bot import: cannot write the draft to " + noFolder + ": the folder "
                + noFolder.getParent() + " does not exist");

        env.put("DATABASE_URL", "jdbc:sqlite:" + dir.resolve("no-such-folder").resolve("x.db"));
        assertEquals(1, run(sample(), "--channel", CHANNEL));
        assertTrue(stderr.startsWith("incident-bot import: cannot open database jdbc:sqlite:"), stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertEquals("", stdout);
    }

    @Test
    void aMalformedDayFileStopsTheImportUnlessSkipBadFilesAndThenTheDraftSaysSo() throws Exception {
        Path export = dir.resolve("export");
        SlackExportReaderTest.copy(SAMPLE, export);
        Files.writeString(export.resolve(CHANNEL).resolve("2026-05-10.json"), "[{]");
        assertEquals(1, run(export.toString(), "--channel", CHANNEL));
        assertOneLineError("incident-bot import: " + CHANNEL + "/2026-05-10.json cannot be read: not valid JSON "
                + "(Expected name at line 1 column 3); nothing was stored (fix or remove the file, or give "
                + "--skip-bad-files to import the rest and list it in the draft)");
        assertEquals("", stdout);
        assertFalse(Files.exists(dbFile), "nothing stored, not even an empty database");

        assertEquals(0, run(export.toString(), "--channel", CHANNEL, "--skip-bad-files"));
        List<String> err = stderr.lines().toList();
        assertEquals(2, err.size(), stderr);
        assertEquals("incident-bot import: warning: skipping " + CHANNEL + "/2026-05-10.json: not valid JSON "
                + "(Expected name at line 1 column 3)", err.get(0));
        assertTrue(err.get(1).endsWith("(15 messages, 3 pinned, 2026-05-09 23:39 – 2026-05-09 23:58 UTC; draft v1); "
                + "skipped 1 unreadable file: " + CHANNEL + "/2026-05-10.json"), stderr);
        assertTrue(stdout.contains("Import skipped an unreadable file of the export; their messages are missing: "
                + CHANNEL + "/2026-05-10.json"), stdout);
        assertFalse(stdout.contains("### 2026-05-10"), stdout);
    }

    @Test
    void nothingIsStoredWhenTheImportFailsMidway() throws Exception {
        // The database is set up, then refuses one message in the middle of the import.
        Database.open("jdbc:sqlite:" + dbFile).close();
        sql("CREATE TRIGGER refuse BEFORE INSERT ON timeline_entry WHEN NEW.text LIKE 'Ticket volume%' "
                + "BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END");
        Path out = dir.resolve("postmortem.md");

        assertEquals(1, run(sample(), "--channel", CHANNEL, "--out", out.toString()));
        assertEquals("", stdout);
        assertTrue(stderr.startsWith("incident-bot import: the import failed and nothing was stored: "), stderr);
        assertTrue(stderr.contains("simulated disk failure"), stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertFalse(stderr.contains("\tat "), stderr);
        assertEquals(0, count("SELECT count(*) FROM incident"));
        assertEquals(0, count("SELECT count(*) FROM timeline_entry"));
        assertEquals(0, count("SELECT count(*) FROM pin_mark"));
        assertEquals(0, count("SELECT count(*) FROM postmortem"));
        assertFalse(Files.exists(out));
    }

    @Test
    void aFailedReimportLeavesTheEarlierImportAsItWas() throws Exception {
        assertEquals(0, run(sample(), "--channel", CHANNEL));
        String draft = stdout;
        sql("CREATE TRIGGER refuse BEFORE INSERT ON timeline_entry WHEN NEW.text LIKE 'Ticket volume%' "
                + "BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END");

        assertEquals(1, run(sample(), "--channel", CHANNEL, "--title", "Renamed", "--severity", "P1"));
        assertTrue(stderr.contains("simulated disk failure"), stderr);
        assertEquals(1, count("SELECT count(*) FROM incident"));
        assertEquals(24, count("SELECT count(*) FROM timeline_entry"));
        assertEquals(5, count("SELECT count(*) FROM pin_mark"));
        assertEquals(1, count("SELECT count(*) FROM postmortem"));
        assertEquals(CHANNEL, stringQuery("SELECT title FROM incident"));
        assertEquals(draft, stringQuery("SELECT markdown FROM postmortem"));
    }

    @Test
    void aDraftThatCannotBeWrittenStoresNothing() throws Exception {
        // Passes the checks made before reading the export, then fails inside the transaction:
        // the link points into a folder that does not exist.
        Path target = dir.resolve("postmortem.md");
        Files.createSymbolicLink(target, dir.resolve("gone").resolve("postmortem.md"));
        assertEquals(1, run(sample(), "--channel", CHANNEL, "--out", target.toString()));
        assertOneLineError("incident-bot import: cannot write the draft to " + target + " (no such file or folder); nothing "
                + "was stored");
        assertEquals("", stdout);
        assertEquals(0, count("SELECT count(*) FROM incident"));
        assertEquals(0, count("SELECT count(*) FROM postmortem"));

        Path folder = Files.createDirectories(dir.resolve("a-folder.md"));
        assertEquals(1, run(sample(), "--channel", CHANNEL, "--out", folder.toString()));
        assertOneLineError("incident-bot import: cannot write the draft to " + folder + ": it is a folder");
    }
}
