package io.incidentbot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentFilter;
import io.incidentbot.incident.IncidentRepository.NewIncident;
import io.incidentbot.incident.IncidentRuleException;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.SlackTs;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.TimelineEntry.Kind;
import io.incidentbot.incident.TimelineRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

    private static final Instant NOW = Instant.parse("2026-05-09T14:23:00Z");
    private static final String TS1 = "1778336580.000100";
    private static final String TS2 = "1778336590.000200";
    private static final String TS3 = "1778336600.000300";

    @TempDir
    Path dir;
    TestDatabases.TestDb testDb;
    String url;
    Database db;
    JooqIncidentRepository incidents;
    JooqTimelineRepository timeline;
    JooqPostmortemRepository postmortems;
    IncidentService service;

    @BeforeEach
    void open() {
        // SQLite in the temporary folder; in the PostgreSQL run of the suite, a fresh schema
        testDb = TestDatabases.forFolder(dir);
        url = testDb.url();
        db = Database.open(url);
        wire();
    }

    private void wire() {
        incidents = new JooqIncidentRepository(db);
        timeline = new JooqTimelineRepository(db);
        postmortems = new JooqPostmortemRepository(db);
        service = new IncidentService(incidents, timeline, postmortems, new io.incidentbot.store.JooqActionItemRepository(db), db, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Incident newIncident(String title) {
        return incidents.create(new NewIncident("T1", title, null, Severity.P2, "U1", NOW));
    }

    private static IncomingMessage msg(String channel, String ts, String text) {
        return new IncomingMessage("T1", channel, ts, null, "U2", null, text, List.of());
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<TimelineEntry> messages(long incidentId) {
        return timeline.entries(incidentId).stream().filter(e -> e.kind() != Kind.LIFECYCLE).toList();
    }

    // ---- database and migrations ----

    @Test
    void migrationsCreateTheSchemaAndReopeningAppliesNoneAndKeepsData() throws Exception {
        int migrations = db.migrated().applied();
        assertEquals(MigrationFoldersTest.migrationFiles(db.vendor()).size(), migrations, "a new database gets every migration");
        Incident first = newIncident("Orders API returns 502");
        db.close();

        db = Database.open(url);
        wire();
        assertEquals(0, db.migrated().applied(), "a migrated database has nothing left to apply");
        assertEquals(Optional.of(first), incidents.findById(first.id()));

        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(migrations, count(c, "SELECT count(*) FROM flyway_schema_history WHERE success"));
            assertEquals(1, count(c, "SELECT count(*) FROM flyway_schema_history WHERE version = '1'"));
            for (String table : List.of("incident", "timeline_entry", "pin_mark", "processed_event", "postmortem")) {
                try (ResultSet rs = c.getMetaData().getTables(null, testDb.schema(), table, new String[]{"TABLE"})) {
                    assertTrue(rs.next(), table);
                }
            }
            try (ResultSet rs = c.getMetaData().getTables(null, testDb.schema(), "schema_version", new String[]{"TABLE"})) {
                assertFalse(rs.next(), "only a database from before Flyway has the old version table");
            }
        }
    }

    @Test
    void timesAreStoredAsEpochMillisAndReadBackAsInstants() {
        // jOOQ's forced types convert; the stored form stays what every release wrote (BIGINT epoch ms)
        Incident incident = newIncident("Disk latency");
        Instant started = NOW.minusSeconds(600);
        Instant mitigated = NOW.plusMillis(1234);
        incidents.setTimes(incident.id(), started, null, null);
        incidents.setStatus(incident.id(), Status.MONITORING, mitigated, NOW.plusSeconds(5));
        incidents.setStatus(incident.id(), Status.IDENTIFIED, NOW.plusSeconds(9), NOW.plusSeconds(9));
        JooqLearningRepository learning = new JooqLearningRepository(db);
        learning.markPublished(incident.id(), "U1", false, NOW.plusSeconds(60));
        learning.markPublished(incident.id(), "U1", false, NOW.plusSeconds(120));

        Incident read = incidents.findById(incident.id()).orElseThrow();
        assertEquals(started, read.startedAt());
        assertEquals(NOW, read.detectedAt());
        assertEquals(mitigated, read.mitigatedAt(), "the first mitigation time is kept");
        assertEquals(NOW.plusSeconds(9), read.lastUpdateAt());
        assertEquals(NOW.plusSeconds(60), learning.state(incident.id()).publishedAt(), "the first publication is kept");
        assertEquals(List.of(started.toEpochMilli() + "|" + NOW.toEpochMilli() + "|" + mitigated.toEpochMilli()),
                testDb.query("SELECT started_at, detected_at, mitigated_at FROM incident WHERE id = " + incident.id()));
        assertEquals(List.of(Long.toString(NOW.plusSeconds(60).toEpochMilli())),
                testDb.query("SELECT published_at FROM incident_learning"));
    }

    @Test
    void journalModeIsWal() throws Exception {
        Assumptions.assumeFalse(testDb.isPostgres(), "SQLite only");
        newIncident("write something");
        try (Connection c = DriverManager.getConnection(url);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1).toLowerCase());
        }
        assertTrue(Files.exists(dir.resolve("incidents.db-wal")), "WAL file next to the database");
    }

    @Test
    void committedWritesAreVisibleToAnotherConnectionAtOnce() throws Exception {
        service.open(new IncidentService.OpenRequest("T1", "U1", "Checkout down", null, Severity.P1));
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(1, count(c, "SELECT count(*) FROM incident"));
            assertEquals(1, count(c, "SELECT count(*) FROM timeline_entry"));
        }
    }

    @Test
    void runsOnTheDatabaseOfThisTestRun() {
        assertEquals(TestDatabases.onPostgres() ? Database.Vendor.POSTGRESQL : Database.Vendor.SQLITE, db.vendor());
    }

    @Test
    void isHealthy() {
        assertTrue(db.isHealthy());
    }

    @Test
    void closedDatabaseIsNotHealthy() {
        db.close();
        assertFalse(db.isHealthy());
        db = Database.open(url); // for @AfterEach
    }

    @Test
    void unsupportedUrlIsRefusedWithoutShowingThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Database.open("jdbc:mysql://db/incidents?user=bot&password=hunter2"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("password=***"), e.getMessage());
    }

    @Test
    void failedTransactionLeavesNothingBehind() {
        assertThrows(IllegalStateException.class, () -> db.atomically(() -> {
            newIncident("half-done");
            throw new IllegalStateException("boom");
        }));
        assertEquals(List.of(), incidents.recent(10));
        // and the connection still works afterwards (PostgreSQL does not give back an identity value
        // taken by a rolled-back transaction, so there the next id may skip one)
        Incident after = newIncident("after");
        assertEquals(List.of(after), incidents.recent(10));
        if (!testDb.isPostgres()) {
            assertEquals(1, after.id());
        }
    }

    // ---- incidents ----

    @Test
    void incidentIdsAreSequential() {
        assertEquals(1, newIncident("one").id());
        assertEquals(2, newIncident("two").id());
        assertEquals(3, newIncident("three").id());
        assertEquals("INC-3", incidents.findById(3).orElseThrow().humanId());
    }

    @Test
    void createdIncidentRoundTrips() {
        Incident created = incidents.create(new NewIncident("T1", "Orders API returns 502", "checkout is down",
                Severity.P1, "U1", NOW));
        assertEquals("Orders API returns 502", created.title());
        assertEquals("checkout is down", created.summary());
        assertEquals(Severity.P1, created.severity());
        assertEquals(Status.INVESTIGATING, created.status());
        assertEquals("U1", created.leadId());
        assertEquals(NOW, created.openedAt());
        assertEquals(NOW, created.startedAt());
        assertEquals(NOW, created.detectedAt());
        assertNull(created.channelId());
        assertNull(created.resolvedAt());
        assertEquals(Optional.of(created), incidents.findById(created.id()));
        assertEquals(Optional.empty(), incidents.findById(99));
    }

    @Test
    void bindChannelAndFindByChannel() {
        Incident i = newIncident("DB down");
        assertEquals(Optional.empty(), incidents.findByChannel("T1", "C1"));
        incidents.bindChannel(i.id(), "C1", "inc-2026-05-09-db-down");
        Incident bound = incidents.findByChannel("T1", "C1").orElseThrow();
        assertEquals(i.id(), bound.id());
        assertEquals("inc-2026-05-09-db-down", bound.channelName());
        assertEquals(Optional.empty(), incidents.findByChannel("T2", "C1"));

        incidents.setAnnouncement(i.id(), "C-ANN", "1778336580.000900");
        Incident announced = incidents.findById(i.id()).orElseThrow();
        assertEquals("C-ANN", announced.announceChannelId());
        assertEquals("1778336580.000900", announced.announceTs());
    }

    @Test
    void markResolvedOnlyOnce() {
        Incident i = newIncident("DB down");
        Instant at = NOW.plusSeconds(3600);
        assertTrue(incidents.markResolved(i.id(), at, "disk full"));
        assertFalse(incidents.markResolved(i.id(), at.plusSeconds(60), "something else"));
        Incident resolved = incidents.findById(i.id()).orElseThrow();
        assertEquals(Status.RESOLVED, resolved.status());
        assertEquals(at, resolved.resolvedAt());
        assertEquals("disk full", resolved.rootCause());
    }

    @Test
    void findFiltersByStatusAndSeverityNewestFirstWithPaging() {
        for (int i = 0; i < 7; i++) {
            Severity sev = i % 3 == 0 ? Severity.P1 : Severity.P3;
            incidents.create(new NewIncident("T1", "incident " + i, null, sev, "U1", NOW.plusSeconds(i)));
        }
        incidents.markResolved(2, NOW.plusSeconds(60), null);
        incidents.markResolved(4, NOW.plusSeconds(60), null);

        assertEquals(7, incidents.count(IncidentFilter.all()));
        assertEquals(List.of(7L, 6L, 5L), incidents.find(IncidentFilter.all(), 0, 3).stream().map(Incident::id).toList());
        assertEquals(List.of(1L), incidents.find(IncidentFilter.all(), 6, 3).stream().map(Incident::id).toList());
        assertEquals(List.of(), incidents.find(IncidentFilter.all(), 9, 3));

        IncidentFilter resolved = new IncidentFilter(java.util.Set.of(Status.RESOLVED), null);
        assertEquals(2, incidents.count(resolved));
        assertEquals(List.of(4L, 2L), incidents.find(resolved, 0, 25).stream().map(Incident::id).toList());
        IncidentFilter openP1 = new IncidentFilter(IncidentFilter.open(), java.util.Set.of(Severity.P1));
        assertEquals(List.of(7L, 1L), incidents.find(openP1, 0, 25).stream().map(Incident::id).toList());
        assertEquals(2, service.count(openP1));
        IncidentFilter p1orP3 = new IncidentFilter(null, java.util.Set.of(Severity.P1, Severity.P3));
        assertEquals(7, incidents.count(p1orP3));
    }

    @Test
    void recentListsOpenIncidentsFirst() {
        Incident a = newIncident("a");
        Incident b = newIncident("b");
        Incident c = newIncident("c");
        incidents.markResolved(b.id(), NOW.plusSeconds(60), null);
        assertEquals(List.of(c.id(), a.id(), b.id()), incidents.recent(10).stream().map(Incident::id).toList());
        assertEquals(List.of(c.id(), a.id()), incidents.recent(2).stream().map(Incident::id).toList());
    }

    // ---- timeline ----

    @Test
    void sameMessageTwiceIsStoredOnce() {
        Incident i = newIncident("DB down");
        IncomingMessage m = msg("C1", TS1, "rolling back");
        assertTrue(timeline.insertMessage(i.id(), m));
        assertFalse(timeline.insertMessage(i.id(), m));
        assertFalse(timeline.insertMessage(i.id(), msg("C1", TS1, "a different text, same key")));

        List<TimelineEntry> entries = timeline.entries(i.id());
        assertEquals(1, entries.size());
        TimelineEntry e = entries.get(0);
        assertEquals("rolling back", e.text());
        assertEquals(Kind.MESSAGE, e.kind());
        assertEquals(TS1, e.ts());
        assertEquals("U2", e.authorId());
        assertEquals(SlackTs.toInstant(TS1).toEpochMilli(), e.occurredAt().toEpochMilli());
        assertFalse(e.deleted());
        assertFalse(e.pinned());
        assertFalse(e.isEdited());
        assertNull(e.firstText());
    }

    @Test
    void sameTsInAnotherChannelIsAnotherMessage() {
        Incident i = newIncident("DB down");
        assertTrue(timeline.insertMessage(i.id(), msg("C1", TS1, "one")));
        assertTrue(timeline.insertMessage(i.id(), msg("C2", TS1, "two")));
        assertEquals(2, timeline.entries(i.id()).size());
    }

    @Test
    void botMessagesAndFilesAreKept() {
        Incident i = newIncident("DB down");
        timeline.insertMessage(i.id(), new IncomingMessage("T1", "C1", TS1, null, null, "PagerDuty",
                "Alert: p99 > 2s", List.of("graph.png", "trace.log")));
        TimelineEntry e = timeline.findMessage("T1", "C1", TS1).orElseThrow();
        assertEquals(Kind.BOT_MESSAGE, e.kind());
        assertEquals("PagerDuty", e.authorName());
        assertEquals(List.of("graph.png", "trace.log"), e.files());
        assertEquals(Optional.empty(), timeline.findMessage("T1", "C1", TS2));
    }

    @Test
    void editKeepsTheFirstTextAndSetsEditedAt() {
        Incident i = newIncident("DB down");
        timeline.insertMessage(i.id(), msg("C1", TS1, "first"));
        Instant edit1 = NOW.plusSeconds(10);
        Instant edit2 = NOW.plusSeconds(20);
        assertTrue(timeline.editMessage(i.id(), msg("C1", TS1, "second"), edit1));
        assertTrue(timeline.editMessage(i.id(), msg("C1", TS1, "third"), edit2));

        TimelineEntry e = timeline.findMessage("T1", "C1", TS1).orElseThrow();
        assertEquals("third", e.text());
        assertEquals("first", e.firstText());
        assertEquals(edit2, e.editedAt());
        assertTrue(e.isEdited());
        assertEquals(1, timeline.entries(i.id()).size());
    }

    @Test
    void editBeforeTheOriginalInsertsTheEntry() {
        Incident i = newIncident("DB down");
        Instant editedAt = NOW.plusSeconds(10);
        assertTrue(timeline.editMessage(i.id(), msg("C1", TS1, "edited text"), editedAt));

        TimelineEntry e = timeline.findMessage("T1", "C1", TS1).orElseThrow();
        assertEquals("edited text", e.text());
        assertEquals(editedAt, e.editedAt());
        assertEquals(i.id(), e.incidentId());

        // The original arriving late does not overwrite the newer text.
        assertFalse(timeline.insertMessage(i.id(), msg("C1", TS1, "original text")));
        assertEquals("edited text", timeline.findMessage("T1", "C1", TS1).orElseThrow().text());
    }

    @Test
    void deleteFlagsTheEntry() {
        Incident i = newIncident("DB down");
        timeline.insertMessage(i.id(), msg("C1", TS1, "oops, wrong channel"));
        timeline.deleteMessage(i.id(), "T1", "C1", TS1);

        TimelineEntry e = timeline.findMessage("T1", "C1", TS1).orElseThrow();
        assertTrue(e.deleted());
        assertEquals("oops, wrong channel", e.text());
        assertEquals(1, timeline.entries(i.id()).size(), "deleted entries are still listed, flagged");
        assertFalse(timeline.editMessage(i.id(), msg("C1", TS1, "edit after delete"), NOW),
                "a deleted entry is not edited");
        assertEquals("oops, wrong channel", timeline.findMessage("T1", "C1", TS1).orElseThrow().text());
    }

    @Test
    void deleteBeforeTheOriginalLeavesATombstone() {
        Incident i = newIncident("DB down");
        timeline.deleteMessage(i.id(), "T1", "C1", TS1);
        TimelineEntry tomb = timeline.findMessage("T1", "C1", TS1).orElseThrow();
        assertTrue(tomb.deleted());

        assertFalse(timeline.insertMessage(i.id(), msg("C1", TS1, "late original")));
        TimelineEntry after = timeline.findMessage("T1", "C1", TS1).orElseThrow();
        assertTrue(after.deleted());
        assertFalse(after.text().contains("late original"));
        assertEquals(1, timeline.entries(i.id()).size());

        // A second delete changes nothing.
        timeline.deleteMessage(i.id(), "T1", "C1", TS1);
        assertEquals(1, timeline.entries(i.id()).size());
    }

    @Test
    void pinnedWhileAnySourceRemains() {
        Incident i = newIncident("DB down");
        timeline.insertMessage(i.id(), msg("C1", TS1, "root cause: expired cert"));

        assertTrue(timeline.addPin("T1", null, "C1", TS1, "U1"));
        assertFalse(timeline.addPin("T1", null, "C1", TS1, "U1"), "the same source twice is one pin");
        assertTrue(timeline.addPin("T1", null, "C1", TS1, IncidentService.SLACK_PIN));
        assertTrue(timeline.findMessage("T1", "C1", TS1).orElseThrow().pinned());

        assertTrue(timeline.removePin("T1", "C1", TS1, "U1"));
        assertTrue(timeline.findMessage("T1", "C1", TS1).orElseThrow().pinned(), "Slack's pin remains");
        assertTrue(timeline.entries(i.id()).get(0).pinned());

        assertFalse(timeline.removePin("T1", "C1", TS1, "U1"), "already removed");
        assertTrue(timeline.removePin("T1", "C1", TS1, IncidentService.SLACK_PIN));
        assertFalse(timeline.findMessage("T1", "C1", TS1).orElseThrow().pinned());
        assertFalse(timeline.entries(i.id()).get(0).pinned());
    }

    @Test
    void pinBeforeTheMessageArrivesApplies() {
        Incident i = newIncident("DB down");
        assertTrue(timeline.addPin("T1", null, "C1", TS2, "U1"));
        timeline.insertMessage(i.id(), msg("C1", TS2, "late"));
        assertTrue(timeline.findMessage("T1", "C1", TS2).orElseThrow().pinned());
        timeline.insertMessage(i.id(), msg("C1", TS1, "other"));
        assertFalse(timeline.findMessage("T1", "C1", TS1).orElseThrow().pinned(), "a pin marks one message only");
    }

    @Test
    void entriesComeBackInTimeOrderWithThreadTs() {
        Incident i = newIncident("DB down");
        timeline.insertMessage(i.id(), new IncomingMessage("T1", "C1", TS3, TS1, "U3", null, "reply", List.of()));
        timeline.insertMessage(i.id(), msg("C1", TS2, "second"));
        timeline.insertMessage(i.id(), new IncomingMessage("T1", "C1", TS1, TS1, "U2", null, "parent", List.of()));
        timeline.appendLifecycle(i.id(), "T1", "U1", "Incident declared by <@U1> (P2)", SlackTs.toInstant(TS1).minusSeconds(5));

        List<TimelineEntry> entries = timeline.entries(i.id());
        assertEquals(List.of("Incident declared by <@U1> (P2)", "parent", "second", "reply"),
                entries.stream().map(TimelineEntry::text).toList());
        assertEquals(Kind.LIFECYCLE, entries.get(0).kind());
        assertNull(entries.get(0).ts());
        assertEquals(TS1, entries.get(1).threadTs());
        assertFalse(entries.get(1).isThreadReply(), "the parent of a thread is not a reply");
        assertNull(entries.get(2).threadTs());
        assertEquals(TS1, entries.get(3).threadTs());
        assertTrue(entries.get(3).isThreadReply());
        for (int k = 1; k < entries.size(); k++) {
            assertFalse(entries.get(k).occurredAt().isBefore(entries.get(k - 1).occurredAt()));
        }
    }

    @Test
    void entriesAreSeparatedByIncident() {
        Incident a = newIncident("a");
        Incident b = newIncident("b");
        timeline.insertMessage(a.id(), msg("CA", TS1, "in a"));
        timeline.insertMessage(b.id(), msg("CB", TS1, "in b"));
        assertEquals(List.of("in a"), timeline.entries(a.id()).stream().map(TimelineEntry::text).toList());
        assertEquals(List.of("in b"), timeline.entries(b.id()).stream().map(TimelineEntry::text).toList());
    }

    @Test
    void eventIdsAreProcessedOnce() {
        assertTrue(timeline.markEventProcessed("Ev0123ABC", NOW));
        assertFalse(timeline.markEventProcessed("Ev0123ABC", NOW.plusSeconds(1)));
        assertTrue(timeline.markEventProcessed("Ev0123ABD", NOW));
    }

    @Test
    void unicodeAndMarkupRoundTripExactly() {
        Incident i = incidents.create(new NewIncident("T1", "Über 🔥 ‏שלום‏ a|b &amp; 🧯", "s\u200Bu\u200Dm", Severity.P1, "U1", NOW));
        String[] texts = {
                "🔥 prod is down 🧯 (4-byte: \uD83E\uDDEF)",
                "RTL: ‏שלום עולם‏ and مرحبا \u202Eevil\u202C",
                "zero\u200Bwidth\u200Cnon\u200Djoiner\uFEFFbom",
                "pipes | in | text and <@U1|alice> and &amp; &lt;tag&gt;",
                "👩‍👩‍👧‍👦 family + 🇩🇪 flag + e\u0301 combining",
                "line one\nline two\ttabbed 'quotes' \"double\" ; DROP TABLE incident; --",
        };
        for (int k = 0; k < texts.length; k++) {
            timeline.insertMessage(i.id(), msg("C1", "1778336580.00010" + k, texts[k]));
        }
        List<String> back = timeline.entries(i.id()).stream().map(TimelineEntry::text).toList();
        assertEquals(List.of(texts), back);

        Incident loaded = incidents.findById(i.id()).orElseThrow();
        assertEquals("Über 🔥 ‏שלום‏ a|b &amp; 🧯", loaded.title());
        assertEquals("s\u200Bu\u200Dm", loaded.summary());

        String draft = "# INC-1 🧯\n| a | b |\n|---|---|\n| ‏שלום‏ | &amp; |\u200B";
        postmortems.saveDraft(i.id(), draft, NOW);
        assertEquals(Optional.of(draft), postmortems.latestDraft(i.id()));
    }

    // ---- postmortem drafts ----

    @Test
    void draftsAreVersioned() {
        Incident a = newIncident("a");
        Incident b = newIncident("b");
        assertEquals(Optional.empty(), postmortems.latestDraft(a.id()));
        assertEquals(1, postmortems.saveDraft(a.id(), "draft one", NOW));
        assertEquals(2, postmortems.saveDraft(a.id(), "draft two", NOW.plusSeconds(60)));
        assertEquals(1, postmortems.saveDraft(b.id(), "other incident", NOW), "versions count per incident");
        assertEquals(Optional.of("draft two"), postmortems.latestDraft(a.id()));
        assertEquals(Optional.of("other incident"), postmortems.latestDraft(b.id()));
    }

    // ---- the service over the real store ----

    @Test
    void serviceFlowOverTheStore() {
        Incident opened = service.open(new IncidentService.OpenRequest("T1", "U1", "Orders API returns 502",
                "checkout is down", null));
        assertEquals(1, opened.id());
        service.bindChannel(opened, "C1", "inc-2026-05-09-orders-api-returns-502");

        assertTrue(service.recordMessage(msg("C1", TS1, "looking")));
        assertFalse(service.recordMessage(msg("C1", TS1, "looking")), "redelivery");
        assertFalse(service.recordMessage(msg("C1", TS1, "looking")), "same message, new event id");
        assertFalse(service.recordMessage(msg("C-other", TS2, "unrelated")));
        assertTrue(service.recordEdit("Ev4", msg("C1", TS1, "looking at the LB"), NOW.plusSeconds(5)));
        assertTrue(service.pin("Ev5", "T1", null, "C1", TS1, "U2"));
        assertTrue(service.recordMessage(msg("C1", TS2, "wrong paste")));
        assertTrue(service.recordDelete("Ev7", "T1", "C1", TS2));

        Incident resolved = service.resolve(service.forChannel("T1", "C1").orElseThrow(), "U1", "bad deploy");
        assertEquals(Status.RESOLVED, resolved.status());
        assertEquals("bad deploy", resolved.rootCause());
        assertEquals(NOW, resolved.resolvedAt());
        assertThrows(IncidentRuleException.AlreadyResolved.class, () -> service.resolve(opened, "U1", "again"),
                "a stale copy cannot resolve twice");

        List<TimelineEntry> entries = service.timeline(resolved);
        assertEquals(List.of("Incident declared by <@U1> (P3)", "Incident resolved by <@U1>"),
                entries.stream().filter(e -> e.kind() == Kind.LIFECYCLE).map(TimelineEntry::text).toList());
        List<TimelineEntry> msgs = messages(resolved.id());
        assertEquals(2, msgs.size());
        assertEquals("looking at the LB", msgs.get(0).text());
        assertEquals("looking", msgs.get(0).firstText());
        assertTrue(msgs.get(0).pinned());
        assertTrue(msgs.get(1).deleted());

        assertEquals(1, service.saveDraft(resolved, "# v1"));
        assertEquals(2, service.saveDraft(resolved, "# v2"));
        assertEquals(Optional.of("# v2"), service.latestDraft(resolved));
    }

    @Test
    void serviceOpenIsAtomic() {
        // The declared entry fails after the incident row was written: the incident must not stay behind.
        TimelineRepository failing = mock(TimelineRepository.class);
        doThrow(new IllegalStateException("disk full")).when(failing)
                .appendLifecycle(anyLong(), any(), any(), any(), any());
        IncidentService broken = new IncidentService(incidents, failing, postmortems, new io.incidentbot.store.JooqActionItemRepository(db), db,
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThrows(IllegalStateException.class,
                () -> broken.open(new IncidentService.OpenRequest("T1", "U1", "half-declared", null, null)));
        assertEquals(List.of(), incidents.recent(10));

        Incident ok = service.open(new IncidentService.OpenRequest("T1", "U1", "fine", null, null));
        assertEquals("fine", ok.title());
        assertEquals(1, timeline.entries(ok.id()).size());
    }
}
