package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Status;
import io.incidentbot.flow.IncidentUpdates;

import java.time.Clock;
import java.util.Optional;

/** {@code /incident status <investigating|identified|monitoring|resolved>}. */
public final class StatusCommand extends InIncidentCommand {
    private final IncidentUpdates updates;
    private final ResolveCommand resolve;

    public StatusCommand(IncidentService service, IncidentUpdates updates, ResolveCommand resolve, Clock clock) {
        super(service, clock);
        this.updates = updates;
        this.resolve = resolve;
    }

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String syntax() {
        return "status <investigating|identified|monitoring|resolved>";
    }

    @Override
    public String description() {
        return "move the incident along (the first `monitoring` records mitigation; `resolved` resolves)";
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        Optional<Status> status = Status.parse(args);
        if (status.isEmpty()) {
            return ":warning: Status must be one of investigating, identified, monitoring or resolved"
                    + (args.isEmpty() ? "" : " (got `" + args + "`)") + ". " + usageHint();
        }
        if (status.get() == Status.RESOLVED) {
            return resolve.run(inv, "");
        }
        if (status.get() == incident.status()) {
            return ":information_source: *" + incident.humanId() + "* is already " + incident.status().display() + ".";
        }
        Incident changed = updates.changeStatus(incident, inv.userId(), status.get());
        return ":white_check_mark: *" + changed.humanId() + "* is now " + changed.status().display() + ".";
    }
}
