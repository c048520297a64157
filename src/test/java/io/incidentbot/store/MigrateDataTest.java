package io.incidentbot.store;

import io.incidentbot.cli.Main;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.Severity;
import io.incidentbot.store.schema.DefaultSchema;
import io.incidentbot.testing.TestDatabases;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code migrate-data --from … --to …}: every row, ids included, and new ids continue after the copied ones. */
class MigrateDataTest {
    private static final Instant NOW = Instant.parse("2026-05-09T14:23:00Z");

    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void copiesAnSqliteFileIntoPostgresql() {
        TestDatabases.TestDb pg = TestDatabases.postgres();
        copiesEverythingInto(pg.url());
    }

    @Test
    void copiesAnSqliteFileIntoAnotherSqliteFile() {
        copiesEverythingInto("jdbc:sqlite:" + dir.resolve("copy.db"));
    }

    private void copiesEverythingInto(String targetUrl) {
        String sourceUrl = "jdbc:sqlite:" + dir.resolve("incidents.db");
        Map<String, List<Map<String, Object>>> before;
        try (Database source = Database.open(sourceUrl)) {
            fill(source);
            before = dump(source);
        }
        assertEquals(0, run("--from", sourceUrl, "--to", targetUrl), err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("incident: 3 rows"), printed);
        assertTrue(printed.contains("timeline_entry: "), printed);
        assertTrue(printed.matches("(?s).*Copied \\d+ rows from jdbc:sqlite:.* to .*\\.\\n"), printed);

        try (Database target = Database.open(targetUrl)) {
            assertEquals(before, dump(target), "every row of every table, the same on both sides");
            var incidents = new JooqIncidentRepository(target);
            Incident next = incidents.create(new io.incidentbot.incident.IncidentRepository.NewIncident(
                    "T1", "after the move", null, Severity.P2, "U1", NOW));
            assertEquals(4, next.id(), "ids continue after the copied ones");
            var actions = new JooqActionItemRepository(target);
            assertEquals(3, actions.add(1, "third action", null, null, NOW).number());
        }
    }

    @Test
    void refusesATargetThatHoldsDataAndWritesNothing() {
        String sourceUrl = "jdbc:sqlite:" + dir.resolve("a.db");
        String targetUrl = "jdbc:sqlite:" + dir.resolve("b.db");
        try (Database a = Database.open(sourceUrl); Database b = Database.open(targetUrl)) {
            fill(a);
            new JooqIncidentRepository(b).create(new io.incidentbot.incident.IncidentRepository.NewIncident(
                    "T1", "already here", null, Severity.P3, "U1", NOW));
        }
        assertEquals(1, run("--from", sourceUrl, "--to", targetUrl));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("incident-bot migrate-data: nothing was copied: "
                + "the target database is not empty (incident has 1 rows)"), err.toString(StandardCharsets.UTF_8));
        try (Database b = Database.open(targetUrl)) {
            assertEquals(1, (int) b.with(ctx -> ctx.fetchCount(io.incidentbot.store.schema.Tables.INCIDENT)));
            assertEquals(0, (int) b.with(ctx -> ctx.fetchCount(io.incidentbot.store.schema.Tables.TIMELINE_ENTRY)));
        }
    }

    @Test
    void refusesASourceThatDoesNotExistAndCreatesNothing() {
        Path missing = dir.resolve("incidnets.db");
        Path target = dir.resolve("b.db");
        assertEquals(1, run("--from", "jdbc:sqlite:" + missing, "--to", "jdbc:sqlite:" + target));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("incident-bot migrate-data: nothing was copied: there is no database file at "
                + missing.toAbsolutePath()), message);
        assertTrue(!java.nio.file.Files.exists(missing), "the missing source was not created");
        assertTrue(!java.nio.file.Files.exists(target), "the target was not created");
        err.reset();
        assertEquals(1, run("--from", "jdbc:sqlite:file:" + missing + "?mode=rw", "--to", "jdbc:sqlite:" + target));
        assertTrue(!java.nio.file.Files.exists(missing) && !java.nio.file.Files.exists(target));
    }

    @Test
    void usageErrors() {
        assertEquals(2, run("--from", "jdbc:sqlite:a.db"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("incident-bot migrate-data: Missing required option: "
                + "'--to=<jdbc-url>'; see: java -jar target/incident-bot.jar migrate-data --help"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--from", "jdbc:mysql://db/x?password=secret", "--to", "jdbc:sqlite:b.db"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("incident-bot migrate-data: --from must be a jdbc:sqlite: URL"), message);
        assertTrue(!message.contains("secret"), message);
        out.reset();
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("migrate-data --from jdbc:sqlite:incidents.db"));
    }

    private int run(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "migrate-data";
        System.arraycopy(args, 0, command, 1, args.length);
        return Main.execute(Map.of(), dir.resolve(".env"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                command);
    }

    /** Some of everything: incidents open and resolved, messages edited, deleted, pinned, drafts, action items. */
    private static void fill(Database db) {
        IncidentService service = new IncidentService(new JooqIncidentRepository(db), new JooqTimelineRepository(db),
                new JooqPostmortemRepository(db), new JooqActionItemRepository(db), db, Clock.fixed(NOW, ZoneOffset.UTC));
        Incident a = service.open(new IncidentService.OpenRequest("T1", "U1", "Orders API returns 502 — ünïcödé 🚨",
                "checkout <b>down</b>", Severity.P1));
        service.bindChannel(a, "C1", "inc-orders");
        service.recordMessage(new IncomingMessage("T1", "C1", "1778336580.000100", null, "U2", null,
                "looking at <script>alert(1)</script>", List.of("graph.png", "trace.log")));
        service.recordMessage(new IncomingMessage("T1", "C1", "1778336590.000200", "1778336580.000100", "U3",
                null, "reply in thread", List.of()));
        service.recordEdit("Ev3", new IncomingMessage("T1", "C1", "1778336590.000200", "1778336580.000100", "U3",
                null, "edited reply", List.of()), NOW.plusSeconds(30));
        service.recordDelete("Ev4", "T1", "C1", "1778336599.000300");
        service.pin("Ev5", "T1", "E1", "C1", "1778336580.000100", "U1");
        service.addAction(a, "U1", "Add an alert on pool usage", "U2", LocalDate.parse("2026-06-01"));
        service.addAction(a, "U1", "Raise the pool limit", null, null);
        service.completeAction(a, "U1", 2);
        a = service.resolve(a, "U1", "pool exhausted");
        service.saveDraft(a, "# draft 1");
        service.saveDraft(a, "# draft 2");
        Incident b = service.open(new IncidentService.OpenRequest("T1", "U1", "Second", null, Severity.P3));
        service.bindChannel(b, "C2", "inc-second");
        service.open(new IncidentService.OpenRequest("T1", "U4", "Third, no channel yet", null, null));
    }

    /** Every table's rows in primary-key order, as column → value maps. */
    static Map<String, List<Map<String, Object>>> dump(Database db) {
        Map<String, List<Map<String, Object>>> all = new TreeMap<>();
        for (Table<?> t : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            all.put(t.getName(), db.with(ctx -> ctx.selectFrom(t)
                    .orderBy(t.getPrimaryKey() == null ? List.of() : t.getPrimaryKey().getFields().stream()
                            .map(f -> f.asc()).toList())
                    .fetch().intoMaps()));
        }
        return all;
    }
}
