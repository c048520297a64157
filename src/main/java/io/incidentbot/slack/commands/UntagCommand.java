package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** {@code /incident untag <tag> …}: removes tags given by mistake. */
public final class UntagCommand extends InIncidentCommand {
    private final LearningService learning;

    public UntagCommand(IncidentService service, LearningService learning, Clock clock) {
        super(service, clock);
        this.learning = learning;
    }

    @Override
    public String name() {
        return "untag";
    }

    @Override
    public String syntax() {
        return "untag <tag> …";
    }

    @Override
    public String description() {
        return "remove tags";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        List<String> tags = TagCommand.parse(args);
        if (tags.isEmpty()) {
            return ":warning: Which tag? " + usageHint() + " — e.g. `/incident untag network`.";
        }
        List<String> removed = new ArrayList<>();
        for (String tag : tags) {
            if (learning.removeTag(incident, inv.userId(), tag)) {
                removed.add(tag);
            }
        }
        List<String> now = learning.tags(incident);
        return ":label: " + (removed.isEmpty() ? "*" + incident.humanId() + "* had none of those tags."
                : "Removed " + String.join(", ", removed) + " from *" + incident.humanId() + "*.")
                + " Tags now: " + (now.isEmpty() ? "none" : String.join(", ", now)) + ".";
    }
}
