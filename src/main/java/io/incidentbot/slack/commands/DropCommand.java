package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;

import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /incident drop <n> [why]}: gives action item n up on purpose (no longer worth doing, or done
 * another way). It is no longer open or reminded, and completion rates leave it out; the reason goes
 * into the timeline.
 */
public final class DropCommand extends InIncidentCommand {
    private static final Pattern ARGS = Pattern.compile("#?(\\d{1,9})(?:\\s+(.*))?", Pattern.DOTALL);

    public DropCommand(IncidentService service, Clock clock) {
        super(service, clock);
    }

    @Override
    public String name() {
        return "drop";
    }

    @Override
    public String syntax() {
        return "drop <n> [why]";
    }

    @Override
    public String description() {
        return "give action item n up on purpose (left out of completion rates)";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        Matcher m = ARGS.matcher(args.strip());
        if (!m.matches()) {
            return ":warning: Which item? Give its number and, if you like, why: `/incident drop 2 covered by the "
                    + "new pool alert` (see `/incident actions`).";
        }
        int number = Integer.parseInt(m.group(1));
        if (!service.dropAction(incident, inv.userId(), number, m.group(2))) {
            return ":information_source: *" + incident.humanId() + "* has no open action item " + number
                    + "; `/incident actions` lists them.";
        }
        return ":heavy_minus_sign: Action item " + number + " of *" + incident.humanId() + "* is dropped"
                + (m.group(2) == null || m.group(2).isBlank() ? "" : " (" + m.group(2).strip() + ")")
                + "; it no longer counts as open.";
    }
}
