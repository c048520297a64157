package io.incidentbot.store;

import io.incidentbot.incident.ChannelState;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentRepository.NewIncident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database made by a release before Flyway (its migrations recorded in {@code schema_version})
 * keeps its data when the bot moves to Flyway: it is baselined at the highest version recorded
 * there, gets the migrations it lacks and no other, and ends with the schema a new database gets.
 * On SQLite, and on PostgreSQL in the suite's PostgreSQL run.
 */
class UpgradeFromSchemaVersionTest {
    private static final Instant OPENED = Instant.parse("2026-05-09T14:23:00Z");

    @TempDir
    Path dir;

    @Test
    void aDatabaseAtV5GetsV6OnwardsAndKeepsItsData() throws Exception {
        TestDatabases.TestDb testDb = TestDatabases.forFolder(dir);
        PreFlywayRelease.migrateTo(testDb, 5);
        writeReleaseData(testDb);
        List<String> recordedByRelease = testDb.query("SELECT version, name FROM schema_version ORDER BY version");
        assertEquals(5, recordedByRelease.size());

        int latest = latestVersion();
        try (Database db = Database.open(testDb.url())) {
            assertEquals(new Migrations.Outcome(after(5), OptionalInt.of(5), Integer.toString(latest)), db.migrated());
            assertReleaseDataKept(db);
            // what V6 to V8 added, with their defaults for the rows already there
            Incident incident = new JooqIncidentRepository(db).findById(1).orElseThrow();
            assertFalse(incident.isPrivate());
            assertEquals(ChannelState.ACTIVE, incident.channelState());
        }
        assertEquals(recordedByRelease, testDb.query("SELECT version, name FROM schema_version ORDER BY version"),
                "the old version table is kept as it was");
        List<String> history = testDb.query("SELECT version, type FROM flyway_schema_history WHERE success ORDER BY installed_rank");
        assertEquals("5|BASELINE", history.get(0));
        assertEquals(after(5), history.size() - 1);
        assertTrue(history.stream().skip(1).allMatch(row -> row.endsWith("|SQL")), history.toString());
        assertSameSchemaAsNew(testDb);
        reopenAppliesNothing(testDb);
    }

    @Test
    void aDatabaseAtV8IsBaselinedAndKeepsWorking() throws Exception {
        TestDatabases.TestDb testDb = TestDatabases.forFolder(dir);
        PreFlywayRelease.migrateTo(testDb, 8);
        writeReleaseData(testDb);

        int latest = latestVersion();
        try (Database db = Database.open(testDb.url())) {
            assertEquals(new Migrations.Outcome(after(8), OptionalInt.of(8), Integer.toString(latest)), db.migrated());
            assertReleaseDataKept(db);
            // ids go on after the release's (PostgreSQL: its identity sequence was never reset)
            Incident next = new JooqIncidentRepository(db).create(
                    new NewIncident("T1", "After the upgrade", null, Severity.P3, "U1", OPENED.plusSeconds(3600)));
            assertEquals(2, next.id());
        }
        assertEquals("8|BASELINE", testDb.query(
                "SELECT version, type FROM flyway_schema_history ORDER BY installed_rank").get(0));
        assertSameSchemaAsNew(testDb);
        reopenAppliesNothing(testDb);
    }

    @Test
    void aFailedMigrationIsReportedInOneLineAndNotRecorded() throws Exception {
        TestDatabases.TestDb testDb = TestDatabases.forFolder(dir);
        PreFlywayRelease.migrateTo(testDb, 5);
        // a table V6 cannot alter the way it expects: what an operator's manual change might leave behind
        try (Connection c = testDb.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE incident ADD COLUMN is_private BOOLEAN");
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Database.open(testDb.url()).close());
        assertTrue(e.getMessage().startsWith("cannot migrate database "), e.getMessage());
        assertTrue(e.getMessage().contains("V6__private_incidents.sql") && e.getMessage().contains("is_private"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(List.of("5|BASELINE"), testDb.query(
                "SELECT version, type FROM flyway_schema_history WHERE success ORDER BY installed_rank"));
    }

    /** Rows as the release wrote them: only columns that exist at V5. */
    private static void writeReleaseData(TestDatabases.TestDb db) throws Exception {
        long opened = OPENED.toEpochMilli();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO incident (team_id, title, summary, severity, status, opened_by, lead_id, channel_id,"
                    + " channel_name, opened_at, started_at, detected_at, impact) VALUES ('T1', 'Orders API returns 502',"
                    + " 'checkout fails', 'P1', 'IDENTIFIED', 'U1', 'U2', 'C1', 'inc-1-orders', " + opened + ", "
                    + (opened - 60_000) + ", " + opened + ", 'EU customers')");
            s.execute("INSERT INTO timeline_entry (incident_id, kind, team_id, channel_id, ts, author_id, text, occurred_at)"
                    + " VALUES (1, 'MESSAGE', 'T1', 'C1', '1778336580.000100', 'U2', 'rolling back', " + (opened + 1000) + ")");
            s.execute("INSERT INTO action_item (incident_id, number, what, owner_id, created_at)"
                    + " VALUES (1, 1, 'alert on 5xx rate', 'U2', " + opened + ")");
            s.execute("INSERT INTO postmortem (incident_id, version, markdown, created_at)"
                    + " VALUES (1, 1, '# INC-1 draft', " + opened + ")");
        }
    }

    private static void assertReleaseDataKept(Database db) {
        Incident incident = new JooqIncidentRepository(db).findById(1).orElseThrow();
        assertEquals("Orders API returns 502", incident.title());
        assertEquals(Status.IDENTIFIED, incident.status());
        assertEquals(Severity.P1, incident.severity());
        assertEquals("EU customers", incident.impact());
        assertEquals(OPENED.minusSeconds(60), incident.startedAt());
        List<TimelineEntry> entries = new JooqTimelineRepository(db).entries(1);
        assertEquals(List.of("rolling back"), entries.stream().map(TimelineEntry::text).toList());
        assertEquals("alert on 5xx rate", new JooqActionItemRepository(db).forIncident(1).get(0).what());
        assertEquals("# INC-1 draft", new JooqPostmortemRepository(db).latestDraft(1).orElseThrow());
    }

    private void assertSameSchemaAsNew(TestDatabases.TestDb upgraded) throws Exception {
        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        TestDatabases.TestDb newDb = TestDatabases.forFolder(fresh);
        Database.open(newDb.url()).close();
        try (Connection a = upgraded.connect(); Connection b = newDb.connect()) {
            assertEquals(MigrationFoldersTest.describe(b, newDb.schema()), MigrationFoldersTest.describe(a, upgraded.schema()));
        }
    }

    private static void reopenAppliesNothing(TestDatabases.TestDb db) {
        try (Database again = Database.open(db.url())) {
            assertEquals(0, again.migrated().applied());
            assertEquals(OptionalInt.empty(), again.migrated().baselinedAt(), "baselined once");
        }
    }

    /** How many migrations the folder has above a version (numbers may have gaps). */
    private static int after(int version) throws Exception {
        return (int) MigrationFoldersTest.migrationFiles(Database.Vendor.SQLITE).stream()
                .filter(f -> MigrationFoldersTest.version(f) > version).count();
    }

    private static int latestVersion() throws Exception {
        List<String> files = MigrationFoldersTest.migrationFiles(Database.Vendor.SQLITE);
        return MigrationFoldersTest.version(files.get(files.size() - 1));
    }
}
