package io.incidentbot.slack.commands;

import io.incidentbot.incident.Severity;

import java.util.Locale;
import java.util.Optional;

/**
 * Parses {@code [--sev P1] [--near-miss] [--private] <title> [| <summary>]}. The summary separator is the first {@code |}
 * outside Slack's {@code <…|…>} markup, so a mention in the title does not split it. {@code severityGiven}
 * says whether {@code --sev} was there (a near miss has no severity unless given); {@code isPrivate}
 * whether {@code --private} was.
 */
record OpenArgs(String title, String summary, Severity severity, boolean here, String since, boolean nearMiss,
                boolean severityGiven, boolean isPrivate) {

    OpenArgs(String title, String summary, Severity severity) {
        this(title, summary, severity, false, null, false, false, false);
    }

    /** Either parsed arguments or an error message meant for the user. */
    record Result(OpenArgs args, String error) {
        static Result error(String message) {
            return new Result(null, message);
        }
    }

    static Result parse(String text) {
        String rest = text == null ? "" : text.strip();
        Severity severity = Severity.DEFAULT;
        boolean here = false;
        String since = null;
        boolean nearMiss = false;
        boolean severityGiven = false;
        boolean isPrivate = false;
        while (rest.startsWith("--") || rest.startsWith("—")) {
            String[] parts = rest.split("\\s+", 2);
            String option = parts[0].replace("—", "--").toLowerCase(Locale.ROOT);
            if (option.equals("--here")) {
                here = true;
                rest = parts.length > 1 ? parts[1].strip() : "";
                continue;
            }
            if (option.equals("--private")) {
                isPrivate = true;
                rest = parts.length > 1 ? parts[1].strip() : "";
                continue;
            }
            if (option.equals("--near-miss") || option.equals("--nearmiss")) {
                nearMiss = true;
                rest = parts.length > 1 ? parts[1].strip() : "";
                continue;
            }
            String value = null;
            int eq = option.indexOf('=');
            if (eq > 0) {
                value = parts[0].substring(parts[0].indexOf('=') + 1);
                option = option.substring(0, eq);
                rest = parts.length > 1 ? parts[1] : "";
            } else if (parts.length > 1) {
                String[] more = parts[1].split("\\s+", 2);
                value = more[0];
                rest = more.length > 1 ? more[1] : "";
            } else {
                rest = "";
            }
            if (option.equals("--sev") || option.equals("--severity")) {
                Optional<Severity> parsed = Severity.parse(value);
                if (parsed.isEmpty()) {
                    return Result.error("Severity must be P1, P2, P3 or P4"
                            + (value == null ? "" : " (got `" + value + "`)")
                            + ", e.g. `/incident open --sev P1 Checkout is down`.");
                }
                severity = parsed.get();
                severityGiven = true;
            } else if (option.equals("--since")) {
                if (value == null) {
                    return Result.error("`--since` needs a UTC time, e.g. `/incident open --here --since 13:40 <title>`.");
                }
                since = value;
            } else {
                return Result.error("Unknown option `" + option + "`. Try `/incident open --sev P1 <title>`, "
                        + "`/incident open --private <title>` or `/incident open --near-miss <title>`.");
            }
            rest = rest.strip();
        }
        int bar = separator(rest);
        String title = (bar < 0 ? rest : rest.substring(0, bar)).strip();
        String summary = bar < 0 ? null : rest.substring(bar + 1).strip();
        if (title.isEmpty()) {
            return Result.error("An incident needs a title: `/incident open <title> [| <summary>]`, e.g. "
                    + "`/incident open Orders API returns 502 | checkout is down for ~35% of users`.");
        }
        if (since != null && !here) {
            return Result.error("`--since` goes with `--here`: `/incident open --here --since 13:40 <title>` adopts this "
                    + "channel and reads its history since 13:40 UTC.");
        }
        return new Result(new OpenArgs(title, summary == null || summary.isEmpty() ? null : summary, severity, here,
                since, nearMiss, severityGiven, isPrivate), null);
    }

    private static int separator(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>' && depth > 0) {
                depth--;
            } else if (c == '|' && depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
