package io.incidentbot.slack;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.postmortem.PostmortemRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Drafts an incident's postmortem, stores it, and brings it to Slack: a summary message and the
 * Markdown file in the incident channel, and the announcement post updated.
 */
public final class PostmortemPublisher {
    private static final Logger log = LoggerFactory.getLogger(PostmortemPublisher.class);
    /** How many earlier incidents the "similar past incidents" section looks at. */
    static final int EARLIER_TO_COMPARE = 200;

    private final IncidentService service;
    private final SlackGateway slack;
    private final PostmortemRenderer renderer;

    public PostmortemPublisher(IncidentService service, SlackGateway slack) {
        this.service = service;
        this.slack = slack;
        this.renderer = new PostmortemRenderer(slack);
    }

    public static String fileName(Incident incident) {
        return incident.humanId() + "-postmortem.md";
    }

    /** Stores the draft first (so it survives a Slack outage), then posts it. Returns the draft version. */
    public int publish(Incident incident) {
        List<TimelineEntry> entries = service.timeline(incident);
        List<PostmortemRenderer.PastIncident> earlier = service.earlierIncidents(incident, EARLIER_TO_COMPARE).stream()
                .map(past -> new PostmortemRenderer.PastIncident(past, service.actions(past)))
                .toList();
        String markdown = renderer.render(new PostmortemRenderer.Input(incident, entries, service.actions(incident), earlier));
        int version = service.saveDraft(incident, markdown);
        log.info("{}: postmortem draft v{} stored ({} timeline entries, {} chars)",
                incident.humanId(), version, entries.size(), markdown.length());
        if (incident.channelId() != null) {
            slack.post(incident.channelId(), Blocks.resolvedText(incident), Blocks.resolved(incident, entries, fileName(incident)));
            slack.uploadFile(incident.channelId(), fileName(incident),
                    incident.humanId() + " postmortem draft (v" + version + ")", markdown, null);
        }
        if (incident.announceTs() != null) {
            slack.update(incident.announceChannelId(), incident.announceTs(),
                    Blocks.announcementText(incident), Blocks.announcement(incident));
        }
        return version;
    }
}
