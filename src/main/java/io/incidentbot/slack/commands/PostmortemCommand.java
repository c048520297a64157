package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.flow.ResolveIncident;

import java.time.Clock;

/** {@code /incident postmortem}: re-drafts from the current data as a new version (old ones are kept). */
public final class PostmortemCommand extends InIncidentCommand {
    private final ResolveIncident resolving;

    public PostmortemCommand(IncidentService service, ResolveIncident resolving, Clock clock) {
        super(service, clock);
        this.resolving = resolving;
    }

    @Override
    public String name() {
        return "postmortem";
    }

    @Override
    public String syntax() {
        return "postmortem";
    }

    @Override
    public String description() {
        return "draft the postmortem again from the current data (also before resolve, e.g. for a near miss)";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        resolving.redraft(incident);
        return ":memo: Drafting the postmortem of *" + incident.humanId() + "* again — it will appear here in a moment.";
    }
}
