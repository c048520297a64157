package io.incidentbot.postmortem;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.incident.LearningState;

import java.util.List;
import java.util.Map;

/**
 * Gathers what a draft is made from (timeline, action items, earlier incidents to compare with)
 * and renders it, so Slack, the web page and the importer draft the same way.
 */
public final class PostmortemDrafter {
    /** How many earlier incidents the "similar past incidents" section looks at. */
    static final int EARLIER_TO_COMPARE = 200;

    private final IncidentService service;
    private final LearningService learning;
    private final PostmortemRenderer renderer;

    public PostmortemDrafter(IncidentService service, UserNames names, TtrTargets ttrTargets) {
        this(service, null, names, ttrTargets);
    }

    /** With the learning loop's tags and near-miss marks in the drafts ({@code learning} may be null). */
    public PostmortemDrafter(IncidentService service, LearningService learning, UserNames names, TtrTargets ttrTargets) {
        this.service = service;
        this.learning = learning;
        this.renderer = new PostmortemRenderer(names, ttrTargets);
    }

    public PostmortemRenderer.Input input(Incident incident) {
        List<Incident> past = service.earlierIncidents(incident, EARLIER_TO_COMPARE);
        Map<Long, List<ActionItem>> pastActions = service.actions(past); // one query, not one per incident
        List<PostmortemRenderer.PastIncident> earlier = past.stream()
                .map(p -> new PostmortemRenderer.PastIncident(p, pastActions.getOrDefault(p.id(), List.of())))
                .toList();
        return new PostmortemRenderer.Input(incident, service.timeline(incident), service.actions(incident), earlier,
                learning(incident));
    }

    private PostmortemRenderer.Learning learning(Incident incident) {
        if (learning == null) {
            return PostmortemRenderer.Learning.NONE;
        }
        LearningState state = learning.state(incident);
        return new PostmortemRenderer.Learning(learning.tags(incident), state.nearMiss(), state.nearMissLabel());
    }

    public String render(PostmortemRenderer.Input input) {
        return renderer.render(input);
    }

    public String draft(Incident incident) {
        return render(input(incident));
    }
}
