package io.incidentbot.slack;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.Transactions;
import io.incidentbot.postmortem.PostmortemDrafter;
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
    private final IncidentService service;
    private final SlackGateway slack;
    private final PostmortemDrafter drafter;
    private final Outbox outbox;
    private final Transactions tx;

    public PostmortemPublisher(IncidentService service, SlackGateway slack, PostmortemDrafter drafter, Outbox outbox,
                               Transactions tx) {
        this.service = service;
        this.slack = slack;
        this.drafter = drafter;
        this.outbox = outbox;
        this.tx = tx;
    }

    public static String fileName(Incident incident) {
        return incident.humanId() + "-postmortem.md";
    }

    /**
     * Publishes, and tells the person behind {@code responseUrl} if the draft could not be made or
     * stored (Slack's own trouble only delays the posts: they wait in the outbox).
     */
    public void publishOrReport(Incident incident, String responseUrl) {
        try {
            publish(incident);
        } catch (RuntimeException e) {
            log.error("{}: could not draft the postmortem: {}", incident.humanId(), e.getMessage(), e);
            String reason = e instanceof SlackGateway.SlackError se ? "`" + se.error() + "`" : e.getMessage();
            slack.respond(responseUrl, Responses.ephemeral(":warning: The draft of *" + incident.humanId()
                    + "* could not be made (" + reason + ")."));
        }
    }

    /** Stores the draft and, in the same transaction, the posts that bring it to Slack. Returns the draft version. */
    public int publish(Incident incident) {
        PostmortemRenderer.Input input = drafter.input(incident);
        List<TimelineEntry> entries = input.entries();
        String markdown = drafter.render(input);
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
