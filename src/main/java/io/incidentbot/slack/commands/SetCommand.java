package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Section;

import java.time.Clock;
import java.util.Optional;

/** {@code /incident set <summary|impact|rootcause> <text>}: fills the postmortem's sections, before or after resolve. */
public final class SetCommand extends InIncidentCommand {

    public SetCommand(IncidentService service, Clock clock) {
        super(service, clock);
    }

    @Override
    public String name() {
        return "set";
    }

    @Override
    public String syntax() {
        return "set <summary|impact|rootcause> <text>";
    }

    @Override
    public String description() {
        return "write a postmortem section (then `/incident postmortem` re-drafts)";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        String[] parts = args.split("\\s+", 2);
        Optional<Section> section = Section.parse(parts[0]);
        if (section.isEmpty() || parts.length < 2 || parts[1].isBlank()) {
            return ":warning: " + usageHint() + " — e.g. `/incident set impact ~35% of checkouts failed for 80 minutes`.";
        }
        service.setSection(incident, inv.userId(), section.get(), parts[1]);
        return ":white_check_mark: The " + section.get().title() + " of *" + incident.humanId() + "* is saved; "
                + "`/incident postmortem` re-drafts with it.";
    }
}
