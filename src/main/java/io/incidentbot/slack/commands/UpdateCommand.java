package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.flow.IncidentUpdates;

import java.time.Clock;

/** {@code /incident update <text>}: a status update for stakeholders, in the channel and under the announcement. */
public final class UpdateCommand extends InIncidentCommand {
    private final IncidentUpdates updates;

    public UpdateCommand(IncidentService service, IncidentUpdates updates, Clock clock) {
        super(service, clock);
        this.updates = updates;
    }

    @Override
    public String name() {
        return "update";
    }

    @Override
    public String syntax() {
        return "update <text>";
    }

    @Override
    public String description() {
        return "a status update for stakeholders (channel + announcement thread); expected every 30 min";
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        if (args.isBlank()) {
            return ":warning: What is the update? e.g. `/incident update Rolled back; error rate falling`.";
        }
        updates.postUpdate(incident, inv.userId(), args);
        return ":white_check_mark: Update posted.";
    }
}
