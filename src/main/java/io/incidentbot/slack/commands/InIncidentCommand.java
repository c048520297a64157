package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.metrics.LogContext;

import java.time.Clock;
import java.util.Optional;

/** A subcommand that acts on the incident whose channel it is typed in. */
abstract class InIncidentCommand implements Subcommand {
    protected final IncidentService service;
    protected final Clock clock;

    InIncidentCommand(IncidentService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Override
    public final String run(Invocation inv, String args) {
        Optional<Incident> incident = service.forChannel(inv.teamId(), inv.channelId());
        if (incident.isEmpty()) {
            return ":information_source: `/incident " + name() + "` works inside an incident's channel; this is not one.\n"
                    + Replies.openIncidents(Replies.visibleIn(service.recent(ListCommand.LIMIT), inv.channelId()).shown(),
                    clock);
        }
        LogContext.incident(incident.get().id());
        return runIn(incident.get(), inv, args.strip());
    }

    /** Whether the command may act on a resolved incident (most may not). */
    protected boolean allowedWhenResolved() {
        return false;
    }

    abstract String act(Incident incident, Invocation inv, String args);

    private String runIn(Incident incident, Invocation inv, String args) {
        if (incident.isResolved() && !allowedWhenResolved()) {
            return ":information_source: *" + incident.humanId() + "* is resolved. Use `/incident reopen` first if "
                    + "it is not over, or `/incident set …` and `/incident postmortem` to work on the write-up.";
        }
        return act(incident, inv, args);
    }

    /** The usage line, for replies to malformed arguments. */
    protected String usageHint() {
        return "Usage: " + usage();
    }
}
