package io.incidentbot.postmortem;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.TimelineEntry.Kind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The draft's action items table, impact text and "Review before publishing" section. */
class PostmortemReviewTest {
    private static final Instant START = Instant.parse("2026-05-09T14:23:00Z");
    private static final Map<String, String> PEOPLE = Map.of("U1", "alice", "U2", "bob");
    private static final PostmortemRenderer RENDERER = new PostmortemRenderer(id -> PEOPLE.getOrDefault(id, id));

    private static Incident incident(String summary, String impact, String rootCause) {
        return new Incident(3, "T1", "Checkout latency", summary, Severity.P2, Status.RESOLVED, "U1", "U1", "C1",
                "inc-checkout", rootCause, null, null, START, START, START, null, START.plusSeconds(3600),
                impact, null, null, null, null);
    }

    private static ActionItem item(int n, String what, String owner, LocalDate due, boolean done) {
        return new ActionItem(3, n, what, owner, due, done, START, done ? START : null, null);
    }

    private static List<String> section(String md, String heading) {
        List<String> lines = Arrays.asList(md.split("\n"));
        int from = lines.indexOf(heading);
        assertTrue(from >= 0, "missing " + heading + " in\n" + md);
        int to = from + 1;
        while (to < lines.size() && !lines.get(to).startsWith("## ")) {
            to++;
        }
        return lines.subList(from + 1, to).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void actionItemsFillTheTableWithOwnerDueAndStatus() {
        String md = RENDERER.render(new PostmortemRenderer.Input(incident(null, null, null), List.of(), List.of(
                item(1, "Add an alert when pool usage > 80% | p99", "U2", LocalDate.parse("2026-05-20"), false),
                item(2, "Write the replay runbook", null, null, true)), List.of()));
        assertEquals(List.of("| # | Action | Owner | Due | Status |", "|---|--------|-------|-----|--------|",
                "| 1 | Add an alert when pool usage > 80% \\| p99 | @bob | 2026-05-20 | open |",
                "| 2 | Write the replay runbook | _TODO: @owner_ | _TODO: YYYY-MM-DD_ | done |"),
                section(md, "## Action items"));
    }

    @Test
    void impactTextComesBeforeThePrompts() {
        String md = RENDERER.render(incident(null, "~35% of checkouts failed for 80 minutes", null), List.of());
        List<String> impact = section(md, "## Impact");
        assertEquals("~35% of checkouts failed for 80 minutes", impact.get(0));
        assertTrue(impact.contains("- SLO impact: _TODO_"));
    }

    @Test
    void blamingSentencesAndVagueActionsAreFlaggedWithSuggestions() {
        TimelineEntry note = new TimelineEntry(1, 3, Kind.LIFECYCLE, null, null, "U1", null,
                ":memo: <@U1>: <@U2|bob> forgot to drain the node", null, START.plusSeconds(600), null, false, false, List.of());
        String md = RENDERER.render(new PostmortemRenderer.Input(
                incident("The deploy went out at 14:00.", null, "<@U2|bob> should have checked the migration."),
                List.of(note),
                List.of(item(1, "improve monitoring", null, null, false),
                        item(2, "Add a prod-sized migration test for tables > 1M rows", "U1", LocalDate.parse("2026-05-15"), false)),
                List.of()));
        List<String> review = section(md, "## Review before publishing");
        assertTrue(review.stream().anyMatch(l -> l.startsWith("- In the root cause: \"@bob should have checked the migration.\"")), review.toString());
        assertTrue(review.stream().anyMatch(l -> l.startsWith("- In a note at 14:33 UTC: \"@bob forgot to drain the node\"")), review.toString());
        assertTrue(review.stream().anyMatch(l -> l.startsWith("- Action item 1 (\"improve monitoring\"): no owner")), review.toString());
        assertTrue(review.stream().anyMatch(l -> l.contains("'improve'")), review.toString());
        assertTrue(review.stream().noneMatch(l -> l.contains("Action item 2")), "a SMART item is not flagged: " + review);
        assertTrue(review.stream().noneMatch(l -> l.contains("deploy went out")), "neutral sentences pass: " + review);
    }

    @Test
    void aCleanDraftSaysNothingWasFlagged() {
        String md = RENDERER.render(new PostmortemRenderer.Input(incident("The cache TTL was set to 0.", null,
                "The config change had no review step."), List.of(),
                List.of(item(1, "Add a review step for cache config changes", "U1", LocalDate.parse("2026-05-15"), false)),
                List.of()));
        assertEquals(List.of("- Nothing flagged: no sentence blames a person, and every open action item has an owner, "
                + "a due date and a specific verb."), section(md, "## Review before publishing"));
    }

    @Test
    void similarPastIncidentsAreLinkedWithTheirActionItemsStatus() {
        Incident past = new Incident(1, "T1", "Checkout latency after deploy", null, Severity.P3, Status.RESOLVED, "U1",
                "U1", "C0", "inc-old", "cache TTL set to zero", null, null, START.minusSeconds(86_400 * 30),
                START.minusSeconds(86_400 * 30), START.minusSeconds(86_400 * 30), null, START.minusSeconds(86_400 * 29));
        Incident unrelated = new Incident(2, "T1", "Search page slow", null, Severity.P4, Status.RESOLVED, "U1",
                "U1", "C9", "inc-search", "index missing", null, null, START, START, START, null, START);
        String md = RENDERER.render(new PostmortemRenderer.Input(incident(null, null, "cache TTL was zero"), List.of(),
                List.of(), List.of(new PostmortemRenderer.PastIncident(past, List.of(
                        item(1, "Alert on TTL", "U1", LocalDate.parse("2026-01-01"), true),
                        item(2, "Review config", "U1", LocalDate.parse("2026-01-01"), false))),
                        new PostmortemRenderer.PastIncident(unrelated, List.of()))));
        List<String> similar = section(md, "## Similar past incidents");
        assertEquals(1, similar.size(), similar.toString());
        assertTrue(similar.get(0).startsWith("- INC-1 — Checkout latency after deploy (2026-04-09, P3); shared: "), similar.get(0));
        assertTrue(similar.get(0).contains("1 of 2 done") && similar.get(0).contains("cache"), similar.get(0));
        String none = RENDERER.render(incident(null, null, null), List.of());
        assertEquals(List.of("- None found among earlier incidents."), section(none, "## Similar past incidents"));
    }
}
