package io.incidentbot.slack.commands;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /incident action <what> [@owner] [due YYYY-MM-DD]}: a follow-up, numbered per incident. */
public final class ActionCommand extends InIncidentCommand {
    private static final Pattern DUE = Pattern.compile("(?i)\\bdue[: ]\\s*(\\d{4}-\\d{2}-\\d{2})\\b");

    public ActionCommand(IncidentService service, Clock clock) {
        super(service, clock);
    }

    @Override
    public String name() {
        return "action";
    }

    @Override
    public String syntax() {
        return "action <what> [@owner] [due YYYY-MM-DD]";
    }

    @Override
    public String description() {
        return "add an action item (specific, with an owner and a due date)";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        String rest = args;
        LocalDate due = null;
        Matcher m = DUE.matcher(rest);
        if (m.find()) {
            try {
                due = LocalDate.parse(m.group(1));
            } catch (DateTimeException e) {
                return ":warning: `" + m.group(1) + "` is not a date; use YYYY-MM-DD.";
            }
            rest = (rest.substring(0, m.start()) + rest.substring(m.end())).strip();
        }
        Optional<String> owner = Mentions.firstUser(rest);
        if (owner.isPresent()) {
            rest = Mentions.withoutFirstUser(rest);
        }
        if (rest.isBlank()) {
            return ":warning: What is the action? " + usageHint()
                    + " — e.g. `/incident action Add an alert on DB pool usage > 80% @alice due 2026-06-01`.";
        }
        ActionItem item = service.addAction(incident, inv.userId(), rest, owner.orElse(null), due);
        return ":white_check_mark: Action item *" + item.number() + "* added to *" + incident.humanId() + "*: "
                + ActionsCommand.describe(item) + ActionsCommand.problems(item);
    }
}
