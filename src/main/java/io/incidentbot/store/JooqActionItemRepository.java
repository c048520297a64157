package io.incidentbot.store;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.ActionItemRepository;
import io.incidentbot.store.schema.tables.records.ActionItemRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

import static io.incidentbot.store.schema.Tables.ACTION_ITEM;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.val;

/** Action items on jOOQ. Due dates are stored as ISO dates (YYYY-MM-DD), which sort as text. */
public final class JooqActionItemRepository implements ActionItemRepository {
    private final Database db;

    public JooqActionItemRepository(Database db) {
        this.db = db;
    }

    @Override
    public ActionItem add(long incidentId, String what, String ownerId, LocalDate due, Instant createdAt) {
        return db.atomically(() -> db.with(ctx -> {
            JooqIncidentRepository.lockForNumbering(ctx, incidentId);
            int number = ctx.select(coalesce(max(ACTION_ITEM.NUMBER), val(0)))
                    .from(ACTION_ITEM)
                    .where(ACTION_ITEM.INCIDENT_ID.eq(incidentId))
                    .fetchOne(0, Integer.class) + 1;
            ActionItemRecord r = ctx.insertInto(ACTION_ITEM)
                    .set(ACTION_ITEM.INCIDENT_ID, incidentId)
                    .set(ACTION_ITEM.NUMBER, number)
                    .set(ACTION_ITEM.WHAT, what)
                    .set(ACTION_ITEM.OWNER_ID, ownerId)
                    .set(ACTION_ITEM.DUE, due == null ? null : due.toString())
                    .set(ACTION_ITEM.DONE, false)
                    .set(ACTION_ITEM.CREATED_AT, createdAt)
                    .returning()
                    .fetchOne();
            return toItem(r);
        }));
    }

    @Override
    public List<ActionItem> forIncident(long incidentId) {
        return db.with(ctx -> ctx.selectFrom(ACTION_ITEM)
                .where(ACTION_ITEM.INCIDENT_ID.eq(incidentId))
                .orderBy(ACTION_ITEM.NUMBER)
                .fetch(JooqActionItemRepository::toItem));
    }

    @Override
    public List<ActionItem> forIncidents(Collection<Long> incidentIds) {
        if (incidentIds.isEmpty()) {
            return List.of();
        }
        List<Integer> ids = incidentIds.stream().map(Long::intValue).distinct().toList();
        return db.with(ctx -> ctx.selectFrom(ACTION_ITEM)
                .where(ACTION_ITEM.INCIDENT_ID.in(ids))
                .orderBy(ACTION_ITEM.INCIDENT_ID, ACTION_ITEM.NUMBER)
                .fetch(JooqActionItemRepository::toItem));
    }

    @Override
    public boolean markDone(long incidentId, int number, Instant at) {
        return db.with(ctx -> ctx.update(ACTION_ITEM)
                .set(ACTION_ITEM.DONE, true)
                .set(ACTION_ITEM.DONE_AT, at)
                .where(ACTION_ITEM.INCIDENT_ID.eq(incidentId), ACTION_ITEM.NUMBER.eq(number),
                        ACTION_ITEM.DONE.eq(false), ACTION_ITEM.DROPPED_AT.isNull())
                .execute()) == 1;
    }

    @Override
    public boolean markDropped(long incidentId, int number, Instant at) {
        return db.with(ctx -> ctx.update(ACTION_ITEM)
                .set(ACTION_ITEM.DROPPED_AT, at)
                .where(ACTION_ITEM.INCIDENT_ID.eq(incidentId), ACTION_ITEM.NUMBER.eq(number),
                        ACTION_ITEM.DONE.eq(false), ACTION_ITEM.DROPPED_AT.isNull())
                .execute()) == 1;
    }

    @Override
    public List<ActionItem> overdueNotRemindedOn(LocalDate today) {
        String day = today.toString();
        return db.with(ctx -> ctx.selectFrom(ACTION_ITEM)
                .where(ACTION_ITEM.DONE.eq(false), ACTION_ITEM.DROPPED_AT.isNull(), ACTION_ITEM.DUE.lt(day),
                        ACTION_ITEM.OWNER_ID.isNotNull(),
                        ACTION_ITEM.REMINDED_ON.isNull().or(ACTION_ITEM.REMINDED_ON.ne(day)))
                .orderBy(ACTION_ITEM.OWNER_ID, ACTION_ITEM.INCIDENT_ID, ACTION_ITEM.NUMBER)
                .fetch(JooqActionItemRepository::toItem));
    }

    @Override
    public void markReminded(long incidentId, int number, LocalDate today) {
        db.with(ctx -> ctx.update(ACTION_ITEM)
                .set(ACTION_ITEM.REMINDED_ON, today.toString())
                .where(ACTION_ITEM.INCIDENT_ID.eq(incidentId), ACTION_ITEM.NUMBER.eq(number))
                .execute());
    }

    @Override
    public List<ActionItem> open() {
        return db.with(ctx -> ctx.selectFrom(ACTION_ITEM)
                .where(ACTION_ITEM.DONE.eq(false), ACTION_ITEM.DROPPED_AT.isNull())
                .orderBy(ACTION_ITEM.INCIDENT_ID, ACTION_ITEM.NUMBER)
                .fetch(JooqActionItemRepository::toItem));
    }

    private static ActionItem toItem(ActionItemRecord r) {
        return new ActionItem(r.getIncidentId(), r.getNumber(), r.getWhat(), r.getOwnerId(),
                r.getDue() == null ? null : LocalDate.parse(r.getDue()), Boolean.TRUE.equals(r.getDone()),
                r.getCreatedAt(), r.getDoneAt(), r.getDroppedAt());
    }
}
