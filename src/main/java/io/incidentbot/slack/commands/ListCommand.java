package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;

import java.time.Clock;
import java.util.List;

/** {@code /incident list}: open incidents, then the last few resolved; private ones only in their own channel. */
public final class ListCommand implements Subcommand {
    static final int LIMIT = 15;
    private final IncidentService service;
    private final Clock clock;

    public ListCommand(IncidentService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String syntax() {
        return "list";
    }

    @Override
    public String description() {
        return "open incidents and the last few resolved";
    }

    @Override
    public String run(Invocation inv, String args) {
        Replies.Listed listed = Replies.visibleIn(service.recent(LIMIT), inv.channelId());
        List<Incident> recent = listed.shown();
        if (recent.isEmpty() && listed.hiddenPrivate() == 0) {
            return "No incidents yet. Declare one with `/incident open <title>`.";
        }
        StringBuilder sb = new StringBuilder(Replies.openIncidents(recent, clock));
        List<Incident> resolved = recent.stream().filter(Incident::isResolved).toList();
        if (!resolved.isEmpty()) {
            sb.append("\nRecently resolved:");
            resolved.forEach(i -> sb.append("\n• ").append(Replies.line(i, clock)));
        }
        return sb.append(listed.hiddenNote()).toString();
    }
}
