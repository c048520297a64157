package io.incidentbot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentRepository.Imported;
import io.incidentbot.incident.IncidentRepository.NewIncident;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository methods the importer adds: updateImported and deleteTimeline. */
class ImportedIncidentStoreTest {

    private static final Instant T0 = Instant.parse("2026-05-09T23:39:02Z");

    @TempDir
    Path dir;
    Database db;
    JooqIncidentRepository incidents;
    JooqTimelineRepository timeline;

    @BeforeEach
    void open() {
        db = Database.open(io.incidentbot.testing.TestDatabases.forFolder(dir).url());
        incidents = new JooqIncidentRepository(db);
        timeline = new JooqTimelineRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static IncomingMessage msg(String team, String channel, String ts) {
        return new IncomingMessage(team, channel, ts, null, "U1", null, "text " + ts, List.of());
    }

    @Test
    void updateImportedSetsTheImportedFactsAndResolves() {
        Incident created = incidents.create(new NewIncident("T-IMPORT", "old", "a summary", Severity.P3, "U1", T0));
        incidents.bindChannel(created.id(), "C1", "inc-old");
        Instant end = T0.plusSeconds(3600);
        incidents.updateImported(created.id(), new Imported("new title", Severity.P1, "inc-new", T0.plusSeconds(5), end));

        Incident i = incidents.findById(created.id()).orElseThrow();
        assertEquals("new title", i.title());
        assertEquals(Severity.P1, i.severity());
        assertEquals(Status.RESOLVED, i.status());
        assertEquals("C1", i.channelId());
        assertEquals("inc-new", i.channelName());
        assertEquals(T0.plusSeconds(5), i.openedAt());
        assertEquals(T0.plusSeconds(5), i.startedAt());
        assertEquals(T0.plusSeconds(5), i.detectedAt());
        assertNull(i.mitigatedAt());
        assertEquals(end, i.resolvedAt());
        assertNull(i.leadId(), "the export does not say who led");
        assertEquals("a summary", i.summary());
        assertEquals("U1", i.openedBy());
    }

    @Test
    void deleteTimelineRemovesOnlyThatIncidentsEntriesAndPins() {
        long a = incidents.create(new NewIncident("T-IMPORT", "a", null, Severity.P3, "U1", T0)).id();
        long b = incidents.create(new NewIncident("T1", "b", null, Severity.P3, "U1", T0)).id();
        timeline.appendLifecycle(a, "T-IMPORT", null, "imported", T0);
        timeline.insertMessage(a, msg("T-IMPORT", "C1", "1778370000.000100"));
        timeline.insertMessage(a, msg("T-IMPORT", "C1", "1778370001.000100"));
        timeline.addPin("T-IMPORT", null, "C1", "1778370000.000100", "export");
        timeline.insertMessage(b, msg("T1", "C2", "1778370000.000100"));
        timeline.addPin("T1", null, "C2", "1778370000.000100", "reaction:U1");

        assertEquals(3, timeline.deleteTimeline(a));
        assertEquals(List.of(), timeline.entries(a));
        assertEquals(1, timeline.entries(b).size());
        assertTrue(timeline.entries(b).get(0).pinned(), "another incident's pin stays");
        // The message can be stored again, unpinned, as a re-import does.
        assertTrue(timeline.insertMessage(a, msg("T-IMPORT", "C1", "1778370000.000100")));
        assertFalse(timeline.entries(a).get(0).pinned());
        assertEquals(0, timeline.deleteTimeline(b + 100));
    }
}
