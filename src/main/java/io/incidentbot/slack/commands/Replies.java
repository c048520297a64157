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

    /** The incidents a list typed in {@code channelId} may name, and how many private ones it leaves out. */
    record Listed(List<Incident> shown, int hiddenPrivate) {
        /** "" or a line such as "_2 private incidents not shown._" */
        String hiddenNote() {
            return hiddenPrivate == 0 ? "" : "\n_" + hiddenPrivate + " private incident" + (hiddenPrivate == 1 ? "" : "s")
                    + " not shown (a private incident is listed only in its own channel)._";
        }
    }

    /**
     * Slash command answers are seen by whoever typed them, anywhere: a private incident is named
     * only inside its own channel, where everyone reading may know of it.
     */
    static Listed visibleIn(List<Incident> incidents, String channelId) {
        List<Incident> shown = incidents.stream()
                .filter(i -> !i.isPrivate() || i.channelId() != null && i.channelId().equals(channelId))
                .toList();
        return new Listed(shown, incidents.size() - shown.size());
    }
}
