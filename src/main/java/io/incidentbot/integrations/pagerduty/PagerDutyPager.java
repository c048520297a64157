package io.incidentbot.integrations.pagerduty;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.PageKeys;
import io.incidentbot.incident.Pager;
import io.incidentbot.outbox.Outbox;

import java.time.Instant;

/** The {@link Pager} on PagerDuty: pages and resolves become jobs of the {@code pagerduty} lane, queued in the caller's transaction. */
public final class PagerDutyPager implements Pager {
    private final Outbox outbox;

    public PagerDutyPager(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void trigger(Incident incident, String requestedBy, Instant queuedAt) {
        outbox.add(incident, new PagerDutyJob.Trigger(PageKeys.of(incident), requestedBy, queuedAt.toEpochMilli()));
    }

    @Override
    public void resolve(Incident incident) {
        outbox.add(incident, new PagerDutyJob.Resolve(PageKeys.of(incident)));
    }
}
