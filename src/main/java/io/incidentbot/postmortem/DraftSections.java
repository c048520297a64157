package io.incidentbot.postmortem;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a draft written from what the conversation suggests ({@link DraftFacts}): each
 * suggestion is marked as suggested and names its source (time, author, Slack permalink); nothing here
 * replaces what a person set.
 */
final class DraftSections {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final Duration UPDATE_EVERY = Duration.ofMinutes(30);
    static final int MAX_SUGGESTED_ACTIONS = 20;

    private final Incident incident;
    private final DraftFacts facts;
    private final UserNames names;
    private final List<ActionItem> typed;

    DraftSections(Incident incident, DraftFacts facts, UserNames names, List<ActionItem> typed) {
        this.incident = incident;
        this.facts = facts;
        this.names = names;
        this.typed = typed;
    }

    // ---- marks ---------------------------------------------------------------------------

    /** " _(suggested from @sam.k at 00:26 UTC, [message](link))_" */
    String mark(Suggested<?> s) {
        return " _(suggested" + from(s.source()) + ")_";
    }

    /** " from @sam.k at 00:26 UTC, [message](link)" — who, when, and where to read it. */
    String from(Source src) {
        StringBuilder sb = new StringBuilder(" from ");
        sb.append(src.fromBot() ? src.botName() + " (bot)" : "@" + name(src.authorId()));
        sb.append(" at ").append(TIME.format(src.at())).append(" UTC");
        String link = src.permalink(incident.channelId());
        if (link != null) {
            sb.append(", [message](").append(link).append(')');
        }
        return sb.toString();
    }

    String name(String id) {
        if (id == null) {
            return "unknown";
        }
        String n = names.displayName(id);
        n = n == null || n.isBlank() ? id : n;
        return n.startsWith("@") ? n.substring(1) : n;
    }

    private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]+)>");

    /** Plain extracted text as Markdown: mentions as @name, one line, table-safe when asked. */
    String text(String plain) {
        Matcher m = MENTION.matcher(plain == null ? "" : plain);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement("@" + name(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString().replace("\r", " ").replace("\n", " ").strip();
    }

    /** "@name" of a fact, with its suggestion mark, or {@code none}. */
    String person(DraftFacts.Fact<String> fact, String none) {
        if (!fact.known()) {
            return none;
        }
        return "@" + name(fact.value()) + (fact.suggested() ? mark(fact.suggestion()) : "");
    }

    // ---- summary -------------------------------------------------------------------------

    /** The generated summary (2–4 sentences), or null when too little is known to say anything. */
    String summary() {
        String title = incident.title() == null ? "" : text(Utterance.plain(incident.title()));
        Instant start = facts.started.value();
        Instant end = facts.mitigated.value() != null ? facts.mitigated.value() : facts.resolved;
        List<String> sentences = new ArrayList<>();
        if (start != null && end != null) {
            sentences.add("Between " + TIME.format(start) + " and " + TIME.format(end) + " UTC: " + title + ".");
        } else if (start != null) {
            sentences.add("From " + TIME.format(start) + " UTC: " + title + ".");
        } else {
            sentences.add(title + " (the start of impact is unknown).");
        }
        Instant detected = facts.detected.value();
        StringBuilder second = new StringBuilder();
        if (detected != null) {
            second.append(facts.detectedByAlert != null ? facts.detectedByAlert + " detected it at "
                    : "It was noticed by people (no alert) at ").append(TIME.format(detected));
        }
        Optional<Suggested<String>> key = facts.suggestions.keyDecision();
        if (key.isPresent()) {
            second.append(second.length() == 0 ? "The team decided to " : "; the team decided to ")
                    .append(decisionWords(key.get().value())).append(" at ").append(TIME.format(key.get().source().at()));
            if (detected != null) {
                Duration after = Duration.between(detected, key.get().source().at());
                if (!after.isNegative()) {
                    second.append(", ").append(Metrics.formatDuration(after)).append(" after detection");
                }
            }
        }
        if (facts.mitigated.value() != null) {
            second.append(second.length() == 0 ? "Mitigated at " : "; mitigated at ").append(TIME.format(facts.mitigated.value()));
        }
        if (facts.resolved != null) {
            second.append(second.length() == 0 ? "Resolved at " : "; resolved at ").append(TIME.format(facts.resolved));
        }
        if (second.length() > 0) {
            sentences.add(second.append('.').toString());
        }
        return String.join(" ", sentences);
    }

    private static final Pattern DECISION_CUE = Pattern.compile("(?i)^\\W*(?:decision|decided|plan|결정)\\s*[:：-]\\s*");

    /** "Decision: roll back orders-api to v2.40.3. …" → "roll back orders-api to v2.40.3" */
    String decisionWords(String sentence) {
        String s = DECISION_CUE.matcher(sentence).replaceFirst("");
        s = s.replaceFirst("(?i)^(?:ok(?:ay)?,?\\s+)?(?:we(?:'ve| have)?\\s+decided\\s+to|let'?s|we(?:'ll| will)|we'?re going to|"
                + "i'?m going to|i'?ll|going with)\\s+", "");
        s = text(s);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    // ---- impact ----------------------------------------------------------------------------

    void impact(Appendable out) throws IOException {
        List<Suggested<ImpactQuantities.Quantity>> all = facts.suggestions.impact();
        line(out, "Users affected", ImpactQuantities.Kind.USERS, all);
        line(out, "Failed requests / errors", ImpactQuantities.Kind.ERRORS, all);
        line(out, "Revenue impact", ImpactQuantities.Kind.MONEY, all);
        out.append("- SLO impact: ").append(PostmortemRenderer.TODO).append('\n');
        List<Suggested<ImpactQuantities.Quantity>> other = all.stream()
                .filter(s -> s.value().kind() == ImpactQuantities.Kind.OTHER).toList();
        for (Suggested<ImpactQuantities.Quantity> s : other) {
            out.append("- ").append(text(s.quote())).append(mark(s)).append('\n');
        }
    }

    private void line(Appendable out, String label, ImpactQuantities.Kind kind,
                      List<Suggested<ImpactQuantities.Quantity>> all) throws IOException {
        List<Suggested<ImpactQuantities.Quantity>> mine = all.stream().filter(s -> s.value().kind() == kind).toList();
        out.append("- ").append(label).append(": ");
        if (mine.isEmpty()) {
            out.append(PostmortemRenderer.TODO).append('\n');
            return;
        }
        if (mine.size() == 1) {
            out.append("\"").append(text(mine.get(0).quote())).append("\"").append(mark(mine.get(0))).append('\n');
            return;
        }
        out.append("_TODO: from these suggestions_\n");
        for (Suggested<ImpactQuantities.Quantity> s : mine) {
            out.append("  - \"").append(text(s.quote())).append("\"").append(mark(s)).append('\n');
        }
    }

    // ---- decisions ---------------------------------------------------------------------------

    void decisions(Appendable out) throws IOException {
        out.append("\n## Decisions during the incident\n");
        List<Suggested<String>> decisions = facts.suggestions.decisions();
        if (decisions.isEmpty()) {
            out.append("- None found in the conversation.\n");
            return;
        }
        out.append("_For each: was it right, and was it fast enough?_\n");
        Instant detected = facts.detected.value();
        for (Suggested<String> d : decisions) {
            out.append("- ").append(TIME.format(d.source().at()));
            if (detected != null && !d.source().at().isBefore(detected)) {
                out.append(" (").append(Metrics.formatDuration(Duration.between(detected, d.source().at())))
                        .append(" after detection)");
            }
            out.append(" — ").append(text(d.value())).append(mark(d)).append('\n');
        }
    }

    // ---- root cause -------------------------------------------------------------------------

    void rootCauseCandidates(Appendable out) throws IOException {
        List<Suggested<String>> candidates = facts.suggestions.rootCauses();
        if (candidates.isEmpty()) {
            return;
        }
        out.append("\nCandidates from the conversation (confirm one with `/incident set rootcause …`):\n");
        for (Suggested<String> c : candidates) {
            out.append("- \"").append(text(c.value())).append("\"").append(mark(c)).append('\n');
        }
    }

    // ---- what went well / wrong --------------------------------------------------------------

    record WellWrong(List<String> well, List<String> wrong) {
    }

    WellWrong wellWrong(TtrTargets targets) {
        List<String> well = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        DraftFacts.Measure ttd = facts.ttd();
        String derived = " _(derived)_";
        if (ttd.value().isPresent()) {
            String d = Metrics.formatDuration(ttd.value().get());
            (Metrics.withinTarget(ttd.value().get(), Metrics.ttdTarget()) ? well : wrong)
                    .add("Detected " + d + " after impact began (target < 5 min)." + derived);
        } else {
            wrong.add("The start of impact is unknown, so time to detect cannot be measured." + derived);
        }
        if (facts.detectedByAlert != null) {
            well.add("Monitoring caught it: " + facts.detectedByAlert + " alerted at " + TIME.format(facts.detected.value())
                    + " UTC." + derived);
        } else if (facts.detected.known()) {
            wrong.add("No alert fired: people noticed it first, at " + TIME.format(facts.detected.value()) + " UTC." + derived);
        }
        Optional<Suggested<String>> first = facts.suggestions.keyDecision();
        if (first.isPresent() && facts.detected.known() && !first.get().source().at().isBefore(facts.detected.value())) {
            Duration toDecision = Duration.between(facts.detected.value(), first.get().source().at());
            (toDecision.compareTo(Duration.ofMinutes(15)) <= 0 ? well : wrong).add("First decision "
                    + Metrics.formatDuration(toDecision) + " after detection (\"" + decisionWords(first.get().value()) + "\")."
                    + derived);
        }
        DraftFacts.Measure ttm = facts.ttm();
        if (ttm.value().isPresent()) {
            String d = Metrics.formatDuration(ttm.value().get());
            (Metrics.withinTarget(ttm.value().get(), Metrics.ttmTarget()) ? well : wrong)
                    .add("Mitigated " + d + " after detection (target < 30 min)." + derived);
        }
        DraftFacts.Measure ttr = facts.ttr();
        Optional<Duration> ttrTarget = targets.forSeverity(incident.severity());
        if (ttr.value().isPresent() && ttrTarget.isPresent()) {
            (Metrics.withinTarget(ttr.value().get(), ttrTarget.get()) ? well : wrong).add("Resolved "
                    + Metrics.formatDuration(ttr.value().get()) + " after impact began (target < "
                    + Metrics.formatDuration(ttrTarget.get()) + ")." + derived);
        }
        String updates = missedUpdates();
        if (updates != null) {
            wrong.add(updates + derived);
        }
        return new WellWrong(well, wrong);
    }

    /** Gaps of more than 30 minutes without a stakeholder update while the impact lasted, or null. */
    String missedUpdates() {
        Instant from = facts.detected.value();
        Instant to = facts.mitigated.value() != null ? facts.mitigated.value() : facts.resolved;
        if (from == null || to == null || !to.isAfter(from.plus(UPDATE_EVERY))) {
            return null;
        }
        int gaps = 0;
        Instant last = from;
        for (Instant u : facts.updates) {
            if (u.isBefore(from) || u.isAfter(to)) {
                continue;
            }
            if (Duration.between(last, u).compareTo(UPDATE_EVERY) > 0) {
                gaps++;
            }
            last = u;
        }
        if (Duration.between(last, to).compareTo(UPDATE_EVERY) > 0) {
            gaps++;
        }
        if (gaps == 0) {
            return null;
        }
        return facts.updates.isEmpty()
                ? "No stakeholder update (`/incident update`) in " + Metrics.formatDuration(Duration.between(from, to))
                        + " of impact; one is expected every 30 minutes."
                : gaps + " stretch" + (gaps == 1 ? "" : "es") + " of more than 30 minutes without a stakeholder update.";
    }

    // ---- action items ----------------------------------------------------------------------

    /** Suggested follow-ups that no typed action item already covers. */
    List<SuggestedAction> openActions() {
        List<SuggestedAction> out = new ArrayList<>();
        for (SuggestedAction a : facts.suggestions.actions()) {
            boolean covered = typed.stream().anyMatch(t -> covers(t.what(), a.what()));
            if (!covered && out.size() < MAX_SUGGESTED_ACTIONS) {
                out.add(a);
            }
        }
        return out;
    }

    private static boolean covers(String typed, String suggested) {
        int shared = ActionItemMentions.shared(typed, suggested);
        int words = Math.max(1, Math.min(typed.split("\\s+").length, suggested.split("\\s+").length));
        return shared * 2 >= words;
    }

    /** One table row per suggested follow-up, numbered after the typed ones and SMART-linted like them. */
    void actionRows(List<SuggestedAction> suggested, int firstNumber, Appendable out) throws IOException {
        int n = firstNumber;
        for (SuggestedAction a : suggested) {
            String what = text(a.what());
            if (a.reference() != null) {
                what += " (" + a.reference() + ")";
            }
            out.append("| ").append(Integer.toString(n++)).append(" | ").append(cell(what)).append(" _(suggested")
                    .append(cell(from(a.source()))).append(")_ | ")
                    .append(a.ownerId() == null ? "_TODO: @owner_" : "@" + cell(name(a.ownerId()))).append(" | ")
                    .append(a.due() == null ? "_TODO: YYYY-MM-DD_" : a.due().toString()).append(" | suggested |\n");
        }
    }

    static String cell(String text) {
        return text.replace("\n", " ").replace("|", "\\|");
    }

    // ---- metrics -----------------------------------------------------------------------------

    void metrics(TtrTargets targets, Appendable out) throws IOException {
        out.append("\n## Metrics\n");
        out.append("- TTD (start of impact → detection): ");
        measured(facts.ttd(), !facts.started.known(), "_not recorded_", Optional.of(Metrics.ttdTarget()), "< 5 min", out);
        out.append("- TTM (detection → mitigation): ");
        measured(facts.ttm(), false, "_not recorded_", Optional.of(Metrics.ttmTarget()), "< 30 min", out);
        Severity severity = incident.severity();
        Optional<Duration> ttrTarget = targets.forSeverity(severity);
        String sev = severity == null ? "this severity" : severity.name();
        String target = ttrTarget.map(t -> "< " + Metrics.formatDuration(t) + " for " + sev).orElse(sev);
        out.append("- TTR (start of impact → resolution): ");
        measured(facts.ttr(), !facts.started.known(), facts.resolved == null ? "_open_" : "_not recorded_", ttrTarget, target, out);
        List<String> notes = new ArrayList<>();
        if (facts.started.suggested()) {
            notes.add("start of impact " + TIME.format(facts.started.value()) + from(facts.started.suggestion().source()));
        }
        if (facts.detected.suggested()) {
            notes.add("detection " + TIME.format(facts.detected.value()) + from(facts.detected.suggestion().source()));
        }
        if (facts.mitigated.suggested()) {
            notes.add("mitigation " + TIME.format(facts.mitigated.value()) + from(facts.mitigated.suggestion().source()));
        }
        if (!notes.isEmpty()) {
            out.append("- _Figures marked * rest on suggested times (set them with `/incident started|detected|mitigated`): ")
                    .append(String.join("; ", notes)).append("._\n");
        }
        if (!facts.started.known()) {
            out.append("- _The start of impact is unknown: nothing set it and the conversation does not say when it began "
                    + "(`/incident started HH:MM`)._\n");
        }
    }

    private static void measured(DraftFacts.Measure m, boolean startUnknown, String missing, Optional<Duration> target,
                                 String targetText, Appendable out) throws IOException {
        out.append(m.value().map(Metrics::formatDuration).orElse(startUnknown ? "unknown" : missing));
        if (m.value().isPresent() && m.suggested()) {
            out.append('*');
        }
        if (target.isEmpty()) {
            out.append(" (no target for ").append(targetText).append(')');
        } else {
            out.append(" (target ").append(targetText).append(')');
            if (m.value().isPresent()) {
                out.append(Metrics.withinTarget(m.value().get(), target.get()) ? " ✅" : " ⚠️");
            }
        }
        out.append('\n');
    }

    // ---- review --------------------------------------------------------------------------------

    /** Review lines about what is still to write, unknown metrics and suggestions nobody confirmed. */
    List<String> review(List<String> unwritten, List<SuggestedAction> openActions) {
        List<String> lines = new ArrayList<>();
        if (!unwritten.isEmpty()) {
            boolean gate = incident.severity() == Severity.P1 || incident.severity() == Severity.P2;
            lines.add("Not written yet: " + String.join(", ", unwritten)
                    + (gate ? " — a " + incident.severity().name() + " postmortem is not published until Summary, Impact, "
                    + "Root cause and Action items are written (`/incident publish --anyway` overrides)." : "."));
        }
        if (facts.ttd().value().isEmpty()) {
            lines.add("Unknown metric: TTD" + (facts.started.known() ? " (detection not recorded)" : " (start of impact unknown)"));
        }
        if (facts.ttm().value().isEmpty()) {
            lines.add("Unknown metric: TTM (mitigation not recorded)");
        }
        if (facts.ttr().value().isEmpty()) {
            lines.add("Unknown metric: TTR" + (facts.started.known() ? " (not resolved)" : " (start of impact unknown)"));
        }
        suggestion(lines, "incident lead", facts.lead);
        suggestion(lines, "comms", facts.comms);
        suggestion(lines, "scribe", facts.scribe);
        suggestion(lines, "author", facts.author);
        time(lines, "start of impact", facts.started);
        time(lines, "detection", facts.detected);
        time(lines, "mitigation", facts.mitigated);
        if (incident.summaryText().isEmpty()) {
            lines.add("Open suggestion: the generated summary (confirm or rewrite with `/incident set summary …`)");
        }
        if (incident.impactText().isEmpty()) {
            for (Suggested<ImpactQuantities.Quantity> s : facts.suggestions.impact()) {
                lines.add("Open suggestion: impact \"" + text(s.quote()) + "\"" + from(s.source()));
            }
        }
        if (incident.rootCauseText().isEmpty()) {
            for (Suggested<String> s : facts.suggestions.rootCauses()) {
                lines.add("Open suggestion: root cause candidate \"" + text(s.value()) + "\"" + from(s.source()));
            }
        }
        for (Suggested<String> d : facts.suggestions.decisions()) {
            lines.add("Open suggestion: decision \"" + text(d.value()) + "\"" + from(d.source()));
        }
        for (SuggestedAction a : openActions) {
            lines.add("Open suggestion: action item \"" + text(a.what()) + "\"" + from(a.source())
                    + " (add it with `/incident action …`)");
            for (String problem : ActionItemLint.problems(a.what(), a.ownerId(), a.due())) {
                lines.add("Suggested action item (\"" + text(a.what()) + "\"): " + problem);
            }
        }
        return lines;
    }

    private void suggestion(List<String> lines, String role, DraftFacts.Fact<String> fact) {
        if (fact.suggested()) {
            lines.add("Open suggestion: " + role + " @" + name(fact.value()) + from(fact.suggestion().source()));
        }
    }

    private void time(List<String> lines, String what, DraftFacts.Fact<Instant> fact) {
        if (fact.suggested()) {
            lines.add("Open suggestion: " + what + " " + DATE_TIME.format(fact.value()) + " UTC" + from(fact.suggestion().source()));
        }
    }
}
