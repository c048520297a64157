package io.incidentbot.store;

import io.incidentbot.incident.PostmortemRepository;

import java.time.Instant;
import java.util.Optional;

import static io.incidentbot.store.schema.Tables.POSTMORTEM;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.val;

/** Postmortem drafts on jOOQ; each save is a new version. */
public final class JooqPostmortemRepository implements PostmortemRepository {
    private final Database db;

    public JooqPostmortemRepository(Database db) {
        this.db = db;
    }

    @Override
    public int saveDraft(long incidentId, String markdown, Instant createdAt) {
        return db.atomically(() -> db.with(ctx -> {
            JooqIncidentRepository.lockForNumbering(ctx, incidentId);
            int version = ctx.select(coalesce(max(POSTMORTEM.VERSION), val(0)))
                    .from(POSTMORTEM)
                    .where(POSTMORTEM.INCIDENT_ID.eq(incidentId))
                    .fetchOne(0, Integer.class) + 1;
            ctx.insertInto(POSTMORTEM)
                    .set(POSTMORTEM.INCIDENT_ID, incidentId)
                    .set(POSTMORTEM.VERSION, version)
                    .set(POSTMORTEM.MARKDOWN, markdown)
                    .set(POSTMORTEM.CREATED_AT, createdAt)
                    .execute();
            return version;
        }));
    }

    @Override
    public Optional<String> latestDraft(long incidentId) {
        return db.with(ctx -> ctx.select(POSTMORTEM.MARKDOWN)
                .from(POSTMORTEM)
                .where(POSTMORTEM.INCIDENT_ID.eq(incidentId))
                .orderBy(POSTMORTEM.VERSION.desc())
                .limit(1)
                .fetchOptional(POSTMORTEM.MARKDOWN));
    }

    @Override
    public Optional<String> draft(long incidentId, int version) {
        return db.with(ctx -> ctx.select(POSTMORTEM.MARKDOWN)
                .from(POSTMORTEM)
                .where(POSTMORTEM.INCIDENT_ID.eq(incidentId), POSTMORTEM.VERSION.eq(version))
                .fetchOptional(POSTMORTEM.MARKDOWN));
    }
}
