package io.incidentbot.incident;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * When the on-call is paged. Declaring an incident at a paging severity, or escalating into one,
 * pages (once: a page that is open is not sent again); resolving the incident resolves its page;
 * reopening an incident that was paged (or is at a paging severity) pages again. Moving below the
 * paging severities does not resolve the page: people may still be working it. {@code /incident
 * page} pages whatever the severity. An incident declared from the paging service's own incident
 * is never paged through it again. Every method is called inside the transaction of the change.
 */
public final class Paging {
    /** What {@link #pageNow} did. */
    public enum Outcome {
        /** A page is queued. */
        PAGED,
        /** The incident's page is open already (the same key: the paging service would merge it and notify nobody). */
        ALREADY_PAGED,
        /** The incident came from the paging service: its on-call knows already. */
        FROM_PAGER,
        /** Paging is not configured. */
        OFF
    }

    private final Pager pager;
    private final PageRepository pages;
    private final AlertRepository alerts;
    private final Set<Severity> severities;
    private final Clock clock;

    public Paging(Pager pager, PageRepository pages, AlertRepository alerts, Set<Severity> severities, Clock clock) {
        this.pager = pager;
        this.pages = pages;
        this.alerts = alerts;
        this.severities = Set.copyOf(severities);
        this.clock = clock;
    }

    /** Paging off: nothing is ever paged. */
    public static Paging off() {
        return new Paging(Pager.NONE, null, null, Set.of(), Clock.systemUTC());
    }

    public boolean on() {
        return pager != Pager.NONE;
    }

    /** Whether incidents of this severity page when declared or escalated into it. */
    public boolean pages(Severity severity) {
        return on() && severities.contains(severity);
    }

    /** The incident's page, if it was ever paged. */
    public Optional<PageRepository.Page> page(Incident incident) {
        return on() ? pages.find(incident.id()) : Optional.empty();
    }

    void declared(Incident incident) {
        if (pages(incident.severity())) {
            trigger(incident, null);
        }
    }

    void severityChanged(Incident before, Incident after) {
        if (after.isResolved() || !pages(after.severity()) || pages(before.severity())) {
            return;
        }
        if (page(after).map(PageRepository.Page::open).orElse(false) || fromPager(after)) {
            return;
        }
        trigger(after, null);
    }

    void resolved(Incident incident) {
        Optional<PageRepository.Page> page = page(incident);
        if (page.isPresent() && page.get().open()) {
            pages.resolved(incident.id(), clock.instant());
            if (!fromPager(incident)) { // PagerDuty's own incident: its resolution stays PagerDuty's
                pager.resolve(incident);
            }
        }
    }

    void reopened(Incident incident) {
        if (!on() || fromPager(incident)) {
            return;
        }
        if (page(incident).isPresent() || pages(incident.severity())) {
            trigger(incident, null);
        }
    }

    /** {@code /incident page}: pages now, whatever the severity, unless a page is open. */
    Outcome pageNow(Incident incident, String userId) {
        if (!on()) {
            return Outcome.OFF;
        }
        if (fromPager(incident)) {
            return Outcome.FROM_PAGER;
        }
        if (page(incident).map(PageRepository.Page::open).orElse(false)) {
            return Outcome.ALREADY_PAGED;
        }
        trigger(incident, userId);
        return Outcome.PAGED;
    }

    /** Whether the incident was declared from the paging service's own incident (then it is never paged through it). */
    public boolean fromPager(Incident incident) {
        return alerts != null && alerts.fromPager(incident.id());
    }

    private void trigger(Incident incident, String requestedBy) {
        java.time.Instant now = clock.instant();
        pages.triggered(incident.id(), PageKeys.of(incident), requestedBy, now);
        pager.trigger(incident, requestedBy, now);
    }
}
