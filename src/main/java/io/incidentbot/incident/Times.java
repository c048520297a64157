package io.incidentbot.incident;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times people type, always UTC: {@code HH:MM} is the most recent such time that is not in the
 * future; {@code YYYY-MM-DD HH:MM} (or ISO-8601 {@code 2026-05-09T14:10Z}) is exact.
 */
public final class Times {
    private static final Pattern CLOCK = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");
    private static final Pattern DATE_CLOCK = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T]([01]?\\d|2[0-3]):([0-5]\\d)(?::[0-5]\\d)?Z?");

    private Times() {
    }

    /** A parsed time and the rest of the text after it. */
    public record Parsed(Instant at, String rest) {
    }

    /** Parses a time at the start of {@code text}; empty when it does not start with one. */
    public static Optional<Parsed> leading(String text, Instant now) {
        String t = text == null ? "" : text.strip();
        Matcher dc = DATE_CLOCK.matcher(t);
        if (dc.lookingAt() && endsToken(t, dc.end())) {
            try {
                LocalDateTime ldt = LocalDateTime.of(LocalDate.parse(dc.group(1)),
                        LocalTime.of(Integer.parseInt(dc.group(2)), Integer.parseInt(dc.group(3))));
                return Optional.of(new Parsed(ldt.toInstant(ZoneOffset.UTC), t.substring(dc.end()).strip()));
            } catch (java.time.DateTimeException e) {
                return Optional.empty();
            }
        }
        Matcher c = CLOCK.matcher(t);
        if (c.lookingAt() && endsToken(t, c.end())) {
            LocalTime time = LocalTime.of(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)));
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            Instant at = LocalDateTime.of(today, time).toInstant(ZoneOffset.UTC);
            if (at.isAfter(now)) {
                at = LocalDateTime.of(today.minusDays(1), time).toInstant(ZoneOffset.UTC);
            }
            return Optional.of(new Parsed(at, t.substring(c.end()).strip()));
        }
        return Optional.empty();
    }

    /** Parses text that must be exactly a time. */
    public static Optional<Instant> exact(String text, Instant now) {
        return leading(text, now).filter(p -> p.rest().isEmpty()).map(Parsed::at);
    }

    private static boolean endsToken(String t, int end) {
        return end == t.length() || Character.isWhitespace(t.charAt(end));
    }
}
