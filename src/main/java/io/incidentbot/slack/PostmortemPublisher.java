package io.incidentbot.slack;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.postmortem.PostmortemDrafter;
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
    private final IncidentService service;
    private final SlackGateway slack;
    private final PostmortemDrafter drafter;

    public PostmortemPublisher(IncidentService service, SlackGateway slack, PostmortemDrafter drafter) {
        this.service = service;
        this.slack = slack;
        this.drafter = drafter;
    }

    public static String fileName(Incident incident) {
        return incident.humanId() + "-postmortem.md";
    }

    /** Publishes, and tells the person behind {@code responseUrl} if Slack could not be reached. */
    public void publishOrReport(Incident incident, String responseUrl) {
        try {
            publish(incident);
        } catch (RuntimeException e) {
            log.error("{}: could not post the postmortem draft: {}", incident.humanId(), e.getMessage(), e);
            String reason = e instanceof SlackGateway.SlackError se ? "`" + se.error() + "`" : e.getMessage();
            slack.respond(responseUrl, Responses.ephemeral(":warning: The draft of *" + incident.humanId()
                    + "* is stored, but posting it to Slack failed (" + reason + ")."));
        }
    }

    /** Stores the draft first (so it survives a Slack outage), then posts it. Returns the draft version. */
    public int publish(Incident incident) {
        PostmortemRenderer.Input input = drafter.input(incident);
        List<TimelineEntry> entries = input.entries();
        String markdown = drafter.render(input);
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
