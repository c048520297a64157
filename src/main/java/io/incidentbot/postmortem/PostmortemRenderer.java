package io.incidentbot.postmortem;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.SlackTs;
import io.incidentbot.incident.TimelineEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Drafts a blameless postmortem in Markdown (the shape of {@code postmortem-template.md}): fills
 * in everything known from the incident and its timeline and leaves {@code _TODO_} prompts where
 * a person has to write. Streams line by line, so a timeline of 100,000 messages never becomes
 * one giant intermediate string. All times are UTC.
 */
public final class PostmortemRenderer {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final long SECONDS_PER_DAY = 86_400L;
    private static final long NO_DAY = Long.MIN_VALUE;

    static final String SEP = "  ·  ";
    static final String TODO = "_TODO_";
    static final String SUMMARY_TODO = "_TODO: what broke, for whom, why, and how it was fixed._";
    static final String ROOT_CAUSE_TODO = "_TODO: the systemic cause (a process or technical gap, not a person)._";
    static final String NO_MESSAGES = "- _No messages were captured._";
    static final String BOT_FALLBACK = "integration";
    static final String PIN = " 📌";
    static final String EDITED = " _(edited)_";
    static final String THREAD_REPLY = "↳ ";
    static final String CONTINUATION = "    ";
    /** How manual notes ({@code /incident note}) start in the timeline. */
    static final String NOTE_PREFIX = io.incidentbot.incident.IncidentService.NOTE_PREFIX;

    private final UserNames names;
    private final TtrTargets ttrTargets;

    public PostmortemRenderer(UserNames names) {
        this(names, TtrTargets.defaults());
    }

    public PostmortemRenderer(UserNames names, TtrTargets ttrTargets) {
        this.names = names == null ? UserNames.idsOnly() : names;
        this.ttrTargets = ttrTargets;
    }

    /** The whole draft as one string. */
    public String render(Incident incident, List<TimelineEntry> entries) {
        StringBuilder sb = new StringBuilder(4096 + (entries == null ? 0 : entries.size() * 96));
        try {
            render(incident, entries, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder never throws
        }
        return sb.toString();
    }

    /**
     * Writes the draft to {@code out}. {@code entries} are in time order (occurredAt, then ts);
     * deleted entries are skipped.
     */
    public void render(Incident incident, List<TimelineEntry> entries, Appendable out) throws IOException {
        render(new Input(incident, entries, List.of(), List.of()), out);
    }

    /** An earlier incident and its action items, to compare with the one being drafted. */
    public record PastIncident(Incident incident, List<ActionItem> actions) {
    }

    /**
     * What the learning loop adds to a draft: the incident's tags, and whether it is a near miss
     * (drafted in the short shape) with the label its severity shows as.
     */
    public record Learning(List<String> tags, boolean nearMiss, String nearMissLabel) {
        public static final Learning NONE = new Learning(List.of(), false, null);

        public Learning {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** Everything a draft is made from. */
    public record Input(Incident incident, List<TimelineEntry> entries, List<ActionItem> actions,
                        List<PastIncident> earlier, Learning learning) {

        public Input(Incident incident, List<TimelineEntry> entries, List<ActionItem> actions,
                     List<PastIncident> earlier) {
            this(incident, entries, actions, earlier, Learning.NONE);
        }

        public Input {
            learning = learning == null ? Learning.NONE : learning;
        }
    }

    public String render(Input input) {
        StringBuilder sb = new StringBuilder(4096 + (input.entries() == null ? 0 : input.entries().size() * 96));
        try {
            render(input, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder never throws
        }
        return sb.toString();
    }

    public void render(Input input, Appendable out) throws IOException {
        Incident incident = input.incident();
        List<TimelineEntry> entries = input.entries();
        List<ActionItem> actions = input.actions() == null ? List.of() : input.actions();
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(out, "out");
        List<TimelineEntry> timeline = entries == null ? List.of() : entries;
        UserNames cached = memoize(names);
        Instant start = incident.startedAt() != null ? incident.startedAt() : incident.openedAt();

        header(incident, start, cached, input.learning(), out);
        if (input.learning().nearMiss()) {
            nearMiss(incident, start, timeline, actions, cached, out);
            return;
        }

        out.append("\n## Summary\n");
        out.append(incident.summaryText().map(s -> prose(s, cached)).orElse(SUMMARY_TODO)).append('\n');

        out.append("\n## Impact\n");
        if (incident.impactText().isPresent()) {
            out.append(prose(incident.impact(), cached)).append('\n');
        }
        out.append("- Users affected: ").append(TODO).append('\n')
                .append("- Failed requests / errors: ").append(TODO).append('\n')
                .append("- Revenue impact: ").append(TODO).append('\n')
                .append("- SLO impact: ").append(TODO).append('\n');

        out.append("\n## Timeline (UTC)\n");
        Set<String> links = new LinkedHashSet<>();
        timeline(incident, start, timeline, cached, links, out);

        out.append("\n## Root cause\n");
        out.append(incident.rootCauseText().map(s -> prose(s, cached)).orElse(ROOT_CAUSE_TODO)).append('\n');

        out.append("\n## Why? (5 whys)\n");
        for (int i = 1; i <= 5; i++) {
            out.append(Integer.toString(i)).append(". Why …? ").append(TODO).append('\n');
        }

        out.append("\n## Contributing factors (fishbone)\n")
                .append("- People: _TODO_ · Process: _TODO_ · Technology: _TODO_ · Environment: _TODO_\n");

        out.append("\n## What went well\n- ").append(TODO).append('\n');
        out.append("\n## What went wrong\n- ").append(TODO).append('\n');

        actionItems(actions, cached, out);

        metrics(incident, out);

        out.append("\n## Related\n");
        out.append("- Slack: ").append(channel(incident)).append('\n');
        if (!links.isEmpty()) {
            out.append("- Links posted in the channel:\n");
            for (String link : links) {
                out.append("  - ").append(link).append('\n');
            }
        }

        similar(incident, input.earlier() == null ? List.of() : input.earlier(), out);
        review(incident, timeline, actions, cached, out);
    }

    private static void actionItems(List<ActionItem> actions, UserNames cached, Appendable out) throws IOException {
        out.append("\n## Action items\n")
                .append("| # | Action | Owner | Due | Status |\n")
                .append("|---|--------|-------|-----|--------|\n");
        if (actions.isEmpty()) {
            out.append("| 1 | _TODO: a specific, measurable action_ | _TODO: @owner_ | _TODO: YYYY-MM-DD_ | open |\n");
        }
        for (ActionItem item : actions) {
            out.append("| ").append(Integer.toString(item.number())).append(" | ")
                    .append(cell(prose(item.what(), cached))).append(" | ")
                    .append(item.ownerId() == null ? "_TODO: @owner_" : "@" + cell(cached.displayName(item.ownerId())))
                    .append(" | ").append(item.due() == null ? "_TODO: YYYY-MM-DD_" : item.due().toString())
                    .append(" | ").append(item.done() ? "done" : item.dropped() ? "dropped" : "open").append(" |\n");
        }
    }

    static final String NEAR_MISS_WHAT_TODO = "_TODO: what would have happened, and to whom, had it not been caught._";
    static final String NEAR_MISS_CAUGHT_TODO = "_TODO: the alert, check, test or observation that caught it, "
            + "and how close it came._";
    static final String NEAR_MISS_CHANGE_TODO = "_TODO: what makes this close call impossible, or caught earlier, "
            + "next time (the action items below)._";

    /** The short shape of a near miss: what almost happened, what caught it, what to change. */
    private void nearMiss(Incident incident, Instant start, List<TimelineEntry> timeline, List<ActionItem> actions,
                          UserNames cached, Appendable out) throws IOException {
        out.append("\n## What almost happened\n");
        out.append(incident.summaryText().map(s -> prose(s, cached)).orElse(NEAR_MISS_WHAT_TODO)).append('\n');
        if (incident.impactText().isPresent()) {
            out.append("\nPotential impact: ").append(prose(incident.impact(), cached)).append('\n');
        }
        if (incident.rootCauseText().isPresent()) {
            out.append("\nWhy it could happen: ").append(prose(incident.rootCause(), cached)).append('\n');
        }
        out.append("\n## What caught it\n").append(NEAR_MISS_CAUGHT_TODO).append('\n');
        out.append("\n## What to change\n").append(NEAR_MISS_CHANGE_TODO).append('\n');

        out.append("\n## Timeline (UTC)\n");
        Set<String> links = new LinkedHashSet<>();
        timeline(incident, start, timeline, cached, links, out);

        actionItems(actions, cached, out);

        out.append("\n## Related\n");
        out.append("- Slack: ").append(channel(incident)).append('\n');
        for (String link : links) {
            out.append("- ").append(link).append('\n');
        }
        review(incident, timeline, actions, cached, out);
    }

    static final int MAX_SIMILAR = 5;

    /** Earlier incidents that look alike: a repeat means their action items did not work. */
    private void similar(Incident incident, List<PastIncident> earlier, Appendable out) throws IOException {
        out.append("\n## Similar past incidents\n");
        Map<Long, PastIncident> byId = new HashMap<>();
        List<SimilarIncidents.Candidate> candidates = new java.util.ArrayList<>();
        for (PastIncident p : earlier) {
            byId.put(p.incident().id(), p);
            candidates.add(new SimilarIncidents.Candidate(p.incident().id(), p.incident().title(), p.incident().rootCause()));
        }
        List<SimilarIncidents.Match> matches = SimilarIncidents.find(
                new SimilarIncidents.Candidate(incident.id(), incident.title(), incident.rootCause()), candidates, MAX_SIMILAR);
        if (matches.isEmpty()) {
            out.append("- None found among earlier incidents.\n");
            return;
        }
        for (SimilarIncidents.Match m : matches) {
            PastIncident p = byId.get(m.id());
            Incident past = p.incident();
            long done = p.actions().stream().filter(ActionItem::done).count();
            out.append("- ").append(past.humanId()).append(" — ").append(oneLine(past.title()))
                    .append(" (").append(DATE.format(past.openedAt())).append(", ").append(past.severity().name())
                    .append("); shared: ").append(String.join(", ", new java.util.TreeSet<>(m.sharedWords())))
                    .append("; action items: ");
            if (p.actions().isEmpty()) {
                out.append("none were recorded");
            } else {
                out.append(Long.toString(done)).append(" of ").append(Integer.toString(p.actions().size())).append(" done");
            }
            out.append(". A repeat suggests its actions did not prevent this one.\n");
        }
    }

    /**
     * Blaming sentences (summary, impact, root cause, notes, action items) and action items that are
     * not SMART, each with a suggestion ({@link PostmortemReview}, which {@code /incident publish} uses too).
     * Meant to be cleared before the postmortem is published.
     */
    private void review(Incident incident, List<TimelineEntry> timeline, List<ActionItem> actions, UserNames cached,
                        Appendable out) throws IOException {
        List<PostmortemReview.Finding> findings = PostmortemReview.findings(incident, timeline, actions);
        out.append("\n## Review before publishing\n");
        if (findings.isEmpty()) {
            out.append("- Nothing flagged: no sentence blames a person, and every open action item has an owner, "
                    + "a due date and a specific verb.\n");
            return;
        }
        for (PostmortemReview.Finding f : findings) {
            out.append("- ").append(f.line(text -> prose(text, cached))).append('\n');
        }
    }

    /** Table cells: one line, pipes escaped. */
    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|");
    }

    private void header(Incident incident, Instant start, UserNames cached, Learning learning, Appendable out)
            throws IOException {
        String title = incident.title() == null || incident.title().isBlank()
                ? "_TODO: title_"
                : oneLine(SlackText.toMarkdown(incident.title(), cached));
        out.append(learning.nearMiss() ? "# Near miss: " : "# Incident: ").append(title).append("\n\n");

        String severity = learning.nearMiss() && learning.nearMissLabel() != null ? learning.nearMissLabel()
                : incident.severity() == null ? TODO : incident.severity().display();
        out.append("**ID:** ").append(incident.humanId())
                .append(SEP).append("**Status:** ").append(incident.status() == null ? TODO : incident.status().title())
                .append(SEP).append("**Severity:** ").append(severity)
                .append('\n');

        out.append("**Date:** ");
        if (start == null) {
            out.append(TODO).append(SEP).append("**Duration:** ").append(TODO);
        } else {
            DATE.formatTo(start, out);
            out.append(SEP).append("**Duration:** ");
            duration(start, incident.resolvedAt(), out);
        }
        out.append('\n');

        out.append("**Incident lead:** ")
                .append(incident.leadId() == null || incident.leadId().isBlank() ? TODO : "@" + name(cached, incident.leadId()))
                .append(SEP).append("**Author:** ").append(TODO)
                .append(SEP).append("**Reviewers:** ").append(TODO)
                .append('\n');

        out.append("**Channel:** ").append(channel(incident)).append('\n');
        if (!learning.tags().isEmpty()) {
            out.append("**Tags:** ").append(String.join(", ", learning.tags())).append('\n');
        }
    }

    private static void duration(Instant start, Instant resolved, Appendable out) throws IOException {
        if (resolved == null) {
            DATE_TIME.formatTo(start, out);
            out.append(" UTC – ongoing");
            return;
        }
        DateTimeFormatter f = day(start) == day(resolved) ? TIME : DATE_TIME;
        f.formatTo(start, out);
        out.append(" – ");
        f.formatTo(resolved, out);
        Duration length = Duration.between(start, resolved);
        out.append(" UTC (").append(Metrics.formatDuration(length.isNegative() ? Duration.ZERO : length)).append(')');
    }

    private static String channel(Incident incident) {
        String name = incident.channelName();
        return name == null || name.isBlank() ? "_not created yet_" : "#" + (name.startsWith("#") ? name.substring(1) : name);
    }

    private void timeline(Incident incident, Instant start, List<TimelineEntry> entries, UserNames cached,
                          Set<String> links, Appendable out) throws IOException {
        // First pass (cheap, no formatting): do the incident and its messages span UTC dates?
        long firstDay = start == null ? NO_DAY : day(start);
        boolean spansDays = incident.resolvedAt() != null && firstDay != NO_DAY && day(incident.resolvedAt()) != firstDay;
        boolean any = false;
        for (TimelineEntry e : entries) {
            if (e == null || e.deleted()) {
                continue;
            }
            any = true;
            if (!spansDays) {
                Instant at = when(e);
                if (at != null) {
                    long d = day(at);
                    if (firstDay == NO_DAY) {
                        firstDay = d;
                    } else if (d != firstDay) {
                        spansDays = true;
                    }
                }
            }
        }
        if (!any) {
            out.append(NO_MESSAGES).append('\n');
            return;
        }

        StringBuilder line = new StringBuilder(256);
        StringBuilder text = new StringBuilder(256);
        MinuteClock clock = new MinuteClock();
        long currentDay = NO_DAY;
        boolean firstHeading = true;
        for (TimelineEntry e : entries) {
            if (e == null || e.deleted()) {
                continue;
            }
            Instant at = when(e);
            if (spansDays && at != null && day(at) != currentDay) {
                currentDay = day(at);
                if (!firstHeading) {
                    out.append('\n');
                }
                firstHeading = false;
                out.append("### ");
                DATE.formatTo(at, out);
                out.append('\n');
            }
            line.setLength(0);
            text.setLength(0);
            entryLine(e, at == null ? "--:--" : clock.hhmm(at), cached, line, text, links);
            out.append(line);
        }
    }

    /** Builds "- HH:mm — [↳ ]who: text [files: …] _(edited)_ 📌\n" with continuation lines indented. */
    private static void entryLine(TimelineEntry e, String hhmm, UserNames cached, StringBuilder line,
                                  StringBuilder text, Set<String> links) {
        line.append("- ").append(hhmm).append(" — ");
        if (e.isThreadReply()) {
            line.append(THREAD_REPLY);
        }
        TimelineEntry.Kind kind = e.kind() == null ? TimelineEntry.Kind.MESSAGE : e.kind();
        boolean hasWho = kind != TimelineEntry.Kind.LIFECYCLE;
        if (kind == TimelineEntry.Kind.MESSAGE) {
            line.append('@').append(e.authorId() == null ? "unknown" : name(cached, e.authorId())).append(':');
        } else if (kind == TimelineEntry.Kind.BOT_MESSAGE) {
            String bot = e.authorName() == null || e.authorName().isBlank() ? BOT_FALLBACK : e.authorName().trim();
            line.append(bot).append(" (bot):");
        }

        SlackText.convert(e.text(), cached, text, links);
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--; // trailing blank lines would end the list item
        }
        int startText = 0;
        while (startText < end && (text.charAt(startText) == '\n' || text.charAt(startText) == '\r')) {
            startText++; // leading empty lines too
        }
        boolean wroteText = false;
        if (startText < end) {
            if (hasWho) {
                line.append(' ');
            }
            appendIndented(text, startText, end, line);
            wroteText = true;
        }

        List<String> files = e.files();
        if (files != null && !files.isEmpty()) {
            boolean open = false;
            for (String f : files) {
                if (f == null || f.isBlank()) {
                    continue;
                }
                if (!open) {
                    if (wroteText || hasWho) {
                        line.append(' ');
                    }
                    line.append("[files: ");
                    open = true;
                } else {
                    line.append(", ");
                }
                line.append(oneLine(f));
            }
            if (open) {
                line.append(']');
            }
        }
        if (e.isEdited()) {
            line.append(EDITED);
        }
        if (e.pinned()) {
            line.append(PIN);
        }
        line.append('\n');
    }

    /** Copies text[from, to), indenting every continuation line so it stays inside the list item. */
    private static void appendIndented(CharSequence text, int from, int to, StringBuilder out) {
        int lineStart = from;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append(text, lineStart, i).append('\n');
                if (c == '\r' && i + 1 < to && text.charAt(i + 1) == '\n') {
                    i++;
                }
                lineStart = i + 1;
                if (!isBlankLine(text, lineStart, to)) {
                    out.append(CONTINUATION);
                }
            }
        }
        out.append(text, lineStart, to);
    }

    private static boolean isBlankLine(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private void metrics(Incident incident, Appendable out) throws IOException {
        Metrics m = Metrics.of(incident);
        out.append("\n## Metrics\n");
        out.append("- TTD (start of impact → detection): ");
        measured(m.ttd(), "_not recorded_", Optional.of(Metrics.ttdTarget()), "< 5 min", out);
        out.append("- TTM (detection → mitigation): ");
        measured(m.ttm(), "_not recorded_", Optional.of(Metrics.ttmTarget()), "< 30 min", out);

        Severity severity = incident.severity();
        Optional<Duration> ttrTarget = ttrTargets.forSeverity(severity);
        String sev = severity == null ? "this severity" : severity.name();
        String target = ttrTarget.map(t -> "< " + Metrics.formatDuration(t) + " for " + sev).orElse(sev);
        out.append("- TTR (start of impact → resolution): ");
        measured(m.ttr(), "_open_", ttrTarget, target, out);
    }

    private static void measured(Optional<Duration> value, String missing, Optional<Duration> target,
                                 String targetText, Appendable out) throws IOException {
        out.append(value.map(Metrics::formatDuration).orElse(missing));
        if (target.isEmpty()) {
            out.append(" (no target for ").append(targetText).append(')');
        } else {
            out.append(" (target ").append(targetText).append(')');
            if (value.isPresent()) {
                out.append(Metrics.withinTarget(value.get(), target.get()) ? " ✅" : " ⚠️");
            }
        }
        out.append('\n');
    }

    /** "HH:mm" of consecutive entries, formatted once per minute (a busy minute has many messages). */
    private static final class MinuteClock {
        private long minute = Long.MIN_VALUE;
        private String text = "";

        String hhmm(Instant at) {
            long m = Math.floorDiv(at.getEpochSecond(), 60L);
            if (m != minute) {
                minute = m;
                text = TIME.format(at);
            }
            return text;
        }
    }

    private static Instant when(TimelineEntry e) {
        if (e.occurredAt() != null) {
            return e.occurredAt();
        }
        return e.ts() != null && SlackTs.isValid(e.ts()) ? SlackTs.toInstant(e.ts()) : null;
    }

    private static long day(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY);
    }

    private static String name(UserNames names, String userId) {
        String n = names.displayName(userId);
        if (n == null || n.isBlank()) {
            return userId;
        }
        return n.startsWith("@") ? n.substring(1) : n;
    }

    /** A free-text field (summary, root cause) as Markdown, without the blank lines around it. */
    private static String prose(String mrkdwn, UserNames names) {
        String md = SlackText.toMarkdown(mrkdwn, names).strip();
        return md.isEmpty() ? null : md;
    }

    private static String oneLine(String s) {
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** One lookup per distinct user per draft: a real resolver may call Slack. */
    private static UserNames memoize(UserNames names) {
        Map<String, String> cache = new HashMap<>();
        return id -> {
            if (id == null) {
                return "";
            }
            String n = cache.get(id);
            if (n == null) {
                n = names.displayName(id);
                if (n == null) {
                    n = id;
                }
                cache.put(id, n);
            }
            return n;
        };
    }
}
