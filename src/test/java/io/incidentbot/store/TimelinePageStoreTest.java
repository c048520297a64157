package io.incidentbot.store;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncidentService.OpenRequest;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.TimelinePosition;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A timeline read page by page in the database (SQLite, and PostgreSQL in that run of the suite):
 * positions, not offsets, so entries arriving meanwhile neither repeat nor skip; searches in any
 * case, in text, file names and bot names, with LIKE's own characters taken literally.
 */
class TimelinePageStoreTest {
    private static final Instant NOW = Instant.parse("2026-05-09T14:23:00Z");

    @TempDir
    Path dir;
    Database db;
    IncidentService service;
    Incident incident;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.forFolder(dir).url());
        service = new IncidentService(new JooqIncidentRepository(db), new JooqTimelineRepository(db),
                new JooqPostmortemRepository(db), new JooqActionItemRepository(db), db, Clock.fixed(NOW, ZoneOffset.UTC));
        incident = service.open(new OpenRequest("T1", "U1", "Checkout slow", null, Severity.P2, false));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void message(long second, String text) {
        service.addMessage(incident, new IncomingMessage("T1", "C1", (NOW.getEpochSecond() + second) + ".000100", null,
                "U1", null, text, List.of()));
    }

    @Test
    void pagesFollowEachOtherByPositionWithNothingRepeatedOrSkipped() {
        for (int i = 1; i <= 25; i++) {
            message(i, "message " + i);
        }
        int total = service.timelineSize(incident); // 25 messages and the "declared" entry
        assertEquals(26, total);

        List<String> read = new ArrayList<>();
        TimelinePosition after = null;
        for (int page = 0; page < 10; page++) {
            List<TimelineEntry> entries = service.timelinePage(incident, after, null, Set.of(), 10);
            if (entries.isEmpty()) {
                break;
            }
            entries.forEach(e -> read.add(e.text()));
            after = TimelinePosition.after(entries.get(entries.size() - 1));
            if (page == 0) {
                message(100, "arrived while paging"); // later than anything read: comes on a later page, once
            }
            assertEquals(TimelinePosition.parse(after.toString()).orElseThrow(), after, "links carry the position");
        }
        assertEquals(27, read.size(), read.toString());
        assertTrue(read.get(0).startsWith("Incident declared"), read.get(0));
        assertEquals("message 1", read.get(1));
        assertEquals("arrived while paging", read.get(26));
    }

    @Test
    void searchesRunInTheDatabaseInAnyCaseAndTakeWildcardsLiterally() {
        message(1, "DB CPU at 95%");
        message(2, "rolled back deploy 4711");
        message(3, "cpu back to normal");
        message(4, "100_000 requests failed");
        message(5, "10000 requests failed");

        assertEquals(List.of("DB CPU at 95%", "cpu back to normal"), texts(service.timelinePage(incident, null, "CpU", Set.of(), 10)));
        assertEquals(List.of("DB CPU at 95%"), texts(service.timelinePage(incident, null, "95%", Set.of(), 10)));
        assertEquals(List.of("100_000 requests failed"), texts(service.timelinePage(incident, null, "0_0", Set.of(), 10)));
        List<TimelineEntry> first = service.timelinePage(incident, null, "cpu", Set.of(), 1);
        assertEquals(List.of("cpu back to normal"),
                texts(service.timelinePage(incident, TimelinePosition.after(first.get(0)), "cpu", Set.of(), 10)));
        assertEquals(List.of(), service.timelinePage(incident, null, "nothing like this", Set.of(), 10));
        // a person found by name: the page passes the ids of the authors whose names match
        assertEquals(6, service.timelinePage(incident, null, "alice", Set.of("U1"), 10).size(), "five messages and the declaration");
        assertEquals(List.of(), service.timelinePage(incident, null, "alice", Set.of("U2"), 10));
        assertEquals(List.of("U1"), service.timelineAuthors(incident));
    }

    @Test
    void handEditedPositionsAreNotPositions() {
        assertTrue(TimelinePosition.parse("abc").isEmpty());
        assertTrue(TimelinePosition.parse("12-").isEmpty());
        assertTrue(TimelinePosition.parse("1' OR 1=1").isEmpty());
        assertEquals(new TimelinePosition(Instant.ofEpochMilli(1700000000123L), 42),
                TimelinePosition.parse("1700000000123-42").orElseThrow());
    }

    private static List<String> texts(List<TimelineEntry> entries) {
        return entries.stream().map(TimelineEntry::text).toList();
    }
}
