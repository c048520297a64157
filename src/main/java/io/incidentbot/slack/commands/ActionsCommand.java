package io.incidentbot.slack.commands;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.postmortem.ActionItemLint;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** {@code /incident actions}: the incident's action items with owner, due date and status. */
public final class ActionsCommand extends InIncidentCommand {

    public ActionsCommand(IncidentService service, Clock clock) {
        super(service, clock);
    }

    @Override
    public String name() {
        return "actions";
    }

    @Override
    public String syntax() {
        return "actions";
    }

    @Override
    public String description() {
        return "list the action items";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        List<ActionItem> items = service.actions(incident);
        if (items.isEmpty()) {
            return "*" + incident.humanId() + "* has no action items yet. Add one with `/incident action <what> @owner due YYYY-MM-DD`.";
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder("*Action items of " + incident.humanId() + "*");
        for (ActionItem item : items) {
            sb.append("\n").append(item.done() ? ":white_check_mark: " : item.dropped() ? ":heavy_minus_sign: "
                            : item.isOverdue(today) ? ":warning: " : "• ")
                    .append("*").append(item.number()).append("* ").append(describe(item));
        }
        return sb.append("\nClose one with `/incident done <n>`, or give it up with `/incident drop <n> [why]`.").toString();
    }

    static String describe(ActionItem item) {
        return item.what() + " — " + (item.ownerId() == null ? "_no owner_" : "<@" + item.ownerId() + ">") + ", "
                + (item.due() == null ? "_no due date_" : "due " + item.due()) + (item.done() ? " (done)"
                : item.dropped() ? " (dropped)" : "");
    }

    /** The SMART lint's findings, as a reply suffix. */
    static String problems(ActionItem item) {
        List<String> problems = ActionItemLint.problems(item.what(), item.ownerId(), item.due());
        return problems.isEmpty() ? "" : "\n:mag: To make it SMART: " + String.join("; ", problems) + ".";
    }
}
