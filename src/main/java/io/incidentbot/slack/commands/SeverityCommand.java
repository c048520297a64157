package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Severity;
import io.incidentbot.flow.IncidentUpdates;

import java.time.Clock;
import java.util.Optional;

/** {@code /incident severity <P1|P2|P3|P4>}: escalations to P1/P2 are also told under the announcement. */
public final class SeverityCommand extends InIncidentCommand {
    private final IncidentUpdates updates;

    public SeverityCommand(IncidentService service, IncidentUpdates updates, Clock clock) {
        super(service, clock);
        this.updates = updates;
    }

    @Override
    public String name() {
        return "severity";
    }

    @Override
    public String syntax() {
        return "severity <P1|P2|P3|P4>";
    }

    @Override
    public String description() {
        return "change the severity (P1 critical … P4 low)";
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        Optional<Severity> severity = Severity.parse(args);
        if (severity.isEmpty()) {
            StringBuilder sb = new StringBuilder(":warning: Severity must be P1, P2, P3 or P4"
                    + (args.isEmpty() ? "" : " (got `" + args + "`)") + ":");
            for (Severity s : Severity.values()) {
                sb.append("\n• *").append(s.display()).append("* — ").append(s.definition());
            }
            return sb.toString();
        }
        Severity to = severity.get();
        if (to == incident.severity()) {
            return ":information_source: *" + incident.humanId() + "* is already " + to.display() + ".";
        }
        Incident changed = updates.changeSeverity(incident, inv.userId(), to);
        return ":white_check_mark: *" + changed.humanId() + "* is now *" + to.display() + "*: " + to.definition() + ".";
    }
}
