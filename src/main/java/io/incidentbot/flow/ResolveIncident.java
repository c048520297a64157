package io.incidentbot.flow;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Transactions;

/**
 * Resolving an incident: the resolution and its postmortem draft job are committed together, so
 * an acked resolve always ends in a draft, whatever happens to the process or to Slack meanwhile.
 */
public final class ResolveIncident {
    private final IncidentService service;
    private final PostmortemPublisher publisher;
    private final Transactions tx;

    public ResolveIncident(IncidentService service, PostmortemPublisher publisher, Transactions tx) {
        this.service = service;
        this.publisher = publisher;
        this.tx = tx;
    }

    /**
     * Resolves and queues the draft; throws {@link io.incidentbot.incident.IncidentRuleException.AlreadyResolved}
     * (and queues nothing) when someone else resolved it first.
     */
    public Incident resolve(Incident incident, String by, String rootCause) {
        return tx.atomically(() -> {
            Incident resolved = service.resolve(incident, by, rootCause);
            publisher.queueDraft(resolved);
            return resolved;
        });
    }

    /** Drafts again from the current data, as a new version (old ones are kept). */
    public void redraft(Incident incident) {
        publisher.queueDraft(incident);
    }
}
