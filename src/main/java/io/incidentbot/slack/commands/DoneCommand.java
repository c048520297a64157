package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;

import java.time.Clock;

/** {@code /incident done <n>}: closes action item n. */
public final class DoneCommand extends InIncidentCommand {

    public DoneCommand(IncidentService service, Clock clock) {
        super(service, clock);
    }

    @Override
    public String name() {
        return "done";
    }

    @Override
    public String syntax() {
        return "done <n>";
    }

    @Override
    public String description() {
        return "close action item n";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        int number;
        try {
            number = Integer.parseInt(args.replace("#", "").strip());
        } catch (NumberFormatException e) {
            return ":warning: Which item? Give its number, e.g. `/incident done 2` (see `/incident actions`).";
        }
        if (!service.completeAction(incident, inv.userId(), number)) {
            return ":information_source: *" + incident.humanId() + "* has no open action item " + number
                    + "; `/incident actions` lists them.";
        }
        return ":white_check_mark: Action item " + number + " of *" + incident.humanId() + "* is done.";
    }
}
