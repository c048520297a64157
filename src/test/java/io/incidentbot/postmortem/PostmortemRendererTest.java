package io.incidentbot.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.TimelineEntry.Kind;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PostmortemRendererTest {

    private static final Instant START = Instant.parse("2026-05-09T14:23:00Z");
    private static final Map<String, String> PEOPLE = Map.of("U1", "alice", "U2", "bob", "U3", "carol");
    private static final UserNames NAMES = id -> PEOPLE.getOrDefault(id, id);
    private static final PostmortemRenderer RENDERER = new PostmortemRenderer(NAMES);

    private static final List<String> SECTIONS = List.of(
            "## Summary", "## Impact", "## Timeline (UTC)", "## Decisions during the incident", "## Root cause", "## Why? (5 whys)",
            "## Contributing factors (fishbone)", "## What went well", "## What went wrong",
            "## Action items", "## Metrics", "## Related", "## Similar past incidents", "## Review before publishing");

    // ---- fixtures -------------------------------------------------------------------------

    private static Incident incident(Severity severity, String summary, String rootCause,
                                     Instant started, Instant detected, Instant mitigated, Instant resolved) {
        return new Incident(7, "T1", "Orders API returns 502", summary, severity,
                resolved == null ? Status.IDENTIFIED : Status.RESOLVED, "U1", "U1", "C1",
                "inc-2026-05-09-orders-api-returns-502", rootCause, null, null,
                started, started, detected, mitigated, resolved);
    }

    private static Incident resolvedP1() {
        return incident(Severity.P1, null, null, START, START.plusSeconds(120), null, START.plusSeconds(84 * 60));
    }

    private static long ids = 1;

    private static TimelineEntry message(Instant at, String user, String text) {
        return entry(Kind.MESSAGE, at, user, null, text, null, false, false, List.of());
    }

    private static TimelineEntry entry(Kind kind, Instant at, String authorId, String authorName, String text,
                                       String threadTs, boolean deleted, boolean pinned, List<String> files) {
        long id = ids++;
        String ts = kind == Kind.LIFECYCLE ? null : at.getEpochSecond() + "." + String.format("%06d", id % 1_000_000);
        return new TimelineEntry(id, 7, kind, ts, threadTs, authorId, authorName, text, text, at,
                null, deleted, pinned, files);
    }

    private static TimelineEntry edited(TimelineEntry e) {
        return new TimelineEntry(e.id(), e.incidentId(), e.kind(), e.ts(), e.threadTs(), e.authorId(),
                e.authorName(), e.text(), "first version", e.occurredAt(), e.occurredAt().plusSeconds(30),
                e.deleted(), e.pinned(), e.files());
    }

    private static Instant at(int minutesAfterStart) {
        return START.plusSeconds(minutesAfterStart * 60L);
    }

    /** The lines between "## Timeline (UTC)" and the next "## " heading. */
    private static List<String> timeline(String md) {
        return section(md, "## Timeline (UTC)");
    }

    private static List<String> section(String md, String heading) {
        List<String> lines = Arrays.asList(md.split("\n", -1));
        int from = lines.indexOf(heading);
        assertTrue(from >= 0, "missing " + heading);
        List<String> out = new ArrayList<>();
        for (int i = from + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            out.add(lines.get(i));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    // ---- structure -------------------------------------------------------------------------

    @Test
    void sectionsAppearExactlyOnceInTemplateOrder() {
        String md = RENDERER.render(resolvedP1(), List.of(message(at(3), "U2", "on it")));
        assertTrue(md.startsWith("# Incident: Orders API returns 502\n\n"));
        List<String> headings = Arrays.stream(md.split("\n")).filter(l -> l.startsWith("## ")).collect(Collectors.toList());
        assertEquals(SECTIONS, headings);
        for (String s : SECTIONS) {
            assertTrue(md.contains("\n\n" + s + "\n"), "blank line before " + s);
        }
        assertTrue(md.endsWith("\n"));
        assertFalse(md.endsWith("\n\n"));
    }

    @Test
    void headerValues() {
        String md = RENDERER.render(resolvedP1(), List.of());
        String expected = "# Incident: Orders API returns 502\n"
                + "\n"
                + "**ID:** INC-7  ·  **Status:** Resolved  ·  **Severity:** P1 (Critical)\n"
                + "**Date:** 2026-05-09  ·  **Duration:** 14:23 – 15:47 UTC (1h 24m) _(from the declaration: the start of "
                + "impact is unknown)_\n"
                + "**Incident lead:** @alice  ·  **Comms:** _none named_  ·  **Scribe:** _none named_\n"
                + "**Author:** _TODO_  ·  **Reviewers:** _TODO_\n"
                + "**Channel:** #inc-2026-05-09-orders-api-returns-502\n"
                + "\n"
                + "## Summary\n";
        assertTrue(md.startsWith(expected), md);
    }

    @Test
    void headerOfOpenIncidentWithoutLeadOrChannel() {
        Incident base = incident(Severity.P2, null, null, START, START, null, null);
        Incident open = new Incident(base.id(), base.teamId(), base.title(), null, Severity.P2, Status.INVESTIGATING,
                "U1", null, null, null, null, null, null, START, START, START, null, null);
        String md = RENDERER.render(open, List.of());
        assertTrue(md.contains("**ID:** INC-7  ·  **Status:** Investigating  ·  **Severity:** P2 (High)\n"));
        assertTrue(md.contains("**Date:** 2026-05-09  ·  **Duration:** 2026-05-09 14:23 UTC – ongoing _(from the declaration: "
                + "the start of impact is unknown)_\n"), md);
        assertTrue(md.contains("**Incident lead:** _TODO_  ·  **Comms:** _none named_  ·  **Scribe:** _none named_\n"
                + "**Author:** _TODO_"), md);
        assertTrue(md.contains("**Channel:** _not created yet_\n"));
        assertTrue(md.contains("- Slack: _not created yet_\n"));
    }

    @Test
    void durationAcrossUtcDatesShowsBothDates() {
        Instant start = Instant.parse("2026-05-09T23:50:00Z");
        Incident inc = incident(Severity.P1, null, null, start, start, null, Instant.parse("2026-05-10T01:10:00Z"));
        String md = RENDERER.render(inc, List.of());
        assertTrue(md.contains("**Date:** 2026-05-09  ·  **Duration:** 2026-05-09 23:50 – 2026-05-10 01:10 UTC (1h 20m)"), md);
    }

    @Test
    void unknownLeadIsShownById() {
        Incident base = resolvedP1();
        Incident inc = new Incident(base.id(), base.teamId(), base.title(), null, base.severity(), base.status(),
                "U9", "U9", "C1", "inc-x", null, null, null, START, START, START, null, START.plusSeconds(60));
        assertTrue(RENDERER.render(inc, List.of()).contains("**Incident lead:** @U9  ·"));
    }

    // ---- summary / root cause / fixed prompts ----------------------------------------------

    @Test
    void todoPromptsWhenSummaryAndRootCauseMissing() {
        String md = RENDERER.render(resolvedP1(), List.of());
        // Nobody wrote a summary: the drafter proposes one from the facts, marked as suggested.
        assertEquals(List.of("Orders API returns 502 (the start of impact is unknown). It was noticed by people (no alert) "
                + "at 14:25; resolved at 15:47. _(suggested: generated from the timeline; confirm or rewrite it with "
                + "`/incident set summary …`)_"), section(md, "## Summary"));
        assertEquals(List.of("_TODO: the systemic cause (a process or technical gap, not a person)._"),
                section(md, "## Root cause"));
    }

    @Test
    void blankSummaryCountsAsMissing() {
        Incident inc = incident(Severity.P1, "   ", " ", START, START, null, START.plusSeconds(60));
        String md = RENDERER.render(inc, List.of());
        assertTrue(section(md, "## Summary").get(0).contains("_(suggested: generated from the timeline"), md);
        assertTrue(section(md, "## Root cause").get(0).startsWith("_TODO:"));
    }

    @Test
    void summaryAndRootCauseAreConvertedFromMrkdwn() {
        Incident inc = incident(Severity.P1, "Checkout failed for <!here> users &amp; <@U2> rolled back",
                "Migration locked `orders` &gt; 10 min, see <https://wiki.x.io/pm|runbook>",
                START, START, null, START.plusSeconds(60));
        String md = RENDERER.render(inc, List.of());
        assertEquals(List.of("Checkout failed for @here users & @bob rolled back"), section(md, "## Summary"));
        assertEquals(List.of("Migration locked `orders` > 10 min, see [runbook](https://wiki.x.io/pm)"),
                section(md, "## Root cause"));
    }

    @Test
    void multiLineSummaryKeepsItsLinesWithoutSurroundingBlankLines() {
        Incident inc = incident(Severity.P1, "\nline one\nline two 🔥\n\n", null, START, START, null,
                START.plusSeconds(60));
        String md = RENDERER.render(inc, List.of());
        assertTrue(md.contains("\n## Summary\nline one\nline two 🔥\n\n## Impact\n"), md);
    }

    @Test
    void fixedPromptSections() {
        String md = RENDERER.render(resolvedP1(), List.of());
        assertEquals(List.of(
                "- Users affected: _TODO_",
                "- Failed requests / errors: _TODO_",
                "- Revenue impact: _TODO_",
                "- SLO impact: _TODO_"), section(md, "## Impact"));
        assertEquals(List.of(
                "1. Why …? _TODO_", "2. Why …? _TODO_", "3. Why …? _TODO_", "4. Why …? _TODO_", "5. Why …? _TODO_"),
                section(md, "## Why? (5 whys)"));
        assertEquals(List.of("- People: _TODO_ · Process: _TODO_ · Technology: _TODO_ · Environment: _TODO_"),
                section(md, "## Contributing factors (fishbone)"));
        assertEquals(List.of("- _TODO_"), section(md, "## What went well"));
        assertEquals(List.of(
                "- The start of impact is unknown, so time to detect cannot be measured. _(derived)_",
                "- No alert fired: people noticed it first, at 14:25 UTC. _(derived)_",
                "- No stakeholder update (`/incident update`) in 1h 22m of impact; one is expected every 30 minutes. _(derived)_",
                "- _TODO_"), section(md, "## What went wrong"));
        assertEquals(List.of(
                "| # | Action | Owner | Due | Status |",
                "|---|--------|-------|-----|--------|",
                "| 1 | _TODO: a specific, measurable action_ | _TODO: @owner_ | _TODO: YYYY-MM-DD_ | open |"),
                section(md, "## Action items"));
    }

    // ---- timeline --------------------------------------------------------------------------

    @Test
    void noEntries() {
        assertEquals(List.of("- _No messages were captured._"), timeline(RENDERER.render(resolvedP1(), List.of())));
    }

    @Test
    void onlyDeletedEntriesCountsAsNoEntries() {
        TimelineEntry gone = entry(Kind.MESSAGE, at(1), "U2", null, "oops", null, true, false, List.of());
        assertEquals(List.of("- _No messages were captured._"), timeline(RENDERER.render(resolvedP1(), List.of(gone))));
    }

    @Test
    void timelineLinesForEveryKind() {
        TimelineEntry declared = entry(Kind.LIFECYCLE, at(0), "U1", null, "Incident declared by <@U1> (P1)",
                null, false, false, List.of());
        TimelineEntry alert = entry(Kind.BOT_MESSAGE, at(2), null, "Alerting", "DB CPU &gt; 90% on orders-db",
                null, false, false, List.of());
        TimelineEntry anonBot = entry(Kind.BOT_MESSAGE, at(2), null, null, "deploy 42 finished",
                null, false, false, List.of());
        TimelineEntry ack = entry(Kind.MESSAGE, at(3), "U2", null, "acknowledged, looking at DB CPU",
                null, false, true, List.of());
        TimelineEntry reply = entry(Kind.MESSAGE, at(4), "U3", null, "same on replica", ack.ts(), false, false, List.of());
        TimelineEntry parentOfOwnThread = entry(Kind.MESSAGE, at(5), "U2", null, "thread parent", null, false, false,
                List.of());
        parentOfOwnThread = new TimelineEntry(parentOfOwnThread.id(), 7, Kind.MESSAGE, parentOfOwnThread.ts(),
                parentOfOwnThread.ts(), "U2", null, "thread parent", "thread parent", at(5), null, false, false, List.of());
        TimelineEntry deleted = entry(Kind.MESSAGE, at(6), "U2", null, "wrong channel, sorry", null, true, false,
                List.of());
        TimelineEntry fixed = edited(entry(Kind.MESSAGE, at(7), "U1", null, "rolled back <https://ci.x.io/42|deploy 42>",
                null, false, false, List.of()));
        TimelineEntry editedPinned = edited(entry(Kind.MESSAGE, at(8), "U1", null, "root cause found",
                null, false, true, List.of()));
        TimelineEntry status = entry(Kind.LIFECYCLE, at(12), "U1", null, "Status → identified", null, false, false,
                List.of());
        TimelineEntry resolved = entry(Kind.LIFECYCLE, at(84), "U1", null, "Incident resolved", null, false, false,
                List.of());

        String md = RENDERER.render(resolvedP1(), List.of(declared, alert, anonBot, ack, reply, parentOfOwnThread,
                deleted, fixed, editedPinned, status, resolved));
        assertEquals(List.of(
                "- 14:23 — Incident declared by @alice (P1)",
                "- 14:25 — Alerting (bot): DB CPU > 90% on orders-db",
                "- 14:25 — integration (bot): deploy 42 finished",
                "- 14:26 — @bob: acknowledged, looking at DB CPU 📌",
                "- 14:27 — ↳ @carol: same on replica",
                "- 14:28 — @bob: thread parent",
                "- 14:30 — @alice: rolled back [deploy 42](https://ci.x.io/42) _(edited)_",
                "- 14:31 — @alice: root cause found _(edited)_ 📌",
                "- 14:35 — Status → identified",
                "- 15:47 — Incident resolved"), timeline(md));
        assertFalse(md.contains("wrong channel"), "deleted entries are gone");
    }

    @Test
    void filesAreListed() {
        TimelineEntry withText = entry(Kind.MESSAGE, at(1), "U2", null, "graphs", null, false, true,
                List.of("a.png", "b.log"));
        TimelineEntry onlyFiles = entry(Kind.MESSAGE, at(2), "U3", null, "", null, false, false, List.of("heap.hprof"));
        TimelineEntry nullText = entry(Kind.MESSAGE, at(3), "U3", null, null, null, false, false, List.of("x.txt"));
        TimelineEntry editedFiles = edited(entry(Kind.MESSAGE, at(4), "U2", null, "see", null, false, true,
                List.of("c.png")));
        String md = RENDERER.render(resolvedP1(), List.of(withText, onlyFiles, nullText, editedFiles));
        assertEquals(List.of(
                "- 14:24 — @bob: graphs [files: a.png, b.log] 📌",
                "- 14:25 — @carol: [files: heap.hprof]",
                "- 14:26 — @carol: [files: x.txt]",
                "- 14:27 — @bob: see [files: c.png] _(edited)_ 📌"), timeline(md));
    }

    @Test
    void multiLineTextStaysInsideTheListItem() {
        TimelineEntry multi = entry(Kind.MESSAGE, at(1), "U2", null, "first line\nsecond <@U1>\n\nfourth\n\n",
                null, false, true, List.of());
        TimelineEntry code = entry(Kind.BOT_MESSAGE, at(2), null, "Alerting", "```\nstack\n  at x\n```",
                null, false, false, List.of());
        String md = RENDERER.render(resolvedP1(), List.of(multi, code));
        assertEquals(List.of(
                "- 14:24 — @bob: first line",
                "    second @alice",
                "",
                "    fourth 📌",
                "- 14:25 — Alerting (bot): ```",
                "    stack",
                "      at x",
                "    ```"), timeline(md));
    }

    @Test
    void windowsLineEndingsAreNormalised() {
        TimelineEntry crlf = message(at(1), "U2", "one\r\ntwo");
        assertEquals(List.of("- 14:24 — @bob: one", "    two"), timeline(RENDERER.render(resolvedP1(), List.of(crlf))));
    }

    @Test
    void unicodeInTimelinePassesThrough() {
        String text = "🔥 שלום a\u200Bb 𠜎 👩‍👩‍👧";
        assertEquals(List.of("- 14:24 — @bob: " + text),
                timeline(RENDERER.render(resolvedP1(), List.of(message(at(1), "U2", text)))));
    }

    @Test
    void noDateHeadingsWithinOneUtcDay() {
        String md = RENDERER.render(resolvedP1(), List.of(message(at(1), "U2", "a"), message(at(80), "U2", "b")));
        assertFalse(md.contains("### "));
        assertEquals(List.of("- 14:24 — @bob: a", "- 15:43 — @bob: b"), timeline(md));
    }

    @Test
    void dateHeadingsWhenEntriesSpanTwoUtcDays() {
        Instant start = Instant.parse("2026-05-09T23:50:00Z");
        Incident inc = incident(Severity.P1, null, null, start, start, null, Instant.parse("2026-05-10T01:10:00Z"));
        TimelineEntry a = message(Instant.parse("2026-05-09T23:50:00Z"), "U1", "declared");
        TimelineEntry b = message(Instant.parse("2026-05-09T23:59:59Z"), "U2", "looking");
        TimelineEntry gone = entry(Kind.MESSAGE, Instant.parse("2026-05-10T00:00:30Z"), "U2", null, "deleted", null,
                true, false, List.of());
        TimelineEntry c = message(Instant.parse("2026-05-10T00:00:00Z"), "U2", "midnight");
        TimelineEntry d = message(Instant.parse("2026-05-10T01:10:00Z"), "U1", "resolved");
        String md = RENDERER.render(inc, List.of(a, b, c, gone, d));
        assertEquals(List.of(
                "### 2026-05-09",
                "- 23:50 — @alice: declared",
                "- 23:59 — @bob: looking",
                "",
                "### 2026-05-10",
                "- 00:00 — @bob: midnight",
                "- 01:10 — @alice: resolved"), timeline(md));
    }

    @Test
    void dateHeadingWhenIncidentSpansDaysEvenIfMessagesDoNot() {
        Instant start = Instant.parse("2026-05-09T23:50:00Z");
        Incident inc = incident(Severity.P1, null, null, start, start, null, Instant.parse("2026-05-10T01:10:00Z"));
        String md = RENDERER.render(inc, List.of(message(Instant.parse("2026-05-10T00:05:00Z"), "U2", "x")));
        assertEquals(List.of("### 2026-05-10", "- 00:05 — @bob: x"), timeline(md));
    }

    @Test
    void deletedEntryOnAnotherDayDoesNotCauseHeadings() {
        TimelineEntry gone = entry(Kind.MESSAGE, at(24 * 60), "U2", null, "later", null, true, false, List.of());
        String md = RENDERER.render(resolvedP1(), List.of(message(at(1), "U2", "a"), gone));
        assertEquals(List.of("- 14:24 — @bob: a"), timeline(md));
    }

    @Test
    void userNamesAreLookedUpOncePerDraft() {
        AtomicInteger calls = new AtomicInteger();
        PostmortemRenderer r = new PostmortemRenderer(id -> {
            calls.incrementAndGet();
            return PEOPLE.getOrDefault(id, id);
        });
        List<TimelineEntry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            entries.add(message(at(1), i % 2 == 0 ? "U2" : "U3", "hi <@U1>"));
        }
        String md = r.render(resolvedP1(), entries);
        assertTrue(md.contains("- 14:24 — @carol: hi @alice\n"));
        assertEquals(3, calls.get());
    }

    // ---- metrics ---------------------------------------------------------------------------

    /** The start of impact as a person set it: without this, a start equal to the open time is unknown. */
    private static final List<TimelineEntry> STARTED_SET = List.of(entry(Kind.LIFECYCLE, START.plusSeconds(30), "U1", null,
            "Start of impact set to 14:23 UTC (by <@U1>)", null, false, false, List.of()));

    @Test
    void anUnknownStartIsUnknownNeverMet() {
        Incident inc = incident(Severity.P1, null, null, START, START, START.plusSeconds(20 * 60), START.plusSeconds(84 * 60));
        List<String> metrics = section(RENDERER.render(inc, List.of()), "## Metrics");
        assertEquals("- TTD (start of impact → detection): unknown (target < 5 min)", metrics.get(0));
        assertEquals("- TTR (start of impact → resolution): unknown (target < 4h for P1)", metrics.get(2));
        assertFalse(String.join("\n", metrics).contains("✅") && metrics.get(0).contains("✅"), metrics.toString());
    }

    @Test
    void metricsWithinTargets() {
        Incident inc = incident(Severity.P1, null, null, START, START.plusSeconds(120), START.plusSeconds(20 * 60),
                START.plusSeconds(84 * 60));
        assertEquals(List.of(
                "- TTD (start of impact → detection): 2m (target < 5 min) ✅",
                "- TTM (detection → mitigation): 18m (target < 30 min) ✅",
                "- TTR (start of impact → resolution): 1h 24m (target < 4h for P1) ✅"),
                section(RENDERER.render(inc, STARTED_SET), "## Metrics"));
    }

    @Test
    void metricsOverTargetsAndNotRecorded() {
        Incident inc = incident(Severity.P2, null, null, START, START.plusSeconds(10 * 60), null,
                START.plusSeconds(9 * 3600));
        assertEquals(List.of(
                "- TTD (start of impact → detection): 10m (target < 5 min) ⚠️",
                "- TTM (detection → mitigation): _not recorded_ (target < 30 min)",
                "- TTR (start of impact → resolution): 9h (target < 8h for P2) ⚠️"),
                section(RENDERER.render(inc, STARTED_SET), "## Metrics"));
    }

    @Test
    void metricsOpenIncidentAndP3Target() {
        Incident inc = incident(Severity.P3, null, null, START, START, START.plusSeconds(45 * 60), null);
        assertEquals(List.of(
                "- TTD (start of impact → detection): <1m (target < 5 min) ✅",
                "- TTM (detection → mitigation): 45m (target < 30 min) ⚠️",
                "- TTR (start of impact → resolution): _open_ (target < 3d for P3)"),
                section(RENDERER.render(inc, STARTED_SET), "## Metrics"));
    }

    @Test
    void metricsP4HasNoTtrTarget() {
        Incident inc = incident(Severity.P4, null, null, START, START, null, START.plusSeconds(Duration.ofDays(5).toSeconds()));
        assertEquals("- TTR (start of impact → resolution): 5d (no target for P4)",
                section(RENDERER.render(inc, STARTED_SET), "## Metrics").get(2));
    }

    // ---- related ---------------------------------------------------------------------------

    @Test
    void relatedListsDistinctLinksFromNonDeletedEntriesInOrder() {
        TimelineEntry a = message(at(1), "U2", "dash <https://grafana.x.io/d/1|cpu> and <https://status.x.io>");
        TimelineEntry gone = entry(Kind.MESSAGE, at(2), "U2", null, "<https://secret.x.io/token>", null, true, false,
                List.of());
        TimelineEntry b = entry(Kind.BOT_MESSAGE, at(3), null, "CI", "rollback <https://ci.x.io/42?a=1&amp;b=2>",
                null, false, false, List.of());
        TimelineEntry c = message(at(4), "U3", "again <https://grafana.x.io/d/1> <mailto:a@b.c|a@b.c>");
        String md = RENDERER.render(resolvedP1(), List.of(a, gone, b, c));
        assertEquals(List.of(
                "- Slack: #inc-2026-05-09-orders-api-returns-502",
                "- Links posted in the channel:",
                "  - https://grafana.x.io/d/1",
                "  - https://status.x.io",
                "  - https://ci.x.io/42?a=1&b=2"), section(md, "## Related"));
        assertFalse(md.contains("secret"));
    }

    @Test
    void relatedWithoutLinksOmitsTheLinkList() {
        String md = RENDERER.render(resolvedP1(), List.of(message(at(1), "U2", "no links here")));
        assertEquals(List.of("- Slack: #inc-2026-05-09-orders-api-returns-502"), section(md, "## Related"));
    }

    // ---- streaming and scale ---------------------------------------------------------------

    @Test
    void streamingAndStringRenderingAgree() throws IOException {
        List<TimelineEntry> entries = List.of(message(at(1), "U2", "a <https://x.io>"), message(at(2), "U3", "b"));
        StringWriter out = new StringWriter();
        RENDERER.render(resolvedP1(), entries, out);
        assertEquals(RENDERER.render(resolvedP1(), entries), out.toString());
    }

    @Test
    void rendersOneHundredThousandEntriesQuickly() {
        int n = 100_000;
        Instant start = Instant.parse("2026-05-09T00:00:00Z");
        Instant end = start.plusSeconds(n);
        Incident inc = incident(Severity.P1, "big one", "load", start, start, null, end);
        List<TimelineEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Kind kind = i % 10 == 0 ? Kind.BOT_MESSAGE : Kind.MESSAGE;
            String text = "msg " + i + " from <@U" + (i % 3 + 1) + "> cpu &gt; 90% <https://x.io/" + (i % 100)
                    + "|dash> 🔥" + (i % 7 == 0 ? "\nsecond line" : "");
            entries.add(new TimelineEntry(i, 7, kind, (start.getEpochSecond() + i) + ".000100",
                    i % 5 == 0 ? (start.getEpochSecond() + i - 1) + ".000100" : null,
                    "U" + (i % 3 + 1), "Alerting", text, text, start.plusSeconds(i), i % 11 == 0 ? start : null,
                    i % 13 == 0, i % 17 == 0, i % 19 == 0 ? List.of("f" + i + ".png") : List.of()));
        }
        RENDERER.render(inc, entries.subList(0, 1000)); // warm up
        long t0 = System.nanoTime();
        String md = RENDERER.render(inc, entries);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        // Only a guard against pathological (e.g. quadratic) slowdowns on a busy CI machine: the
        // real measurement, with a warm JVM and -Xmx256m, is the benchmark's job.
        assertTrue(millis < 20_000, "took " + millis + " ms");

        long expectedEntries = entries.stream().filter(e -> !e.deleted()).count();
        long entryLines = md.lines().filter(l -> l.startsWith("- ") && l.charAt(4) == ':' && l.contains(" — ")).count();
        assertEquals(expectedEntries, entryLines);
        assertTrue(md.contains("\n### 2026-05-09\n"));
        assertTrue(md.contains("\n\n### 2026-05-10\n"));
        assertTrue(md.contains("\n- 00:00 — @bob: msg 1 from @bob cpu > 90% [dash](https://x.io/1) 🔥\n"));
        assertTrue(md.contains("\n- 00:12 — ↳ Alerting (bot): msg 770 from @carol cpu > 90% [dash](https://x.io/70) 🔥\n"
                + "    second line _(edited)_\n"));
        assertFalse(md.contains("msg 0 from"), "entry 0 is deleted");
        // links in order of first appearance among non-deleted entries: x.io/1 … x.io/99 without the
        // multiples of 13 (deleted at first sight), then x.io/0, x.io/13, x.io/26 … from later entries
        List<String> expectedLinks = entries.stream().filter(e -> !e.deleted())
                .flatMap(e -> SlackText.links(e.text()).stream()).distinct().map(l -> "  - " + l)
                .collect(Collectors.toList());
        assertEquals(100, expectedLinks.size());
        assertEquals("  - https://x.io/1", expectedLinks.get(0));
        assertEquals("  - https://x.io/0", expectedLinks.get(92));
        List<String> related = section(md, "## Related");
        assertEquals(expectedLinks, related.subList(2, related.size()));
    }
}
