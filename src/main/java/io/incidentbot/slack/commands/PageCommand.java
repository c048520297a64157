package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Paging;

import java.time.Clock;

/**
 * {@code /incident page}: pages the on-call through PagerDuty now, whatever the severity. An open
 * page is not sent again: PagerDuty would merge it into the same incident and notify nobody.
 */
public final class PageCommand extends InIncidentCommand {

    public PageCommand(IncidentService service, Clock clock) {
        super(service, clock);
    }

    @Override
    public String name() {
        return "page";
    }

    @Override
    public String syntax() {
        return "page";
    }

    @Override
    public String description() {
        return "page the on-call through PagerDuty now, whatever the severity";
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        Paging.Outcome outcome = service.page(incident, inv.userId());
        return switch (outcome) {
            case PAGED -> ":pager: Paging the on-call for *" + incident.humanId() + "* through PagerDuty. The timeline "
                    + "says when PagerDuty has it.";
            case ALREADY_PAGED -> ":information_source: The on-call was already paged for *" + incident.humanId()
                    + "* and that page is not resolved, so I did not page again (PagerDuty would merge it into the "
                    + "same incident and notify nobody).";
            case FROM_PAGER -> ":information_source: *" + incident.humanId() + "* came from a PagerDuty incident, so "
                    + "its on-call was paged by PagerDuty already; I do not page it again.";
            case OFF -> ":information_source: Paging is off: set PAGERDUTY_ROUTING_KEY (the Events API v2 integration "
                    + "key of a PagerDuty service) to page the on-call from here.";
        };
    }
}
