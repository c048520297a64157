package io.incidentbot.store;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.Severity;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every row that carries a team carries its Enterprise Grid organization where Slack named one
 * (nullable), and the same channel id in two workspaces never mixes their rows: keys include the team.
 */
class EnterpriseStoreTest {
    private static final Instant NOW = Instant.parse("2026-05-09T14:23:00Z");
    private static final String TS = "1778336580.000100";

    @TempDir
    Path dir;
    TestDatabases.TestDb testDb;
    Database db;
    IncidentService service;

    @BeforeEach
    void open() {
        testDb = TestDatabases.forFolder(dir);
        db = Database.open(testDb.url());
        service = new IncidentService(new JooqIncidentRepository(db), new JooqTimelineRepository(db),
                new JooqPostmortemRepository(db), new JooqActionItemRepository(db), db, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Incident open(String team, String enterprise, String channel) {
        Incident incident = service.open(new IncidentService.OpenRequest(team, "U1", "Checkout down in " + team, null,
                Severity.P2, false, enterprise));
        service.bindChannel(incident, channel, "inc-" + team.toLowerCase());
        return service.find(incident.id()).orElseThrow();
    }

    @Test
    void enterpriseIsStoredOnIncidentsTimelineAndPinsAndFallsBackToTheIncidents() {
        Incident grid = open("T1", "E1", "C1");
        Incident plain = open("T2", null, "C2");
        assertEquals("E1", grid.enterpriseId());

        // named by Slack with the message; a back-filled message (none named) takes the incident's
        assertTrue(service.recordMessage(new IncomingMessage("T1", "C1", TS, null, "U2", null, "db is slow",
                List.of(), "E1")));
        assertTrue(service.addMessage(grid, new IncomingMessage("T1", "C1", "1778336581.000100", null, "U3", null,
                "from history", List.of())));
        assertTrue(service.recordMessage(new IncomingMessage("T2", "C2", TS, null, "U2", null, "no grid here",
                List.of())));
        assertTrue(service.pin("Ev3", "T1", "E1", "C1", TS, "reaction:U2"));
        service.changeSeverity(grid, "U1", Severity.P1);

        assertEquals(List.of("1|E1", "2|null"), testDb.query("SELECT id, enterprise_id FROM incident ORDER BY id"));
        assertEquals(List.of(), testDb.query("SELECT id FROM timeline_entry WHERE incident_id = " + grid.id()
                + " AND (enterprise_id IS NULL OR enterprise_id <> 'E1')"), "every entry of the Grid incident");
        assertEquals(List.of("null"), testDb.query("SELECT DISTINCT enterprise_id FROM timeline_entry WHERE incident_id = "
                + plain.id()));
        assertEquals(List.of("T1|E1"), testDb.query("SELECT team_id, enterprise_id FROM pin_mark"));
    }

    @Test
    void theSameChannelIdInTwoWorkspacesNeverMixes() {
        Incident first = open("T1", "E1", "C0SAME");
        Incident second = open("T2", "E2", "C0SAME");

        assertEquals(first.id(), service.forChannel("T1", "C0SAME").orElseThrow().id());
        assertEquals(second.id(), service.forChannel("T2", "C0SAME").orElseThrow().id());
        // the same ts in the same channel id is a different message in another workspace
        assertTrue(service.recordMessage(new IncomingMessage("T1", "C0SAME", TS, null, "U1", null, "ours",
                List.of(), "E1")));
        assertTrue(service.recordMessage(new IncomingMessage("T2", "C0SAME", TS, null, "U1", null, "theirs",
                List.of(), "E2")));
        assertTrue(service.pin("EvC", "T1", "E1", "C0SAME", TS, "reaction:U1"));
        service.recordDelete("EvD", "T2", "C0SAME", TS);

        assertEquals(List.of("ours|0|1"), rows(first), "T1's message, pinned, not deleted");
        assertEquals(List.of("theirs|1|0"), rows(second), "T2's message, deleted, not pinned");
    }

    private List<String> rows(Incident incident) {
        return service.timeline(incident).stream()
                .filter(e -> e.ts() != null)
                .map(e -> e.text() + "|" + (e.deleted() ? 1 : 0) + "|" + (e.pinned() ? 1 : 0))
                .toList();
    }
}
