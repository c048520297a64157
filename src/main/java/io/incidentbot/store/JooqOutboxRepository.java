package io.incidentbot.store;

import io.incidentbot.incident.OutboxRepository;
import io.incidentbot.store.schema.tables.Outbox;
import io.incidentbot.store.schema.tables.records.OutboxRecord;
import org.jooq.Condition;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static io.incidentbot.store.schema.Tables.OUTBOX;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.least;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.nvl;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

/** The outbox table on jOOQ. */
public final class JooqOutboxRepository implements OutboxRepository {
    private static final int MAX_ERROR = 1000;

    private final Database db;

    public JooqOutboxRepository(Database db) {
        this.db = db;
    }

    @Override
    public long add(String lane, String kind, Long incidentId, String payload, Instant now) {
        return db.with(ctx -> ctx.insertInto(OUTBOX)
                .set(OUTBOX.LANE, lane)
                .set(OUTBOX.KIND, kind)
                .set(OUTBOX.INCIDENT_ID, incidentId)
                .set(OUTBOX.PAYLOAD, payload)
                .set(OUTBOX.ATTEMPTS, 0)
                .set(OUTBOX.CRASHES, 0)
                .set(OUTBOX.NEXT_ATTEMPT_AT, now)
                .set(OUTBOX.CREATED_AT, now)
                .returningResult(OUTBOX.ID)
                .fetchOne(OUTBOX.ID));
    }

    /** The lanes of these families: the family itself and {@code family:<anything>}. */
    private static Condition inFamilies(Outbox table, Collection<String> families) {
        Condition c = DSL.falseCondition();
        for (String family : families) {
            c = c.or(table.LANE.eq(family)).or(table.LANE.startsWith(family + ":"));
        }
        return c;
    }

    private static Condition notTaken(Outbox table, Instant now) {
        return table.LEASED_UNTIL.isNull().or(table.LEASED_UNTIL.le(now));
    }

    @Override
    public List<Job> due(Collection<String> families, Instant now, int limit) {
        Outbox earlier = OUTBOX.as("earlier");
        return db.with(ctx -> ctx.selectFrom(OUTBOX)
                .where(OUTBOX.FAILED_AT.isNull())
                .and(inFamilies(OUTBOX, families))
                .and(OUTBOX.NEXT_ATTEMPT_AT.le(now))
                .and(notTaken(OUTBOX, now))
                .and(notExists(selectOne().from(earlier)
                        .where(earlier.INCIDENT_ID.eq(OUTBOX.INCIDENT_ID))
                        .and(earlier.LANE.eq(OUTBOX.LANE))
                        .and(earlier.ID.lt(OUTBOX.ID))
                        .and(earlier.FAILED_AT.isNull())))
                .orderBy(OUTBOX.ID)
                .limit(limit)
                .fetch(JooqOutboxRepository::job));
    }

    private static Job job(OutboxRecord r) {
        return new Job(r.getId(), r.getLane(), r.getKind(), r.getIncidentId(),
                r.getPayload(), r.getAttempts(), r.getCrashes(), r.getCreatedAt(),
                r.getNextAttemptAt(), r.getReportedAt() != null);
    }

    @Override
    public Optional<Instant> nextDue(Collection<String> families) {
        // a taken job is next due when its lease ends (its worker may have died)
        return Optional.ofNullable(db.with(ctx -> ctx.select(min(greatest(OUTBOX.NEXT_ATTEMPT_AT,
                        nvl(OUTBOX.LEASED_UNTIL, val(Instant.EPOCH, OUTBOX.LEASED_UNTIL)))))
                .from(OUTBOX)
                .where(OUTBOX.FAILED_AT.isNull())
                .and(inFamilies(OUTBOX, families))
                .fetchSingle()
                .value1()));
    }

    @Override
    public boolean claim(long id, String owner, Instant now, Instant leaseUntil) {
        return db.with(ctx -> ctx.update(OUTBOX)
                .set(OUTBOX.LEASED_UNTIL, leaseUntil)
                .set(OUTBOX.LEASE_OWNER, owner)
                .where(OUTBOX.ID.eq(id))
                .and(OUTBOX.FAILED_AT.isNull())
                .and(OUTBOX.NEXT_ATTEMPT_AT.le(now))
                .and(notTaken(OUTBOX, now))
                .execute()) == 1;
    }

    @Override
    public boolean renew(long id, String owner, Instant leaseUntil) {
        return db.with(ctx -> ctx.update(OUTBOX)
                .set(OUTBOX.LEASED_UNTIL, leaseUntil)
                .where(OUTBOX.ID.eq(id))
                .and(OUTBOX.LEASE_OWNER.eq(owner))
                .and(OUTBOX.FAILED_AT.isNull())
                .execute()) == 1;
    }

    @Override
    public int resumeAll(Instant now) {
        return db.with(ctx -> ctx.update(OUTBOX)
                .set(OUTBOX.LEASED_UNTIL, (Instant) null)
                .set(OUTBOX.LEASE_OWNER, (String) null)
                .set(OUTBOX.NEXT_ATTEMPT_AT, least(OUTBOX.NEXT_ATTEMPT_AT, val(now, OUTBOX.NEXT_ATTEMPT_AT)))
                .where(OUTBOX.FAILED_AT.isNull())
                .execute());
    }

    @Override
    public void release(long id, Instant now) {
        db.with(ctx -> ctx.update(OUTBOX)
                .set(OUTBOX.NEXT_ATTEMPT_AT, now)
                .set(OUTBOX.LEASED_UNTIL, (Instant) null)
                .set(OUTBOX.LEASE_OWNER, (String) null)
                .where(OUTBOX.ID.eq(id))
                .execute());
    }

    @Override
    public void done(long id) {
        db.with(ctx -> ctx.deleteFrom(OUTBOX).where(OUTBOX.ID.eq(id)).execute());
    }

    @Override
    public void finished(long id, String lane, String owner) {
        db.with(ctx -> ctx.deleteFrom(OUTBOX)
                .where(OUTBOX.ID.eq(id))
                .and(OUTBOX.LANE.eq(lane))
                .and(OUTBOX.LEASE_OWNER.eq(owner))
                .execute());
    }

    @Override
    public void retryLater(long id, Instant next, String error, boolean attempt, boolean crashed) {
        db.with(ctx -> ctx.update(OUTBOX)
                .set(OUTBOX.ATTEMPTS, attempt ? OUTBOX.ATTEMPTS.plus(1) : OUTBOX.ATTEMPTS)
                .set(OUTBOX.CRASHES, crashed ? OUTBOX.CRASHES.plus(1) : OUTBOX.CRASHES)
                .set(OUTBOX.NEXT_ATTEMPT_AT, next)
                .set(OUTBOX.LAST_ERROR, clip(error))
                .set(OUTBOX.LEASED_UNTIL, (Instant) null)
                .set(OUTBOX.LEASE_OWNER, (String) null)
                .where(OUTBOX.ID.eq(id))
                .execute());
    }

    @Override
    public void failed(long id, Instant at, String error) {
        db.with(ctx -> ctx.update(OUTBOX)
                .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                .set(OUTBOX.FAILED_AT, at)
                .set(OUTBOX.LAST_ERROR, clip(error))
                .set(OUTBOX.LEASED_UNTIL, (Instant) null)
                .set(OUTBOX.LEASE_OWNER, (String) null)
                .where(OUTBOX.ID.eq(id))
                .execute());
    }

    @Override
    public void markReported(long id, Instant at) {
        db.with(ctx -> ctx.update(OUTBOX).set(OUTBOX.REPORTED_AT, at)
                .where(OUTBOX.ID.eq(id)).execute());
    }

    @Override
    public int dropWaiting(String lane, Long incidentId, String kind) {
        return db.with(ctx -> ctx.deleteFrom(OUTBOX)
                .where(OUTBOX.LANE.eq(lane))
                .and(incidentId == null ? OUTBOX.INCIDENT_ID.isNull() : OUTBOX.INCIDENT_ID.eq(incidentId))
                .and(OUTBOX.KIND.eq(kind))
                .and(OUTBOX.FAILED_AT.isNull())
                .and(OUTBOX.LEASED_UNTIL.isNull())
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

    @Override
    public List<LaneCount> lanes() {
        var failed = sum(when(OUTBOX.FAILED_AT.isNotNull(), 1).otherwise(0));
        return db.with(ctx -> ctx.select(OUTBOX.LANE, count(), failed)
                .from(OUTBOX)
                .groupBy(OUTBOX.LANE)
                .orderBy(OUTBOX.LANE)
                .fetch(r -> {
                    int all = r.value2();
                    int given = r.value3() == null ? 0 : r.value3().intValue();
                    return new LaneCount(r.value1(), all - given, given);
                }));
    }

    @Override
    public List<FailedJob> recentFailures(int limit) {
        return db.with(ctx -> ctx.selectFrom(OUTBOX)
                .where(OUTBOX.FAILED_AT.isNotNull())
                .orderBy(OUTBOX.FAILED_AT.desc(), OUTBOX.ID.desc())
                .limit(limit)
                .fetch(r -> new FailedJob(r.getId(), r.getLane(), r.getKind(),
                        r.getIncidentId(),
                        r.getFailedAt(), r.getLastError())));
    }

    private static String clip(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
