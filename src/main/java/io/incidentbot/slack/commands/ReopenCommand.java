package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.flow.IncidentUpdates;

import java.time.Clock;

/** {@code /incident reopen}: a resolved incident turned out not to be over. */
public final class ReopenCommand extends InIncidentCommand {
    private final IncidentUpdates updates;

    public ReopenCommand(IncidentService service, IncidentUpdates updates, Clock clock) {
        super(service, clock);
        this.updates = updates;
    }

    @Override
    public String name() {
        return "reopen";
    }

    @Override
    public String syntax() {
        return "reopen";
    }

    @Override
    public String description() {
        return "reopen a resolved incident";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        if (!incident.isResolved()) {
            return ":information_source: *" + incident.humanId() + "* is not resolved.";
        }
        Incident reopened = updates.reopen(incident, inv.userId());
        return ":white_check_mark: *" + reopened.humanId() + "* is open again (investigating).";
    }
}
