package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncidentService.Milestone;
import io.incidentbot.incident.Times;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /incident started <time>}, {@code detected <time>}, {@code mitigated [<time>]}: the moments
 * TTD, TTM and TTR are measured from.
 */
public final class MilestoneCommand extends InIncidentCommand {
    private final Milestone milestone;

    public MilestoneCommand(IncidentService service, Milestone milestone, Clock clock) {
        super(service, clock);
        this.milestone = milestone;
    }

    @Override
    public String name() {
        return milestone.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String syntax() {
        return name() + (milestone == Milestone.MITIGATED ? " [<time>]" : " <time>");
    }

    @Override
    public String description() {
        return switch (milestone) {
            case STARTED -> "when impact began (UTC `HH:MM` or `YYYY-MM-DD HH:MM`; the draft's duration starts here)";
            case DETECTED -> "when the problem was detected (for TTD)";
            case MITIGATED -> "when impact was mitigated, now if no time (for TTM; otherwise the first `monitoring`)";
        };
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        Instant now = clock.instant();
        Optional<Instant> at = args.isEmpty() && milestone == Milestone.MITIGATED
                ? Optional.of(now) : Times.exact(args, now);
        if (at.isEmpty()) {
            return ":warning: I need a UTC time like `14:10` (the most recent 14:10) or `2026-05-09 14:10`. "
                    + usageHint();
        }
        if (at.get().isAfter(now)) {
            return ":warning: That time is in the future; times are UTC.";
        }
        service.setMilestone(incident, inv.userId(), milestone, at.get());
        return ":white_check_mark: " + milestone.title() + " of *" + incident.humanId() + "* set to "
                + NoteCommand.SHOWN.format(at.get()) + ".";
    }
}
