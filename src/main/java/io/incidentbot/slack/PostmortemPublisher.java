package io.incidentbot.slack;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.Transactions;
import io.incidentbot.postmortem.PostmortemRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Drafts an incident's postmortem, stores it, and brings it to Slack: a summary message and the
 * Markdown file in the incident channel, and the announcement post updated. The Slack part goes
 * through the {@link Outbox}, committed with the draft, so a Slack outage delays it but loses nothing.
 */
public final class PostmortemPublisher {
    private static final Logger log = LoggerFactory.getLogger(PostmortemPublisher.class);
    /** How many earlier incidents the "similar past incidents" section looks at. */
    static final int EARLIER_TO_COMPARE = 200;

    private final IncidentService service;
    private final Outbox outbox;
    private final Transactions tx;
    private final PostmortemRenderer renderer;

    public PostmortemPublisher(IncidentService service, SlackGateway slack, Outbox outbox, Transactions tx) {
        this.service = service;
        this.outbox = outbox;
        this.tx = tx;
        this.renderer = new PostmortemRenderer(slack);
    }

    public static String fileName(Incident incident) {
        return incident.humanId() + "-postmortem.md";
    }

    /** Stores the draft and, in the same transaction, the posts that bring it to Slack. Returns the draft version. */
    public int publish(Incident incident) {
        List<TimelineEntry> entries = service.timeline(incident);
        List<PostmortemRenderer.PastIncident> earlier = service.earlierIncidents(incident, EARLIER_TO_COMPARE).stream()
                .map(past -> new PostmortemRenderer.PastIncident(past, service.actions(past)))
                .toList();
        String markdown = renderer.render(new PostmortemRenderer.Input(incident, entries, service.actions(incident), earlier));
        int version = tx.atomically(() -> {
            int v = service.saveDraft(incident, markdown);
            if (incident.channelId() != null) {
                outbox.post(incident, incident.channelId(), Blocks.resolvedText(incident),
                        Blocks.resolved(incident, entries, fileName(incident)));
                outbox.upload(incident, incident.channelId(), fileName(incident),
                        incident.humanId() + " postmortem draft (v" + v + ")", markdown);
            }
            if (incident.announceTs() != null) {
                outbox.refreshAnnouncement(incident);
            }
            return v;
        });
        log.info("{}: postmortem draft v{} stored ({} timeline entries, {} chars), queued for Slack",
                incident.humanId(), version, entries.size(), markdown.length());
        return version;
    }
}
