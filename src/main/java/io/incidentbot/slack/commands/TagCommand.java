package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code /incident tag <tag> …}: tags from {@code INCIDENT_TAGS}, several at once, so other teams can learn. */
public final class TagCommand extends InIncidentCommand {
    private final LearningService learning;
    private final List<String> allowed;

    public TagCommand(IncidentService service, LearningService learning, List<String> allowed, Clock clock) {
        super(service, clock);
        this.learning = learning;
        this.allowed = List.copyOf(allowed);
    }

    @Override
    public String name() {
        return "tag";
    }

    @Override
    public String syntax() {
        return "tag <" + String.join("|", allowed) + "> …";
    }

    @Override
    public String description() {
        return "tag the incident (several at once); `/incident tags` lists them, `/incident untag <tag>` removes one";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    /** The words of {@code args} as tags: lower case, without a leading #, split on spaces and commas. */
    static List<String> parse(String args) {
        List<String> out = new ArrayList<>();
        for (String word : args.split("[,\\s]+")) {
            String tag = word.strip().toLowerCase(Locale.ROOT);
            while (tag.startsWith("#")) {
                tag = tag.substring(1);
            }
            if (!tag.isEmpty() && !out.contains(tag)) {
                out.add(tag);
            }
        }
        return out;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        List<String> tags = parse(args);
        if (tags.isEmpty()) {
            return ":warning: Which tags? " + usageHint() + " — e.g. `/incident tag db deploy`.";
        }
        List<String> unknown = tags.stream().filter(t -> !allowed.contains(t)).toList();
        if (!unknown.isEmpty()) {
            return ":warning: Unknown tag" + (unknown.size() == 1 ? " `" : "s `") + String.join("`, `", unknown)
                    + "`. Tags are: " + String.join(", ", allowed) + " (set by `INCIDENT_TAGS`). Nothing was tagged.";
        }
        List<String> added = learning.addTags(incident, inv.userId(), tags);
        List<String> now = learning.tags(incident);
        String what = added.isEmpty() ? "already had " + String.join(", ", tags)
                : "tagged " + String.join(", ", added);
        return ":label: *" + incident.humanId() + "* " + what + ". Tags now: " + String.join(", ", now) + ".";
    }
}
