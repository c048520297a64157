package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentFilter;
import io.incidentbot.incident.IncidentService;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/** {@code /incident list}: open incidents, then the last few resolved; private ones only in their own channel. */
public final class ListCommand implements Subcommand {
    static final int LIMIT = 15;
    private final IncidentService service;
    private final Clock clock;
    /** WEB_BASE_URL (no trailing slash), or null: then "…and N more" links nowhere. */
    private final String webBaseUrl;

    public ListCommand(IncidentService service, Clock clock) {
        this(service, clock, null);
    }

    public ListCommand(IncidentService service, Clock clock, String webBaseUrl) {
        this.service = service;
        this.clock = clock;
        this.webBaseUrl = webBaseUrl;
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
        long shownOpen = recent.stream().filter(i -> !i.isResolved()).count();
        int more = openVisibleIn(inv) - (int) shownOpen;
        if (more > 0) {
            sb.append("\n…and ").append(more).append(" more open")
                    .append(webBaseUrl == null ? "" : ": <" + webBaseUrl + "/?status=open|see them all>");
        }
        List<Incident> resolved = recent.stream().filter(Incident::isResolved).toList();
        if (!resolved.isEmpty()) {
            sb.append("\nRecently resolved:");
            resolved.forEach(i -> sb.append("\n• ").append(Replies.line(i, clock)));
        }
        return sb.append(listed.hiddenNote()).toString();
    }

    /** Open incidents this channel's list may name: public ones, and its own if it is private. */
    private int openVisibleIn(Invocation inv) {
        Set<Long> own = service.forChannel(inv.teamId(), inv.channelId()).filter(Incident::isPrivate)
                .map(i -> Set.of(i.id())).orElse(Set.of());
        return service.count(new IncidentFilter(IncidentFilter.open(), Set.of())
                .visibleAs(IncidentFilter.Visibility.publicAnd(own)));
    }
}
