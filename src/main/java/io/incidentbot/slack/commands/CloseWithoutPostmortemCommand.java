package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.incident.LearningState;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code /incident close-without-postmortem <reason>}: a resolved P3/P4 incident or near miss with
 * nothing to learn ends here. P1 and P2 postmortems must be published.
 */
public final class CloseWithoutPostmortemCommand extends InIncidentCommand {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private final LearningService learning;
    private final int archiveAfterDays;

    public CloseWithoutPostmortemCommand(IncidentService service, LearningService learning, int archiveAfterDays,
                                         Clock clock) {
        super(service, clock);
        this.learning = learning;
        this.archiveAfterDays = archiveAfterDays;
    }

    @Override
    public String name() {
        return "close-without-postmortem";
    }

    @Override
    public String syntax() {
        return "close-without-postmortem <reason>";
    }

    @Override
    public String description() {
        return "P3/P4 and near misses only, after resolve: close without publishing a postmortem";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        LearningState state = learning.state(incident);
        if (LearningState.mustPublish(incident, state)) {
            return ":no_entry: *" + incident.humanId() + "* is " + incident.severity().display()
                    + ": P1 and P2 postmortems must be published, not closed. Fill in the draft and run "
                    + "`/incident publish` (`--anyway` publishes over the review's findings).";
        }
        if (!incident.isResolved()) {
            return ":information_source: *" + incident.humanId() + "* is still " + incident.status().display()
                    + ". Resolve it first (`/incident resolve`), then close it without a postmortem.";
        }
        if (state.isPublished()) {
            return ":information_source: *" + incident.humanId() + "*'s postmortem is already published.";
        }
        if (state.isClosedWithoutPostmortem()) {
            return ":information_source: *" + incident.humanId() + "* was already closed without a postmortem on "
                    + DATE.format(state.closedAt()) + ": " + state.closedReason();
        }
        if (args.isBlank()) {
            return ":warning: Say why there is nothing to write up: " + usageHint()
                    + " — e.g. `/incident close-without-postmortem known flaky alert, already tracked in OPS-12`.";
        }
        learning.closeWithoutPostmortem(incident, inv.userId(), args);
        return ":white_check_mark: *" + incident.humanId() + "* is closed without a postmortem: " + args.strip()
                + (archiveAfterDays > 0 && incident.channelId() != null
                ? "\nThis channel will be archived in " + archiveAfterDays + " day" + (archiveAfterDays == 1 ? "" : "s") + "."
                : "");
    }
}
