package io.incidentbot.flow;

import io.incidentbot.outbox.LaneHandler;
import io.incidentbot.outbox.Outbox;
import io.incidentbot.outbox.Refusal;
import io.incidentbot.outbox.SlackJob;
import io.incidentbot.outbox.Verdict;
import io.incidentbot.slackapi.Blocks;

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
 * Markdown file in the incident channel, and the announcement post updated. Drafting is itself an
 * outbox job ({@link PostmortemJob}, this class runs its lane), and the Slack part goes through the
 * {@link Outbox} committed with the draft, so neither a crash nor a Slack outage loses a draft. A
 * draft that fails is told in the incident channel once it is given up.
 */
public final class PostmortemPublisher implements LaneHandler<PostmortemJob> {
    private static final Logger log = LoggerFactory.getLogger(PostmortemPublisher.class);
    private final IncidentService service;
    private final PostmortemDrafter drafter;
    private final Outbox outbox;
    private final Transactions tx;

    public PostmortemPublisher(IncidentService service, PostmortemDrafter drafter, Outbox outbox, Transactions tx) {
        this.service = service;
        this.drafter = drafter;
        this.outbox = outbox;
        this.tx = tx;
    }

    public static String fileName(Incident incident) {
        return incident.humanId() + "-postmortem.md";
    }

    /** Queues a draft of the incident; call inside the transaction of the change that asks for it. */
    public void queueDraft(Incident incident) {
        outbox.add(incident, new PostmortemJob.Draft());
    }

    @Override
    public String family() {
        return PostmortemJob.LANE;
    }

    @Override
    public Class<PostmortemJob> jobType() {
        return PostmortemJob.class;
    }

    @Override
    public void run(Delivery<PostmortemJob> delivery) {
        Incident incident = delivery.incidentId() == null ? null : service.find(delivery.incidentId()).orElse(null);
        if (incident == null) {
            throw new Refusal("the incident is not stored");
        }
        publish(incident, () -> outbox.done(delivery.id()));
    }

    /** Drafting fails for reasons of its own (a bug, a heap too small): tried a few times, then told. */
    @Override
    public Verdict judge(Exception failure) {
        return null;
    }

    @Override
    public String describe(PostmortemJob job, String incident) {
        return "Drafting " + incident + "'s postmortem";
    }

    @Override
    public String remedy(PostmortemJob job) {
        return "`/incident postmortem` tries again";
    }

    /** Stores the draft and, in the same transaction, the posts that bring it to Slack. Returns the draft version. */
    public int publish(Incident incident) {
        return publish(incident, () -> { });
    }

    private int publish(Incident incident, Runnable alsoInTransaction) {
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
            alsoInTransaction.run();
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
