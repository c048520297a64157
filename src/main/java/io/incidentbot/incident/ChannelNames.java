package io.incidentbot.incident;

import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names of incident channels: {@code inc-YYYY-MM-DD-<slug-of-title>}, following Slack's rules
 * (lower case letters, digits, hyphens; at most 80 characters).
 */
public final class ChannelNames {
    public static final int MAX_LENGTH = 80;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final Pattern SLACK_ENTITY = Pattern.compile("<[@#!][^|>]*\\|([^>]*)>|<([^|>]*)\\|([^>]*)>|<[^>]*>");
    /**
     * Emoji shortcodes as Slack writes them ({@code :fire:}, {@code :+1::skin-tone-2:}), standing as a
     * word's start: they are pictures, not words, so they leave the name as emoji characters do.
     * A time such as {@code 10:30:00} or {@code error:timeout:} inside a word is not one.
     */
    private static final Pattern SHORTCODES = Pattern.compile(
            "(?<![^\\s(\\[\"'])(?::[a-z0-9_+'-]+:)+",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9]+");

    private ChannelNames() {
    }

    /**
     * The channel name for an incident; {@code attempt} 1 is the plain name, 2 and on add "-2", "-3"…
     * (used when Slack answers {@code name_taken}). The suffix always fits within 80 characters.
     */
    public static String forIncident(Instant openedAt, String title, long incidentId, int attempt) {
        String prefix = "inc-" + DATE.format(openedAt) + "-";
        String slug = slug(title);
        if (slug.isEmpty()) {
            slug = Long.toString(incidentId);
        }
        String suffix = attempt <= 1 ? "" : "-" + attempt;
        int room = MAX_LENGTH - prefix.length() - suffix.length();
        if (slug.length() > room) {
            slug = slug.substring(0, room).replaceAll("-+$", "");
        }
        return prefix + slug + suffix;
    }

    /** Lower-case ASCII words joined by hyphens; accents dropped, Slack markup reduced to its label. */
    static String slug(String title) {
        if (title == null) {
            return "";
        }
        String readable = SLACK_ENTITY.matcher(SHORTCODES.matcher(title).replaceAll(" ")).replaceAll(m ->
                java.util.regex.Matcher.quoteReplacement(m.group(1) != null ? m.group(1)
                        : m.group(3) != null ? m.group(3) : " "))
                .replace("&amp;", " and ").replace("&lt;", " ").replace("&gt;", " ");
        String ascii = MARKS.matcher(Normalizer.normalize(readable, Normalizer.Form.NFKD)).replaceAll("");
        return NOT_ALLOWED.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-").replaceAll("^-+|-+$", "");
    }
}
