package io.incidentbot.incident;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When the on-call is paged: the rules alone, with the page table in memory and a pager that records. */
class PagingRulesTest {
    private static final Instant T = Instant.parse("2026-05-09T14:00:00Z");

    private final List<String> sent = new ArrayList<>();
    private final Map<Long, PageRepository.Page> table = new HashMap<>();
    private final Pager pager = new Pager() {
        @Override
        public void trigger(Incident incident, String requestedBy, Instant queuedAt) {
            sent.add("trigger " + incident.humanId() + (requestedBy == null ? "" : " by " + requestedBy));
        }

        @Override
        public void resolve(Incident incident) {
            sent.add("resolve " + incident.humanId());
        }
    };
    private final PageRepository pages = new PageRepository() {
        @Override
        public Optional<Page> find(long incidentId) {
            return Optional.ofNullable(table.get(incidentId));
        }

        @Override
        public void triggered(long incidentId, String dedupKey, String pagedBy, Instant at) {
            table.put(incidentId, new Page(incidentId, dedupKey, pagedBy, at, null, null));
        }

        @Override
        public void delivered(long incidentId, Instant pagedAt, Instant at) {
        }

        @Override
        public void resolved(long incidentId, Instant at) {
            Page p = table.get(incidentId);
            table.put(incidentId, new Page(incidentId, p.dedupKey(), p.pagedBy(), p.pagedAt(), p.deliveredAt(), at));
        }

        @Override
        public void refused(long incidentId, Instant pagedAt) {
            table.remove(incidentId);
        }
    };
    private final Paging paging = new Paging(pager, pages, null, Set.of(Severity.P1, Severity.P2),
            Clock.fixed(T, ZoneOffset.UTC));

    private static Incident incident(long id, Severity severity, Status status) {
        return new Incident(id, "T0001", "Orders API returns 502", null, severity, status, "U0ALICE", "U0ALICE",
                "C0INC", "inc-orders", null, null, null, T, T, T, null, status == Status.RESOLVED ? T : null);
    }

    @Test
    void declaringAtAPagingSeverityPagesAndOthersDoNot() {
        paging.declared(incident(1, Severity.P1, Status.INVESTIGATING));
        paging.declared(incident(2, Severity.P3, Status.INVESTIGATING));
        assertEquals(List.of("trigger INC-1"), sent);
        assertEquals("incident-bot/T0001/INC-1", table.get(1L).dedupKey());
    }

    @Test
    void escalatingPagesOnceAndDeEscalatingResolvesNothing() {
        Incident p3 = incident(1, Severity.P3, Status.INVESTIGATING);
        Incident p1 = incident(1, Severity.P1, Status.INVESTIGATING);
        Incident p2 = incident(1, Severity.P2, Status.INVESTIGATING);
        paging.severityChanged(p3, p2);
        paging.severityChanged(p2, p1); // both page: no new page
        paging.severityChanged(p1, p3);
        paging.severityChanged(p3, p1); // the page is still open
        assertEquals(List.of("trigger INC-1"), sent);
    }

    @Test
    void resolvingResolvesAnOpenPageAndReopeningPagesAgain() {
        paging.resolved(incident(1, Severity.P3, Status.RESOLVED));
        assertEquals(List.of(), sent, "never paged: nothing to resolve");
        paging.declared(incident(1, Severity.P1, Status.INVESTIGATING));
        paging.resolved(incident(1, Severity.P1, Status.RESOLVED));
        paging.resolved(incident(1, Severity.P1, Status.RESOLVED));
        paging.reopened(incident(1, Severity.P1, Status.INVESTIGATING));
        assertEquals(List.of("trigger INC-1", "resolve INC-1", "trigger INC-1"), sent);
    }

    @Test
    void pageNowPagesAnySeverityUnlessThePageIsOpen() {
        Incident p4 = incident(7, Severity.P4, Status.INVESTIGATING);
        assertEquals(Paging.Outcome.PAGED, paging.pageNow(p4, "U0BOB"));
        assertEquals(Paging.Outcome.ALREADY_PAGED, paging.pageNow(p4, "U0BOB"));
        paging.resolved(incident(7, Severity.P4, Status.RESOLVED));
        paging.reopened(p4); // paged before: pages again, whatever the severity
        assertEquals(List.of("trigger INC-7 by U0BOB", "resolve INC-7", "trigger INC-7"), sent);
        assertEquals(Paging.Outcome.OFF, Paging.off().pageNow(p4, "U0BOB"));
    }
}
