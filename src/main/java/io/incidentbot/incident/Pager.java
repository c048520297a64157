package io.incidentbot.incident;

import java.time.Instant;

/**
 * The on-call paging service (PagerDuty), as the domain sees it: it is asked to page for an
 * incident and to end that page. Calls are made inside the transaction of the change that causes
 * them; an adapter queues the work so that it is sent once that change commits, and survives the
 * paging service's outages and the bot's restarts. Every page and resolve of one incident carries
 * the same {@link PageKeys key}, so repeating one is safe.
 */
public interface Pager {
    /** Pages nobody: paging is off. */
    Pager NONE = new Pager() {
        @Override
        public void trigger(Incident incident, String requestedBy, Instant queuedAt) {
        }

        @Override
        public void resolve(Incident incident) {
        }
    };

    /**
     * Pages the on-call for the incident; {@code requestedBy} is the person who asked
     * ({@code /incident page}), or null when its severity did; {@code queuedAt} names this trigger
     * in the {@link PageRepository} (its {@code pagedAt}).
     */
    void trigger(Incident incident, String requestedBy, Instant queuedAt);

    /** Ends the incident's page (it was resolved). */
    void resolve(Incident incident);
}
