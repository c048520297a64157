package io.incidentbot.flow;

import io.incidentbot.outbox.Outbox;
import io.incidentbot.outbox.SlackJob;
import io.incidentbot.slackapi.Blocks;
import io.incidentbot.slackapi.Responses;
import io.incidentbot.slackapi.SlackGateway;

import com.slack.api.model.block.LayoutBlock;
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
        Draft draft = draft(incident);
        int version = tx.atomically(() -> {
            int v = service.saveDraft(incident, draft.markdown());
            service.postmortemDrafted(incident, v);
            if (incident.channelId() != null) {
                outbox.add(incident, new SlackJob.Post(incident.channelId(), Blocks.resolvedText(incident),
                        Blocks.json(draft.summary())));
                outbox.add(incident, new SlackJob.Upload(incident.channelId(), fileName(incident),
                        incident.humanId() + " postmortem draft (v" + v + ")", v, null));
            }
            if (incident.announceTs() != null) {
                outbox.add(incident, new SlackJob.Announcement());
            }
            return v;
        });
        log.info("{}: postmortem draft v{} stored ({} timeline entries, {} chars), queued for Slack",
                incident.humanId(), version, draft.entries(), draft.markdown().length());
        return version;
    }

    /** The Markdown, the channel summary, and how many timeline entries went into them. */
    private record Draft(String markdown, List<LayoutBlock> summary, int entries) {
    }

    /**
     * Drafts from the timeline and lets go of it before the draft is stored: a huge incident's
     * entries and its Markdown do not both fit a small heap while the database copies the text.
     */
    private Draft draft(Incident incident) {
        PostmortemRenderer.Input input = drafter.input(incident);
        List<TimelineEntry> entries = input.entries();
        return new Draft(drafter.render(input), Blocks.resolved(incident, entries, fileName(incident)), entries.size());
    }
}
