package io.incidentbot.store;

import io.incidentbot.incident.PageRepository;

import java.time.Instant;
import java.util.Optional;

import static io.incidentbot.store.schema.Tables.INCIDENT_PAGE;

/** Incidents' pages (PagerDuty), on jOOQ. */
public final class JooqPageRepository implements PageRepository {
    private final Database db;

    public JooqPageRepository(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Page> find(long incidentId) {
        return db.with(ctx -> ctx.selectFrom(INCIDENT_PAGE)
                .where(INCIDENT_PAGE.INCIDENT_ID.eq(incidentId))
                .fetchOptional(r -> new Page(r.getIncidentId(), r.getDedupKey(), r.getPagedBy(), r.getPagedAt(),
                        r.getDeliveredAt(), r.getResolvedAt())));
    }

    @Override
    public void triggered(long incidentId, String dedupKey, String pagedBy, Instant at) {
        db.with(ctx -> ctx.insertInto(INCIDENT_PAGE)
                .set(INCIDENT_PAGE.INCIDENT_ID, incidentId)
                .set(INCIDENT_PAGE.DEDUP_KEY, dedupKey)
                .set(INCIDENT_PAGE.PAGED_BY, pagedBy)
                .set(INCIDENT_PAGE.PAGED_AT, at)
                .onConflict(INCIDENT_PAGE.INCIDENT_ID)
                .doUpdate()
                .set(INCIDENT_PAGE.DEDUP_KEY, dedupKey)
                .set(INCIDENT_PAGE.PAGED_BY, pagedBy)
                .set(INCIDENT_PAGE.PAGED_AT, at)
                .setNull(INCIDENT_PAGE.DELIVERED_AT)
                .setNull(INCIDENT_PAGE.RESOLVED_AT)
                .execute());
    }

    @Override
    public void delivered(long incidentId, Instant pagedAt, Instant at) {
        db.with(ctx -> ctx.update(INCIDENT_PAGE)
                .set(INCIDENT_PAGE.DELIVERED_AT, at)
                .where(INCIDENT_PAGE.INCIDENT_ID.eq(incidentId), INCIDENT_PAGE.PAGED_AT.eq(pagedAt))
                .execute());
    }

    @Override
    public void resolved(long incidentId, Instant at) {
        db.with(ctx -> ctx.update(INCIDENT_PAGE)
                .set(INCIDENT_PAGE.RESOLVED_AT, at)
                .where(INCIDENT_PAGE.INCIDENT_ID.eq(incidentId))
                .execute());
    }

    @Override
    public void refused(long incidentId, Instant pagedAt) {
        db.with(ctx -> ctx.deleteFrom(INCIDENT_PAGE)
                .where(INCIDENT_PAGE.INCIDENT_ID.eq(incidentId), INCIDENT_PAGE.PAGED_AT.eq(pagedAt),
                        INCIDENT_PAGE.RESOLVED_AT.isNull())
                .execute());
    }
}
