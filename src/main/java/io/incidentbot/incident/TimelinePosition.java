package io.incidentbot.incident;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of a timeline ends: the last entry's time and id, so the next page starts right
 * after it however many entries arrive meanwhile (a position, never an offset). Shown in links as
 * {@code <epoch millis>-<id>}.
 */
public record TimelinePosition(Instant at, long id) {
    private static final Pattern SHOWN = Pattern.compile("(-?\\d{1,18})-(\\d{1,18})");

    public static TimelinePosition after(TimelineEntry entry) {
        return new TimelinePosition(entry.occurredAt(), entry.id());
    }

    /** The position a link shows, or empty when {@code text} is not one (a hand-edited URL). */
    public static Optional<TimelinePosition> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SHOWN.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new TimelinePosition(Instant.ofEpochMilli(Long.parseLong(m.group(1))),
                Long.parseLong(m.group(2))));
    }

    @Override
    public String toString() {
        return at.toEpochMilli() + "-" + id;
    }
}
