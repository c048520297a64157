package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.flow.IncidentUpdates;

import java.time.Clock;

/** {@code /incident update <text>}: a status update for stakeholders, in the channel and under the announcement. */
public final class UpdateCommand extends InIncidentCommand {
    private final IncidentUpdates notifier;

    public UpdateCommand(IncidentService service, IncidentUpdates notifier, Clock clock) {
        super(service, clock);
        this.notifier = notifier;
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
        Incident updated = service.postUpdate(incident, inv.userId(), args);
        String text = ":mega: *Update on " + updated.humanId() + "* (" + updated.severity().name() + " · "
                + updated.status().display() + ") from <@" + inv.userId() + ">: " + args;
        notifier.inChannel(updated, text);
        notifier.inAnnouncementThread(updated, text);
        return ":white_check_mark: Update posted.";
    }
}
