package io.incidentbot.store;

import io.incidentbot.incident.LearningRepository;
import io.incidentbot.incident.LearningState;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.store.schema.tables.records.IncidentLearningRecord;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.incidentbot.store.schema.Tables.ACTION_ITEM;
import static io.incidentbot.store.schema.Tables.INCIDENT;
import static io.incidentbot.store.schema.Tables.INCIDENT_LEARNING;
import static io.incidentbot.store.schema.Tables.INCIDENT_TAG;
import static io.incidentbot.store.schema.Tables.POSTMORTEM;

/** The learning loop's state and incident tags on jOOQ. */
public final class JooqLearningRepository implements LearningRepository {
    private final Database db;

    public JooqLearningRepository(Database db) {
        this.db = db;
    }

    @Override
    public LearningState state(long incidentId) {
        return db.with(ctx -> ctx.selectFrom(INCIDENT_LEARNING)
                        .where(INCIDENT_LEARNING.INCIDENT_ID.eq(incidentId))
                        .fetchOptional())
                .map(JooqLearningRepository::toState)
                .orElseGet(() -> LearningState.none(incidentId));
    }

    /** Inserts the incident's row unless it exists; call inside a transaction before an update. */
    private static void ensureRow(DSLContext ctx, long incidentId) {
        ctx.insertInto(INCIDENT_LEARNING)
                .set(INCIDENT_LEARNING.INCIDENT_ID, incidentId)
                .set(INCIDENT_LEARNING.NEAR_MISS, false)
                .set(INCIDENT_LEARNING.PUBLISHED_ANYWAY, false)
                .onConflictDoNothing()
                .execute();
    }

    private void update(long incidentId, java.util.function.Function<DSLContext, Integer> work) {
        db.atomically(() -> db.with(ctx -> {
            ensureRow(ctx, incidentId);
            return work.apply(ctx);
        }));
    }

    @Override
    public void markNearMiss(long incidentId, Severity potentialSeverity) {
        update(incidentId, ctx -> ctx.update(INCIDENT_LEARNING)
                .set(INCIDENT_LEARNING.NEAR_MISS, true)
                .set(INCIDENT_LEARNING.POTENTIAL_SEVERITY, potentialSeverity == null ? null : potentialSeverity.name())
                .where(INCIDENT_LEARNING.INCIDENT_ID.eq(incidentId))
                .execute());
    }

    @Override
    public void markPublished(long incidentId, String userId, boolean anyway, Instant at) {
        update(incidentId, ctx -> ctx.update(INCIDENT_LEARNING)
                .set(INCIDENT_LEARNING.PUBLISHED_AT, org.jooq.impl.DSL.coalesce(INCIDENT_LEARNING.PUBLISHED_AT,
                        org.jooq.impl.DSL.val(at, INCIDENT_LEARNING.PUBLISHED_AT)))
                .set(INCIDENT_LEARNING.PUBLISHED_BY, userId)
                .set(INCIDENT_LEARNING.PUBLISHED_ANYWAY, anyway)
                .where(INCIDENT_LEARNING.INCIDENT_ID.eq(incidentId))
                .execute());
    }

    @Override
    public void setPublishedVersion(long incidentId, int version) {
        update(incidentId, ctx -> ctx.update(INCIDENT_LEARNING)
                .set(INCIDENT_LEARNING.PUBLISHED_VERSION, version)
                .where(INCIDENT_LEARNING.INCIDENT_ID.eq(incidentId))
                .execute());
    }

    @Override
    public void markClosed(long incidentId, String userId, String reason, Instant at) {
        update(incidentId, ctx -> ctx.update(INCIDENT_LEARNING)
                .set(INCIDENT_LEARNING.CLOSED_AT, at)
                .set(INCIDENT_LEARNING.CLOSED_BY, userId)
                .set(INCIDENT_LEARNING.CLOSED_REASON, reason)
                .where(INCIDENT_LEARNING.INCIDENT_ID.eq(incidentId))
                .execute());
    }

    @Override
    public void markPublishReminded(long incidentId, LocalDate day) {
        update(incidentId, ctx -> ctx.update(INCIDENT_LEARNING)
                .set(INCIDENT_LEARNING.PUBLISH_REMINDED_ON, day.toString())
                .where(INCIDENT_LEARNING.INCIDENT_ID.eq(incidentId))
                .execute());
    }

    @Override
    public void markArchived(long incidentId, Instant at) {
        update(incidentId, ctx -> ctx.update(INCIDENT_LEARNING)
                .set(INCIDENT_LEARNING.ARCHIVED_AT, at)
                .where(INCIDENT_LEARNING.INCIDENT_ID.eq(incidentId))
                .execute());
    }

    @Override
    public void markReviewed(long incidentId, Instant at) {
        update(incidentId, ctx -> ctx.update(INCIDENT_LEARNING)
                .set(INCIDENT_LEARNING.REVIEWED_AT, at)
                .where(INCIDENT_LEARNING.INCIDENT_ID.eq(incidentId))
                .execute());
    }

    @Override
    public Optional<Draft> latestDraft(long incidentId) {
        return db.with(ctx -> ctx.select(POSTMORTEM.VERSION, POSTMORTEM.MARKDOWN)
                .from(POSTMORTEM)
                .where(POSTMORTEM.INCIDENT_ID.eq(incidentId))
                .orderBy(POSTMORTEM.VERSION.desc())
                .limit(1)
                .fetchOptional(r -> new Draft(r.value1(), r.value2())));
    }

    @Override
    public List<String> addTags(long incidentId, List<String> tags, String userId, Instant at) {
        return db.atomically(() -> db.with(ctx -> {
            List<String> added = new ArrayList<>();
            for (String tag : tags) {
                int n = ctx.insertInto(INCIDENT_TAG)
                        .set(INCIDENT_TAG.INCIDENT_ID, incidentId)
                        .set(INCIDENT_TAG.TAG, tag)
                        .set(INCIDENT_TAG.TAGGED_BY, userId)
                        .set(INCIDENT_TAG.TAGGED_AT, at)
                        .onConflictDoNothing()
                        .execute();
                if (n == 1) {
                    added.add(tag);
                }
            }
            return added;
        }));
    }

    @Override
    public boolean removeTag(long incidentId, String tag) {
        return db.with(ctx -> ctx.deleteFrom(INCIDENT_TAG)
                .where(INCIDENT_TAG.INCIDENT_ID.eq(incidentId), INCIDENT_TAG.TAG.eq(tag))
                .execute()) == 1;
    }

    @Override
    public List<String> tags(long incidentId) {
        return db.with(ctx -> ctx.select(INCIDENT_TAG.TAG).from(INCIDENT_TAG)
                .where(INCIDENT_TAG.INCIDENT_ID.eq(incidentId))
                .orderBy(INCIDENT_TAG.TAG)
                .fetch(INCIDENT_TAG.TAG));
    }

    @Override
    public Map<Long, List<String>> allTags() {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        db.with(ctx -> ctx.select(INCIDENT_TAG.INCIDENT_ID, INCIDENT_TAG.TAG).from(INCIDENT_TAG)
                        .orderBy(INCIDENT_TAG.INCIDENT_ID, INCIDENT_TAG.TAG)
                        .fetch())
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        return out;
    }

    @Override
    public List<Long> unpublishedToRemind(Instant resolvedBy, LocalDate today) {
        var l = INCIDENT_LEARNING;
        return db.with(ctx -> ctx.select(INCIDENT.ID)
                .from(INCIDENT)
                .leftJoin(l).on(l.INCIDENT_ID.eq(INCIDENT.ID))
                .where(INCIDENT.STATUS.eq(Status.RESOLVED.name()),
                        INCIDENT.SEVERITY.in(Severity.P1.name(), Severity.P2.name()),
                        INCIDENT.RESOLVED_AT.le(resolvedBy),
                        INCIDENT.LEAD_ID.isNotNull(),
                        l.NEAR_MISS.isNull().or(l.NEAR_MISS.eq(false)),
                        l.PUBLISHED_AT.isNull(),
                        l.CLOSED_AT.isNull(),
                        l.PUBLISH_REMINDED_ON.isNull().or(l.PUBLISH_REMINDED_ON.ne(today.toString())))
                .orderBy(INCIDENT.ID)
                .fetch(r -> r.value1()));
    }

    @Override
    public List<Long> toArchive(Instant by) {
        var l = INCIDENT_LEARNING;
        return db.with(ctx -> ctx.select(INCIDENT.ID)
                .from(INCIDENT)
                .join(l).on(l.INCIDENT_ID.eq(INCIDENT.ID))
                .where(INCIDENT.CHANNEL_ID.isNotNull(),
                        INCIDENT.STATUS.eq(Status.RESOLVED.name()),
                        l.ARCHIVED_AT.isNull(),
                        l.PUBLISHED_AT.le(by).or(l.PUBLISHED_AT.isNull().and(l.CLOSED_AT.le(by))))
                .orderBy(INCIDENT.ID)
                .fetch(r -> r.value1()));
    }

    @Override
    public List<Long> toReview(Instant by) {
        var l = INCIDENT_LEARNING;
        return db.with(ctx -> ctx.select(l.INCIDENT_ID)
                .from(l)
                .where(l.PUBLISHED_AT.le(by), l.REVIEWED_AT.isNull())
                .orderBy(l.INCIDENT_ID)
                .fetch(r -> r.value1()));
    }

    @Override
    public List<ActionItemFact> actionItemFacts() {
        return db.with(ctx -> ctx.select(ACTION_ITEM.CREATED_AT, ACTION_ITEM.DONE)
                .from(ACTION_ITEM)
                .where(ACTION_ITEM.DROPPED_AT.isNull()) // dropped on purpose: neither done nor left undone
                .orderBy(ACTION_ITEM.CREATED_AT)
                .fetch(r -> new ActionItemFact(r.value1(), Boolean.TRUE.equals(r.value2()))));
    }

    @Override
    public List<TagFact> tagFacts() {
        return db.with(ctx -> ctx.select(INCIDENT_TAG.INCIDENT_ID, INCIDENT_TAG.TAG, INCIDENT.OPENED_AT)
                .from(INCIDENT_TAG)
                .join(INCIDENT).on(INCIDENT.ID.eq(INCIDENT_TAG.INCIDENT_ID))
                .orderBy(INCIDENT.OPENED_AT, INCIDENT_TAG.TAG)
                .fetch(r -> new TagFact(r.value1(), r.value2(), r.value3())));
    }

    private static LearningState toState(IncidentLearningRecord r) {
        return new LearningState(
                r.getIncidentId(),
                Boolean.TRUE.equals(r.getNearMiss()),
                r.getPotentialSeverity() == null ? null : Severity.valueOf(r.getPotentialSeverity()),
                r.getPublishedAt(),
                r.getPublishedBy(),
                r.getPublishedVersion(),
                Boolean.TRUE.equals(r.getPublishedAnyway()),
                r.getClosedAt(),
                r.getClosedBy(),
                r.getClosedReason(),
                r.getPublishRemindedOn() == null ? null : LocalDate.parse(r.getPublishRemindedOn()),
                r.getArchivedAt(),
                r.getReviewedAt());
    }
}
