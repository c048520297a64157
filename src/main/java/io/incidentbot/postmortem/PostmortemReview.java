package io.incidentbot.postmortem;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.TimelineEntry;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The review a postmortem must pass before it is published: sentences that blame a person (in the
 * summary, impact, root cause, notes and action items) and open action items that are not SMART.
 * The draft's "Review before publishing" section and {@code /incident publish} use the same findings.
 */
public final class PostmortemReview {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private PostmortemReview() {
    }

    /**
     * One finding. {@code quote} is the text as stored (Slack mrkdwn); {@link #line} formats it.
     *
     * @param where   "the summary", "a note at 14:10 UTC", "action item 2" (blame) or "Action item 2" (SMART)
     * @param quote   the flagged sentence or the action item's text
     * @param problem what is wrong and how to fix it
     * @param blame   a blaming sentence (else an action item that is not SMART)
     */
    public record Finding(String where, String quote, String problem, boolean blame) {

        /** The finding as one line, with the quote passed through {@code quoted} (e.g. to Markdown). */
        public String line(UnaryOperator<String> quoted) {
            String q = oneLine(quoted.apply(quote));
            return blame
                    ? "In " + where + ": \"" + q + "\" — " + problem
                    : where + " (\"" + q + "\"): " + problem;
        }
    }

    /** Every finding, in the order the draft lists them; empty when the postmortem may be published. */
    public static List<Finding> findings(Incident incident, List<TimelineEntry> timeline, List<ActionItem> actions) {
        List<Finding> out = new ArrayList<>();
        blame("the summary", incident.summary(), out);
        blame("the impact", incident.impact(), out);
        blame("the root cause", incident.rootCause(), out);
        for (TimelineEntry e : timeline == null ? List.<TimelineEntry>of() : timeline) {
            if (!e.deleted() && e.kind() == TimelineEntry.Kind.LIFECYCLE && e.text().startsWith(IncidentService.NOTE_PREFIX)) {
                String note = e.text().substring(IncidentService.NOTE_PREFIX.length());
                blame("a note at " + TIME.format(e.occurredAt()) + " UTC", note.substring(note.indexOf(": ") + 2), out);
            }
        }
        for (ActionItem item : actions == null ? List.<ActionItem>of() : actions) {
            blame("action item " + item.number(), item.what(), out);
            if (item.isOpen()) {
                for (String problem : ActionItemLint.problems(item.what(), item.ownerId(), item.due())) {
                    out.add(new Finding("Action item " + item.number(), item.what(), problem, false));
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static void blame(String where, String text, List<Finding> out) {
        for (BlamelessLint.Finding f : BlamelessLint.check(text)) {
            out.add(new Finding(where, f.sentence(), f.reason() + ". " + f.suggestion(), true));
        }
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
