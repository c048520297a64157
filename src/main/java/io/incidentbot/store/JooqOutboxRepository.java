package io.incidentbot.store;

import io.incidentbot.incident.OutboxRepository;
import io.incidentbot.store.schema.tables.Outbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.incidentbot.store.schema.Tables.OUTBOX;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

/** The outbox table on jOOQ. */
public final class JooqOutboxRepository implements OutboxRepository {
    private static final int MAX_ERROR = 1000;

    private final Database db;

    public JooqOutboxRepository(Database db) {
        this.db = db;
    }

    @Override
    public long add(String kind, Long incidentId, String payload, Instant now) {
        return db.with(ctx -> ctx.insertInto(OUTBOX)
                .set(OUTBOX.KIND, kind)
                .set(OUTBOX.INCIDENT_ID, incidentId)
                .set(OUTBOX.PAYLOAD, payload)
                .set(OUTBOX.ATTEMPTS, 0)
                .set(OUTBOX.NEXT_ATTEMPT_AT, now)
                .set(OUTBOX.CREATED_AT, now)
                .returningResult(OUTBOX.ID)
                .fetchOne(OUTBOX.ID));
    }

    @Override
    public List<Job> due(Instant now, int limit) {
        Outbox earlier = OUTBOX.as("earlier");
        return db.with(ctx -> ctx.selectFrom(OUTBOX)
                .where(OUTBOX.FAILED_AT.isNull())
                .and(OUTBOX.NEXT_ATTEMPT_AT.le(now))
                .and(notExists(selectOne().from(earlier)
                        .where(earlier.INCIDENT_ID.eq(OUTBOX.INCIDENT_ID))
                        .and(earlier.ID.lt(OUTBOX.ID))
                        .and(earlier.FAILED_AT.isNull())))
                .orderBy(OUTBOX.ID)
                .limit(limit)
                .fetch(r -> new Job(r.getId(), r.getKind(), r.getIncidentId() == null ? null : r.getIncidentId(),
                        r.getPayload(), r.getAttempts(), r.getCreatedAt(), r.getNextAttemptAt())));
    }

    @Override
    public Optional<Instant> nextDue() {
        return Optional.ofNullable(db.with(ctx -> ctx.select(min(OUTBOX.NEXT_ATTEMPT_AT)).from(OUTBOX)
                .where(OUTBOX.FAILED_AT.isNull())
                .fetchSingle()
                .value1()));
    }

    @Override
    public boolean claim(long id, Instant dueAt, Instant leaseUntil) {
        return db.with(ctx -> ctx.update(OUTBOX)
                .set(OUTBOX.NEXT_ATTEMPT_AT, leaseUntil)
                .where(OUTBOX.ID.eq(id))
                .and(OUTBOX.NEXT_ATTEMPT_AT.eq(dueAt))
                .and(OUTBOX.FAILED_AT.isNull())
                .execute()) == 1;
    }

    @Override
    public void release(long id, Instant now) {
        db.with(ctx -> ctx.update(OUTBOX)
                .set(OUTBOX.NEXT_ATTEMPT_AT, now)
                .where(OUTBOX.ID.eq(id))
                .execute());
    }

    @Override
    public void done(long id) {
        db.with(ctx -> ctx.deleteFrom(OUTBOX).where(OUTBOX.ID.eq(id)).execute());
    }

    @Override
    public void retryLater(long id, Instant next, String error) {
        db.with(ctx -> ctx.update(OUTBOX)
                .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                .set(OUTBOX.NEXT_ATTEMPT_AT, next)
                .set(OUTBOX.LAST_ERROR, clip(error))
                .where(OUTBOX.ID.eq(id))
                .execute());
    }

    @Override
    public void failed(long id, Instant at, String error) {
        db.with(ctx -> ctx.update(OUTBOX)
                .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                .set(OUTBOX.FAILED_AT, at)
                .set(OUTBOX.LAST_ERROR, clip(error))
                .where(OUTBOX.ID.eq(id))
                .execute());
    }

    @Override
    public int pending() {
        return db.with(ctx -> ctx.fetchCount(OUTBOX, OUTBOX.FAILED_AT.isNull()));
    }

    @Override
    public int failedCount() {
        return db.with(ctx -> ctx.fetchCount(OUTBOX, OUTBOX.FAILED_AT.isNotNull()));
    }

    private static String clip(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
