package io.incidentbot.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.ActionItemRepository;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Severity;
import io.incidentbot.store.Database;
import io.incidentbot.store.JooqActionItemRepository;
import io.incidentbot.store.JooqIncidentRepository;
import io.incidentbot.store.JooqPostmortemRepository;
import io.incidentbot.store.JooqTimelineRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a draft reads, on a real SQLite file. */
class PostmortemDrafterTest {
    @TempDir
    Path dir;

    /** Counts the reads of action items and passes everything to the real repository. */
    static final class CountingActions implements ActionItemRepository {
        final ActionItemRepository real;
        final List<String> reads = new ArrayList<>();

        CountingActions(ActionItemRepository real) {
            this.real = real;
        }

        @Override
        public ActionItem add(long incidentId, String what, String ownerId, LocalDate due, Instant createdAt) {
            return real.add(incidentId, what, ownerId, due, createdAt);
        }

        @Override
        public List<ActionItem> forIncident(long incidentId) {
            reads.add("forIncident " + incidentId);
            return real.forIncident(incidentId);
        }

        @Override
        public List<ActionItem> forIncidents(Collection<Long> incidentIds) {
            reads.add("forIncidents " + incidentIds.size());
            return real.forIncidents(incidentIds);
        }

        @Override
        public boolean markDone(long incidentId, int number, Instant at) {
            return real.markDone(incidentId, number, at);
        }

        @Override
        public boolean markDropped(long incidentId, int number, Instant at) {
            return real.markDropped(incidentId, number, at);
        }

        @Override
        public List<ActionItem> overdueNotRemindedOn(LocalDate today) {
            return real.overdueNotRemindedOn(today);
        }

        @Override
        public void markReminded(long incidentId, int number, LocalDate today) {
            real.markReminded(incidentId, number, today);
        }

        @Override
        public List<ActionItem> open() {
            return real.open();
        }
    }

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst().orElse("(no line starting " + start + ")");
    }

    @Test
    void earlierIncidentsActionItemsAreReadInOneQuery() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("incidents.db"))) {
            CountingActions actions = new CountingActions(new JooqActionItemRepository(db));
            Clock clock = Clock.fixed(Instant.parse("2026-05-09T14:00:00Z"), ZoneOffset.UTC);
            IncidentService service = new IncidentService(new JooqIncidentRepository(db), new JooqTimelineRepository(db),
                    new JooqPostmortemRepository(db), actions, db, clock);
            for (int i = 1; i <= PostmortemDrafter.EARLIER_TO_COMPARE + 5; i++) {
                Incident past = service.open(new IncidentService.OpenRequest("T1", "U1", "Checkout latency spike",
                        null, Severity.P2));
                service.addAction(past, "U1", "Add a latency alert for checkout " + i, "U2", null);
                if (i % 2 == 0) {
                    service.completeAction(past, "U1", 1);
                }
                service.resolve(past, "U1", "the checkout cache was cold");
            }
            Incident current = service.open(new IncidentService.OpenRequest("T1", "U1", "Checkout latency spike again",
                    null, Severity.P2));
            actions.reads.clear();

            String md = new PostmortemDrafter(service, UserNames.idsOnly(), TtrTargets.defaults()).draft(current);

            assertEquals(List.of("forIncidents " + PostmortemDrafter.EARLIER_TO_COMPARE, "forIncident " + current.id()),
                    actions.reads, "every earlier incident's items in one query, then its own");
            assertTrue(line(md, "- INC-205 — Checkout latency spike (").contains("action items: 0 of 1 done"), md);
            assertTrue(line(md, "- INC-204 — Checkout latency spike (").contains("action items: 1 of 1 done"), md);
        }
    }
}
