package io.incidentbot.postmortem;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.TimelineEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tags and the near-miss shape in the draft, and the review findings publish and the draft share. */
class PostmortemLearningRenderTest {
    private static final Instant START = Instant.parse("2030-05-09T14:23:00Z");
    private static final PostmortemRenderer RENDERER =
            new PostmortemRenderer(id -> Map.of("U1", "alice", "U2", "bob").getOrDefault(id, id));

    private static Incident incident(String summary, String rootCause) {
        return new Incident(3, "T1", "Migration almost dropped orders", summary, Severity.P4, Status.RESOLVED, "U1", "U1",
                "C1", "inc-orders", rootCause, null, null, START, START, START, null, START.plusSeconds(600));
    }

    private static final List<ActionItem> ACTIONS = List.of(
            new ActionItem(3, 1, "improve migrations", null, null, false, START, null, null),
            new ActionItem(3, 2, "Add a prod guard to the migration runner", "U2", LocalDate.parse("2030-06-01"), false,
                    START, null, null));
    private static final List<TimelineEntry> NOTES = List.of(new TimelineEntry(1, 3, TimelineEntry.Kind.LIFECYCLE, null,
            null, "U1", null, IncidentService.NOTE_PREFIX + "<@U1>: <@U2> forgot to check the target database",
            null, START.plusSeconds(60), null, false, false, List.of()));

    @Test
    void tagsAreALineInTheHeaderOnlyWhenThereAreAny() {
        String tagged = RENDERER.render(new PostmortemRenderer.Input(incident(null, null), List.of(), List.of(), List.of(),
                new PostmortemRenderer.Learning(List.of("db", "deploy"), false, null)));
        assertTrue(tagged.contains("**Channel:** #inc-orders\n**Tags:** db, deploy\n\n## Summary"), tagged);
        String untagged = RENDERER.render(new PostmortemRenderer.Input(incident(null, null), List.of(), List.of(), List.of()));
        assertFalse(untagged.contains("**Tags:**"), untagged);
        assertTrue(untagged.startsWith("# Incident: "), untagged);
    }

    @Test
    void aNearMissGetsTheShortShape() {
        String md = RENDERER.render(new PostmortemRenderer.Input(incident("a staging migration ran against prod",
                "the runner had no environment check"), NOTES, ACTIONS, List.of(),
                new PostmortemRenderer.Learning(List.of("db"), true, "near miss (potential P1)")));
        assertTrue(md.startsWith("# Near miss: Migration almost dropped orders\n\n**ID:** INC-3  ·  **Status:** Resolved  ·  "
                + "**Severity:** near miss (potential P1)\n"), md);
        assertTrue(md.contains("**Tags:** db"), md);
        assertTrue(md.contains("## What almost happened\na staging migration ran against prod\n\n"
                + "Why it could happen: the runner had no environment check\n"), md);
        assertTrue(md.contains("## What caught it\n" + PostmortemRenderer.NEAR_MISS_CAUGHT_TODO), md);
        assertTrue(md.contains("## What to change\n" + PostmortemRenderer.NEAR_MISS_CHANGE_TODO), md);
        assertTrue(md.contains("## Timeline (UTC)\n- 14:24 — :memo: @alice: @bob forgot to check the target database"), md);
        assertTrue(md.contains("| 2 | Add a prod guard to the migration runner | @bob | 2030-06-01 | open |"), md);
        assertTrue(md.contains("## Review before publishing\n- In a note at 14:24 UTC: \"@bob forgot"), md);
        for (String section : List.of("## Summary", "## Impact", "## Why? (5 whys)", "## Metrics", "## Similar past incidents")) {
            assertFalse(md.contains(section), section + " is not part of a near miss: " + md);
        }
    }

    @Test
    void publishAndTheDraftShareTheSameFindings() {
        Incident incident = incident("<@U2> should have checked the target", null);
        List<PostmortemReview.Finding> findings = PostmortemReview.findings(incident, NOTES, ACTIONS);
        String md = RENDERER.render(new PostmortemRenderer.Input(incident, NOTES, ACTIONS, List.of()));
        String review = md.substring(md.indexOf("## Review before publishing\n") + "## Review before publishing\n".length());
        List<String> lines = review.lines().filter(l -> l.startsWith("- ")).map(l -> l.substring(2)).toList();
        assertEquals(findings.size(), lines.size(), review);
        assertTrue(findings.size() >= 5, findings.toString());
        // In Slack the quote stays mrkdwn (mentions render), in the draft it is Markdown with names.
        assertEquals("In the summary: \"<@U2> should have checked the target\" — " + findings.get(0).problem(),
                findings.get(0).line(UnaryOperator.identity()));
        assertTrue(lines.get(0).startsWith("In the summary: \"@bob should have checked the target\" — "), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Action item 1 (\"improve migrations\"): no owner")), review);
        assertEquals(List.of(), PostmortemReview.findings(incident(null, "a gap in the runner"), List.of(),
                List.of(ACTIONS.get(1))));
    }
}
