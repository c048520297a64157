package io.incidentbot.flow;

import io.incidentbot.outbox.OutboxJob;

/**
 * Drafting as durable work: queued with the resolve (or {@code /incident postmortem}) that asks for
 * it, so a crash or a restart between the ack and the draft loses nothing. Drafts run in a lane of
 * their own: a big incident's draft never holds up another incident's Slack messages.
 */
public sealed interface PostmortemJob extends OutboxJob permits PostmortemJob.Draft {
    String LANE = "postmortem";

    @Override
    default String lane() {
        return LANE;
    }

    /** Draft the incident's postmortem from its data as it is when the job runs, store it, and queue it for Slack. */
    record Draft() implements PostmortemJob {
    }
}
