package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentRuleException;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.flow.PostmortemPublisher;
import io.incidentbot.flow.ResolveIncident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** {@code /incident resolve [<root cause>]}, typed in the incident's channel: resolves and drafts the postmortem. */
public final class ResolveCommand extends InIncidentCommand {
    private static final Logger log = LoggerFactory.getLogger(ResolveCommand.class);

    private final ResolveIncident resolving;

    public ResolveCommand(IncidentService service, ResolveIncident resolving, Clock clock) {
        super(service, clock);
        this.resolving = resolving;
    }

    @Override
    public String name() {
        return "resolve";
    }

    @Override
    public String syntax() {
        return "resolve [<root cause>]";
    }

    @Override
    public String description() {
        return "in an incident channel: mark it resolved and draft the postmortem";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        if (incident.isResolved()) {
            return ":information_source: *" + incident.humanId() + "* is already resolved; its draft postmortem "
                    + "was posted in this channel as `" + PostmortemPublisher.fileName(incident) + "`.";
        }
        Incident resolved;
        try {
            resolved = resolving.resolve(incident, inv.userId(), args);
        } catch (IncidentRuleException.AlreadyResolved alreadyResolved) {
            return ":information_source: *" + incident.humanId() + "* was just resolved by someone else.";
        }
        log.info("{} resolved by {}", resolved.humanId(), inv.userId());
        return ":white_check_mark: Resolving *" + resolved.humanId() + "* — the draft postmortem will appear in "
                + "this channel in a moment.";
    }
}
