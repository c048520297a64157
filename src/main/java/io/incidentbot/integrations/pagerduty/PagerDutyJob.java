package io.incidentbot.integrations.pagerduty;

import io.incidentbot.outbox.OutboxJob;

/**
 * Work for PagerDuty's Events API v2, in the {@code pagerduty} lane (one lane: pacing is per
 * routing key, and the bot has one). An incident's events are sent in the order they were queued.
 * The event is built when the job runs, from the incident as it is then (a page queued during an
 * outage goes out with what is known when PagerDuty is back, and as private if it became private).
 * Renaming a record strands the jobs already queued under its old name.
 */
public sealed interface PagerDutyJob extends OutboxJob permits PagerDutyJob.Trigger, PagerDutyJob.Resolve {
    String LANE = "pagerduty";

    @Override
    default String lane() {
        return LANE;
    }

    /**
     * Pages the on-call. {@code requestedBy}: who asked ({@code /incident page}), or null when the
     * severity did; {@code queuedAt}: epoch milliseconds, naming the page in the page table.
     */
    record Trigger(String dedupKey, String requestedBy, long queuedAt) implements PagerDutyJob {
    }

    /** Resolves the page with this key. */
    record Resolve(String dedupKey) implements PagerDutyJob {
    }
}
