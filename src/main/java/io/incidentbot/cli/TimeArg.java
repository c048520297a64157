package io.incidentbot.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time typed on the command line: an ISO-8601 instant ({@code 2026-05-09T14:00:00Z}), a
 * date-time with an offset ({@code 2026-05-09T16:00+02:00}), a date-time without one (UTC), or a date
 * (UTC). The time counts to the precision it was written with, so {@code --to 2026-05-10} takes in
 * all of May 10 and {@code --to 2026-05-10T00:45} all of that minute.
 */
record TimeArg(Instant start, ChronoUnit precision) {
    private static final Pattern FORMAT = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:[Tt ](\\d{2}:\\d{2})(?::(\\d{2})(\\.\\d{1,9})?)?)?\\s*(Z|z|UTC|[+-]\\d{2}(?::?\\d{2})?)?");

    static Optional<TimeArg> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.parse(m.group(1));
            String hm = m.group(2);
            String zone = m.group(5);
            if (hm == null) {
                if (zone != null && !zone.equalsIgnoreCase("Z") && !zone.equals("UTC")) {
                    return Optional.empty(); // "2026-05-09+02:00" is not a thing people mean
                }
                return Optional.of(new TimeArg(date.atStartOfDay().toInstant(ZoneOffset.UTC), ChronoUnit.DAYS));
            }
            String seconds = m.group(3);
            String fraction = m.group(4);
            LocalTime time = LocalTime.parse(hm + (seconds == null ? "" : ":" + seconds)
                    + (fraction == null ? "" : fraction));
            ChronoUnit precision = seconds == null ? ChronoUnit.MINUTES
                    : fraction == null ? ChronoUnit.SECONDS : ChronoUnit.NANOS;
            ZoneOffset offset = zone == null || zone.equalsIgnoreCase("Z") || zone.equals("UTC")
                    ? ZoneOffset.UTC : ZoneOffset.of(zone.length() == 3 ? zone + ":00" : zone);
            return Optional.of(new TimeArg(LocalDateTime.of(date, time).toInstant(offset), precision));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The first instant this time stands for (a --from bound, inclusive). */
    Instant from() {
        return start;
    }

    /** The first instant after the time this stands for (a --to bound, exclusive). */
    Instant until() {
        return start.plus(1, precision);
    }
}
