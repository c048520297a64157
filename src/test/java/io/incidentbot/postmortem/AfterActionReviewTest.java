package io.incidentbot.postmortem;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AfterActionReviewTest {
    private static final Instant T0 = Instant.parse("2030-03-07T10:00:00Z");

    private static Incident incident(long id, String title, String rootCause, Instant opened) {
        return new Incident(id, "T1", title, null, Severity.P2, Status.RESOLVED, "U1", "U1", "C" + id, "inc-" + id,
                rootCause, null, null, opened, opened, opened, null, opened.plus(Duration.ofHours(1)));
    }

    private final Incident first = incident(1, "Orders API returns 502", "the DB connection pool was exhausted", T0);

    @Test
    void repeatsAreLaterIncidentsWithASharedTagAndASimilarCause() {
        Incident earlier = incident(2, "Orders API 502", "the DB connection pool was exhausted", T0.minus(Duration.ofDays(30)));
        Incident repeat = incident(3, "Orders API 502 again", "connection pool exhausted by slow queries", T0.plus(Duration.ofDays(40)));
        Incident otherTag = incident(4, "Orders API 502 in staging", "the DB connection pool was exhausted", T0.plus(Duration.ofDays(41)));
        Incident unrelated = incident(5, "Disk full", "log rotation was off", T0.plus(Duration.ofDays(42)));
        Map<Long, List<String>> tags = Map.of(1L, List.of("db", "deploy"), 2L, List.of("db"), 3L, List.of("db", "network"),
                4L, List.of("network"), 5L, List.of("db"));
        List<AfterActionReview.Repeat> repeats = AfterActionReview.repeats(first, List.of("db", "deploy"),
                List.of(earlier, repeat, otherTag, unrelated, first), tags);
        assertEquals(1, repeats.size(), repeats.toString());
        assertEquals(3, repeats.get(0).incident().id());
        assertEquals(List.of("db"), repeats.get(0).sharedTags());
        assertTrue(repeats.get(0).sharedWords().contains("pool"), repeats.toString());
        assertEquals(List.of(), AfterActionReview.repeats(first, List.of(), List.of(repeat), tags), "untagged: no repeats");
    }

    @Test
    void theTextListsItemsWithStatusAndAgeTheCompletionAndWhatARepeatMeans() {
        Instant now = T0.plus(Duration.ofDays(190));
        List<ActionItem> items = List.of(
                new ActionItem(1, 1, "Alert on pool usage above 80%", "U2", LocalDate.parse("2030-04-01"), true, T0,
                        T0.plus(Duration.ofDays(12)), null),
                new ActionItem(1, 2, "Load test the orders API", null, LocalDate.parse("2030-04-01"), false, T0, null, null));
        Incident repeat = incident(3, "Orders API 502 again", "pool exhausted", T0.plus(Duration.ofDays(40)));
        String text = AfterActionReview.text(first, "P2 (High)", 6, T0.plus(Duration.ofDays(5)), items,
                List.of(new AfterActionReview.Repeat(repeat, List.of("db"), java.util.Set.of("pool"))), now);
        assertTrue(text.startsWith(":mag: *6-month review of INC-1 · Orders API returns 502* (P2 (High), postmortem "
                + "published 2030-03-12)"), text);
        assertTrue(text.contains("*Action items: 1 of 2 done (50%)*"), text);
        assertTrue(text.contains(":white_check_mark: #1 Alert on pool usage above 80% — <@U2>, due 2030-04-01 — done after 12 days"), text);
        assertTrue(text.contains(":x: #2 Load test the orders API — no owner, due 2030-04-01 — open for 190 days (overdue)"), text);
        assertTrue(text.contains("• *INC-3 · Orders API 502 again* (2030-04-16, P2) — tags: db; similar: pool · <#C3>"), text);
        assertTrue(text.contains("a repeat means the actions of INC-1 did not work"), text);

        String quiet = AfterActionReview.text(first, "P2 (High)", 6, T0, List.of(), List.of(), now);
        assertTrue(quiet.contains("none were recorded") && quiet.contains("none with a shared tag"), quiet);
        assertFalse(quiet.contains("did not work"), quiet);
    }
}
