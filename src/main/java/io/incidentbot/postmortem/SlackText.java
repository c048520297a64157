package io.incidentbot.postmortem;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Converts Slack mrkdwn, as Slack stores it (with {@code & < >} escaped as {@code &amp; &lt; &gt;}),
 * into readable Markdown. A single hand-written scan, no regular expressions per call: it is used
 * for every line of a timeline that can hold 100,000 messages.
 *
 * <p>Only {@code <}, {@code >} and {@code &} are ever looked at; every other character (emoji,
 * right-to-left text, zero-width joiners, characters outside the BMP) is copied untouched.
 */
public final class SlackText {

    private static final DateTimeFormatter DATE_FALLBACK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private SlackText() {
    }

    /** The text as Markdown; {@code ""} for null. */
    public static String toMarkdown(String mrkdwn, UserNames names) {
        if (mrkdwn == null || mrkdwn.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(mrkdwn.length() + 16);
        convert(mrkdwn, names, out, null);
        return out.toString();
    }

    /** The http/https URLs linked in the text ({@code <url>} and {@code <url|label>}), in order, once each. */
    public static List<String> links(String mrkdwn) {
        if (mrkdwn == null || mrkdwn.isEmpty()) {
            return List.of();
        }
        Set<String> found = new LinkedHashSet<>();
        collectLinks(mrkdwn, found);
        return List.copyOf(found);
    }

    /** Adds the http/https URLs in {@code mrkdwn} to {@code into} (which decides about duplicates). */
    static void collectLinks(String mrkdwn, Collection<String> into) {
        if (mrkdwn == null) {
            return;
        }
        int n = mrkdwn.length();
        int i = 0;
        while (i < n) {
            int open = mrkdwn.indexOf('<', i);
            if (open < 0) {
                return;
            }
            int close = controlEnd(mrkdwn, open);
            if (close < 0) {
                i = open + 1;
                continue;
            }
            int bar = indexOf(mrkdwn, '|', open + 1, close);
            int targetEnd = bar < 0 ? close : bar;
            if (isHttp(mrkdwn, open + 1, targetEnd)) {
                into.add(unescape(mrkdwn, open + 1, targetEnd));
            }
            i = close + 1;
        }
    }

    /**
     * Appends the Markdown form of {@code mrkdwn} to {@code out}; when {@code links} is not null,
     * the http/https URLs found are added to it as well.
     */
    static void convert(String mrkdwn, UserNames names, StringBuilder out, Collection<String> links) {
        if (mrkdwn == null) {
            return;
        }
        if (mrkdwn.indexOf('`') < 0) {
            int from = out.length();
            convertText(mrkdwn, names, out, links);
            Formatting.apply(out, from);
            return;
        }
        // Code (```block``` and `inline`) is kept literal: no links, mentions, emoji or formatting inside.
        int n = mrkdwn.length();
        int i = 0;
        while (i < n) {
            int tick = mrkdwn.indexOf('`', i);
            if (tick < 0) {
                tick = n;
            }
            if (tick > i) {
                int from = out.length();
                convertText(mrkdwn.substring(i, tick), names, out, links);
                Formatting.apply(out, from);
            }
            if (tick >= n) {
                return;
            }
            boolean fence = mrkdwn.startsWith("```", tick);
            String delimiter = fence ? "```" : "`";
            int close = mrkdwn.indexOf(delimiter, tick + delimiter.length());
            if (close < 0) {
                int from = out.length();
                convertText(mrkdwn.substring(tick), names, out, links);
                Formatting.apply(out, from);
                return;
            }
            unescapeTo(mrkdwn, tick, close + delimiter.length(), out);
            i = close + delimiter.length();
        }
    }

    private static void convertText(String mrkdwn, UserNames names, StringBuilder out, Collection<String> links) {
        int n = mrkdwn.length();
        int i = 0;
        while (i < n) {
            int open = mrkdwn.indexOf('<', i);
            if (open < 0) {
                unescapeTo(mrkdwn, i, n, out);
                return;
            }
            unescapeTo(mrkdwn, i, open, out);
            int close = controlEnd(mrkdwn, open);
            if (close < 0) {
                out.append('<');
                i = open + 1;
                continue;
            }
            if (!control(mrkdwn, open + 1, close, names, out, links)) {
                // Not something Slack produces; keep it as it was written.
                out.append('<');
                unescapeTo(mrkdwn, open + 1, close, out);
                out.append('>');
            }
            i = close + 1;
        }
    }

    /** The index of the {@code >} closing the control at {@code open}, or -1 when it is not a control. */
    private static int controlEnd(String s, int open) {
        int n = s.length();
        for (int j = open + 1; j < n; j++) {
            char c = s.charAt(j);
            if (c == '>') {
                return j > open + 1 ? j : -1;
            }
            if (c == '<' || c == '\n' || c == '\r') {
                return -1;
            }
        }
        return -1;
    }

    /** Converts one {@code <…>} control (content between from and to); false when it is not one. */
    private static boolean control(String s, int from, int to, UserNames names, StringBuilder out,
                                   Collection<String> links) {
        int bar = indexOf(s, '|', from, to);
        int targetEnd = bar < 0 ? to : bar;
        String label = bar < 0 ? null : unescape(s, bar + 1, to);
        char first = s.charAt(from);
        switch (first) {
            case '@' -> {
                String id = s.substring(from + 1, targetEnd);
                out.append('@').append(userName(id, label, names));
                return true;
            }
            case '#' -> {
                String id = s.substring(from + 1, targetEnd);
                out.append('#').append(label != null && !label.isBlank() ? stripPrefix(label, '#') : id);
                return true;
            }
            case '!' -> {
                special(s.substring(from + 1, targetEnd), label, out);
                return true;
            }
            default -> {
                if (!hasScheme(s, from, targetEnd)) {
                    return false;
                }
                String url = unescape(s, from, targetEnd);
                boolean http = isHttp(s, from, targetEnd);
                if (http && links != null) {
                    links.add(url);
                }
                if (startsWithIgnoreCase(s, from, targetEnd, "mailto:")) {
                    out.append(label != null && !label.isBlank() ? label : url.substring("mailto:".length()));
                } else if (label == null || label.isBlank() || label.equals(url)) {
                    out.append(url);
                } else {
                    out.append('[');
                    appendLinkLabel(label, out);
                    out.append("](");
                    appendLinkTarget(url, out);
                    out.append(')');
                }
                return true;
            }
        }
    }

    private static String userName(String id, String label, UserNames names) {
        String name = names == null ? null : names.displayName(id);
        if (name != null) {
            name = stripPrefix(name, '@');
        }
        boolean unknown = name == null || name.isBlank() || name.equals(id);
        if (unknown && label != null && !label.isBlank()) {
            return stripPrefix(label, '@');
        }
        return unknown ? id : name;
    }

    /** {@code <!here>}, {@code <!subteam^S1|@oncall>}, {@code <!date^…|fallback>} and friends. */
    private static void special(String command, String label, StringBuilder out) {
        int caret = command.indexOf('^');
        String name = caret < 0 ? command : command.substring(0, caret);
        String arg = caret < 0 ? "" : command.substring(caret + 1);
        boolean hasLabel = label != null && !label.isBlank();
        switch (name) {
            case "here", "channel", "everyone" -> out.append('@').append(name);
            case "subteam" -> {
                if (hasLabel) {
                    out.append('@').append(stripPrefix(label, '@'));
                } else {
                    int c = arg.indexOf('^');
                    out.append('@').append(c < 0 ? arg : arg.substring(0, c));
                }
            }
            case "date" -> {
                if (hasLabel) {
                    out.append(label);
                } else {
                    int c = arg.indexOf('^');
                    String epoch = c < 0 ? arg : arg.substring(0, c);
                    try {
                        DATE_FALLBACK.formatTo(Instant.ofEpochSecond(Long.parseLong(epoch.trim())), out);
                    } catch (RuntimeException e) {
                        out.append(epoch);
                    }
                }
            }
            default -> {
                if (hasLabel) {
                    out.append(label);
                } else {
                    out.append('@').append(name);
                }
            }
        }
    }

    private static void appendLinkLabel(String label, StringBuilder out) {
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
    }

    private static void appendLinkTarget(String url, StringBuilder out) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == ' ') {
                out.append("%20");
            } else {
                out.append(c);
            }
        }
    }

    private static String stripPrefix(String s, char prefix) {
        return !s.isEmpty() && s.charAt(0) == prefix ? s.substring(1) : s;
    }

    private static int indexOf(String s, char c, int from, int to) {
        for (int j = from; j < to; j++) {
            if (s.charAt(j) == c) {
                return j;
            }
        }
        return -1;
    }

    /** True when s[from, to) starts with a URI scheme such as {@code https:} or {@code mailto:}. */
    private static boolean hasScheme(String s, int from, int to) {
        if (from >= to || !isAsciiLetter(s.charAt(from))) {
            return false;
        }
        for (int j = from + 1; j < to; j++) {
            char c = s.charAt(j);
            if (c == ':') {
                return j + 1 < to;
            }
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return false;
    }

    private static boolean isHttp(String s, int from, int to) {
        return (startsWithIgnoreCase(s, from, to, "https://") && to - from > 8)
                || (startsWithIgnoreCase(s, from, to, "http://") && to - from > 7);
    }

    private static boolean startsWithIgnoreCase(String s, int from, int to, String prefix) {
        return to - from >= prefix.length() && s.regionMatches(true, from, prefix, 0, prefix.length());
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String unescape(String s, int from, int to) {
        if (indexOf(s, '&', from, to) < 0) {
            return s.substring(from, to);
        }
        StringBuilder sb = new StringBuilder(to - from);
        unescapeTo(s, from, to, sb);
        return sb.toString();
    }

    /**
     * Appends s[from, to) with {@code &lt;}, {@code &gt;} and {@code &amp;} decoded, in one pass,
     * so {@code &amp;lt;} becomes {@code &lt;} (as when {@code &amp;} is replaced last).
     */
    private static void unescapeTo(String s, int from, int to, StringBuilder out) {
        int start = from;
        for (int j = from; j < to; j++) {
            if (s.charAt(j) != '&') {
                continue;
            }
            char decoded;
            int length;
            if (s.startsWith("&amp;", j) && j + 5 <= to) {
                decoded = '&';
                length = 5;
            } else if (s.startsWith("&lt;", j) && j + 4 <= to) {
                decoded = '<';
                length = 4;
            } else if (s.startsWith("&gt;", j) && j + 4 <= to) {
                decoded = '>';
                length = 4;
            } else {
                continue;
            }
            out.append(s, start, j).append(decoded);
            j += length - 1;
            start = j + 1;
        }
        out.append(s, start, to);
    }
}
