package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;

import java.time.Clock;
import java.util.List;

/** {@code /incident tags}: the incident's tags, and the tags there are. */
public final class TagsCommand extends InIncidentCommand {
    private final LearningService learning;
    private final List<String> allowed;

    public TagsCommand(IncidentService service, LearningService learning, List<String> allowed, Clock clock) {
        super(service, clock);
        this.learning = learning;
        this.allowed = List.copyOf(allowed);
    }

    @Override
    public String name() {
        return "tags";
    }

    @Override
    public String syntax() {
        return "tags";
    }

    @Override
    public String description() {
        return "list the incident's tags";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        List<String> tags = learning.tags(incident);
        String available = "Tags there are: " + String.join(", ", allowed) + ".";
        if (tags.isEmpty()) {
            return ":label: *" + incident.humanId() + "* has no tags yet. Add some with `/incident tag "
                    + allowed.get(0) + (allowed.size() > 1 ? " " + allowed.get(1) : "") + "`. " + available;
        }
        return ":label: *" + incident.humanId() + "* is tagged " + String.join(", ", tags) + ". " + available;
    }
}
