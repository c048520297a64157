package io.incidentbot.incident;

import java.time.Instant;
import java.util.Optional;

/** Whether an incident's on-call was paged, and whether that page was resolved (one row per incident ever paged). */
public interface PageRepository {

    /**
     * An incident's page: its key, who asked for the latest trigger (null: the severity rule), when it
     * was queued and when the paging service accepted it (null until then), and when the page was
     * resolved (null while it is open).
     */
    record Page(long incidentId, String dedupKey, String pagedBy, Instant pagedAt, Instant deliveredAt,
                Instant resolvedAt) {
        public boolean open() {
            return resolvedAt == null;
        }
    }

    Optional<Page> find(long incidentId);

    /** Records a new trigger: the page is open again, not yet delivered. */
    void triggered(long incidentId, String dedupKey, String pagedBy, Instant at);

    /** The paging service accepted the trigger queued at {@code pagedAt} (an older one's answer changes nothing). */
    void delivered(long incidentId, Instant pagedAt, Instant at);

    /** The page was resolved. */
    void resolved(long incidentId, Instant at);

    /** The paging service refused the trigger queued at {@code pagedAt} for good: the incident counts as not paged. */
    void refused(long incidentId, Instant pagedAt);
}
