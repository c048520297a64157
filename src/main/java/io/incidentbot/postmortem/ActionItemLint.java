package io.incidentbot.postmortem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a postmortem action item against the template's "SMART action items": it needs an owner,
 * a due date, and a specific, measurable action (no vague verbs such as <i>improve, look into,
 * investigate more, be careful</i>).
 */
public final class ActionItemLint {

    static final String EXAMPLE = "Add a prod-sized migration test for tables > 1M rows";
    static final int MIN_WORDS = 3;

    private ActionItemLint() {
    }

    /** A vague wording and how to make it specific; {@code %s} is the wording as written. */
    private record Vague(Pattern pattern, String advice) {
    }

    private static final List<Vague> VAGUE = List.of(
            vague("\\b(?:improve|improves|improved|improving|improvement|improvements)\\b",
                    "say what will exist when it is done, e.g. 'Add an alert when pool usage > 80%'"),
            vague("\\blook(?:s|ing)?\\s+into\\b",
                    "name the question and the deliverable, e.g. 'Find which query held the lock and file a"
                            + " ticket with the fix'"),
            vague("\\binvestigate\\s+(?:more|further)\\b",
                    "name the question and the deliverable, e.g. 'Write up why the pool reached 100 connections"
                            + " and propose a limit'"),
            vague("\\bbe\\s+(?:more\\s+)?careful\\b",
                    "add a safeguard that makes the mistake hard instead, e.g. 'Require a second approver for"
                            + " production migrations'"),
            vague("(?<!\\b(?:a|an|the|new|synthetic|uptime|one|this|that)\\s)\\bmonitor\\b"
                            + "|\\b(?:keep|continue)\\s+monitoring\\b",
                    "say which signal, which threshold and who is alerted, e.g. 'Alert #oncall when p99 latency"
                            + " > 500 ms for 5 minutes'"),
            vague("\\bconsider(?:ing)?\\b",
                    "decide and say what will be done, e.g. 'Move session storage to a replicated cache'"),
            vague("\\btry\\s+(?:to|and)\\b",
                    "state the outcome, e.g. 'Cut deploy time to under 10 minutes'"),
            vague("\\bmake\\s+sure\\b",
                    "say what mechanism ensures it, e.g. 'Add a CI check that fails when a migration locks a"
                            + " table > 1M rows'"),
            vague("\\bbetter\\b",
                    "give a measurable target, e.g. 'Keep checkout p99 below 300 ms'"),
            vague("\\bfix\\s+(?:stuff|things)\\b",
                    "name what will be fixed and how you will know, e.g. 'Fix the retry loop in the payment worker"
                            + " and add a test for it'"));

    private static Vague vague(String regex, String advice) {
        return new Vague(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), advice);
    }

    /**
     * The problems with an action item, as human-readable lines; empty when it is SMART.
     * Missing owner and due date come first, then a missing or too short action, then each vague
     * wording in the order it appears.
     *
     * @param what    the action, e.g. "Add a prod-sized migration test for tables > 1M rows"
     * @param ownerId the owner (a Slack user id or @name); null or blank when nobody owns it
     * @param due     the due date, or null
     */
    public static List<String> problems(String what, String ownerId, LocalDate due) {
        List<String> problems = new ArrayList<>();
        if (ownerId == null || ownerId.isBlank()) {
            problems.add("no owner: add @someone");
        }
        if (due == null) {
            problems.add("no due date: add due YYYY-MM-DD");
        }
        String text = what == null ? "" : what.strip();
        int words = wordCount(text);
        if (words == 0) {
            problems.add("no action: say what will be done, e.g. '" + EXAMPLE + "'");
            return Collections.unmodifiableList(problems);
        }
        if (words < MIN_WORDS) {
            problems.add("too short (" + words + (words == 1 ? " word" : " words")
                    + "): say what will be done and how you will know it is done, e.g. '" + EXAMPLE + "'");
        }
        problems.addAll(vagueWordings(text));
        return Collections.unmodifiableList(problems);
    }

    private record Hit(int at, String message) {
    }

    private static List<String> vagueWordings(String text) {
        List<Hit> hits = new ArrayList<>();
        for (Vague v : VAGUE) {
            Matcher m = v.pattern.matcher(text);
            if (m.find()) {
                String wording = m.group().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                String kind = wording.equals("monitor") ? "'monitor' alone is vague: " : "'" + wording + "' is vague: ";
                hits.add(new Hit(m.start(), kind + v.advice));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::at));
        List<String> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            out.add(h.message);
        }
        return out;
    }

    /** Whitespace-separated words that hold at least one letter or digit. */
    static int wordCount(String text) {
        int count = 0;
        for (String w : text.strip().split("\\s+")) {
            for (int i = 0; i < w.length(); i++) {
                if (Character.isLetterOrDigit(w.charAt(i))) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }
}
