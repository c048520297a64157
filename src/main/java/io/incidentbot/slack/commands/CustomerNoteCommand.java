package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.postmortem.CustomerNote;

import java.time.Clock;

/** {@code /incident customer-note}: a customer-facing text, without internal names, to edit and send. */
public final class CustomerNoteCommand extends InIncidentCommand {

    public CustomerNoteCommand(IncidentService service, Clock clock) {
        super(service, clock);
    }

    @Override
    public String name() {
        return "customer-note";
    }

    @Override
    public String syntax() {
        return "customer-note";
    }

    @Override
    public String description() {
        return "draft a customer-facing note (no internal names), to review and send";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        return "*Customer-facing note for " + incident.humanId() + "* — review it, fill in the _TODO_, then send:\n```\n"
                + CustomerNote.draft(incident).strip() + "\n```";
    }
}
