package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.postmortem.Metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Short texts several commands share. */
final class Replies {
    private Replies() {
    }

    static String channelLink(Incident i) {
        return i.channelId() == null ? "_(channel being created)_" : "<#" + i.channelId() + ">";
    }

    /** "INC-42 · P1 · investigating · 2h · #inc-…" */
    static String line(Incident i, Clock clock) {
        String age = i.isResolved()
                ? "resolved after " + i.duration().map(Metrics::formatDuration).orElse("?")
                : "open for " + Metrics.formatDuration(Duration.between(i.openedAt(), clock.instant()));
        return "*" + i.humanId() + "* " + i.title() + " · " + i.severity().name() + " · " + i.status().display()
                + " · " + age + " · " + channelLink(i);
    }

    static String openIncidents(List<Incident> recent, Clock clock) {
        List<Incident> open = recent.stream().filter(i -> !i.isResolved()).toList();
        if (open.isEmpty()) {
            return "There are no open incidents. Declare one with `/incident open <title>`.";
        }
        StringBuilder sb = new StringBuilder("Open incidents:");
        open.forEach(i -> sb.append("\n• ").append(line(i, clock)));
        return sb.toString();
    }
}
