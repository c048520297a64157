package io.incidentbot.web;

import io.incidentbot.incident.Incident;
import io.incidentbot.postmortem.Metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write times (always UTC) and durations. */
final class Formats {
    static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private Formats() {
    }

    static String dateTime(Instant at) {
        return at == null ? "—" : DATE_TIME.format(at);
    }

    /** {@code <time>} with the machine-readable instant; the label is escaped here. */
    static String time(Instant at, String label) {
        return at == null ? "" : "<time datetime=\"" + Html.esc(ISO.format(at)) + "\">" + Html.esc(label) + "</time>";
    }

    /** "1h 24m" once resolved; "ongoing (35m)" while open. */
    static String duration(Incident incident, Instant now) {
        Instant start = incident.startedAt() != null ? incident.startedAt() : incident.openedAt();
        if (start == null) {
            return "—";
        }
        if (incident.resolvedAt() != null) {
            return Metrics.formatDuration(Duration.between(start, incident.resolvedAt()));
        }
        return "ongoing (" + Metrics.formatDuration(Duration.between(start, now)) + ")";
    }
}
