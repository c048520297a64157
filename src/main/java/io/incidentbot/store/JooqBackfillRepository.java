package io.incidentbot.store;

import io.incidentbot.incident.BackfillJob;
import io.incidentbot.incident.BackfillRepository;
import io.incidentbot.store.schema.tables.records.BackfillJobRecord;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.incidentbot.store.schema.Tables.BACKFILL_JOB;

/** Back-fill jobs on jOOQ. */
public final class JooqBackfillRepository implements BackfillRepository {
    private final Database db;

    public JooqBackfillRepository(Database db) {
        this.db = db;
    }

    @Override
    public void save(BackfillJob job, Instant at) {
        String threads = job.threads().isEmpty() ? null : String.join("\n", job.threads());
        db.with(ctx -> ctx.insertInto(BACKFILL_JOB)
                .set(BACKFILL_JOB.INCIDENT_ID, job.incidentId())
                .set(BACKFILL_JOB.CHANNEL_ID, job.channelId())
                .set(BACKFILL_JOB.OLDEST_TS, job.oldestTs())
                .set(BACKFILL_JOB.PHASE, job.phase().name())
                .set(BACKFILL_JOB.PAGE_CURSOR, job.cursor())
                .set(BACKFILL_JOB.THREADS, threads)
                .set(BACKFILL_JOB.MESSAGES, job.messages())
                .set(BACKFILL_JOB.PROGRESS_TS, job.progressTs())
                .set(BACKFILL_JOB.UPDATED_AT, at)
                .onConflict(BACKFILL_JOB.INCIDENT_ID)
                .doUpdate()
                .set(BACKFILL_JOB.PHASE, job.phase().name())
                .set(BACKFILL_JOB.PAGE_CURSOR, job.cursor())
                .set(BACKFILL_JOB.THREADS, threads)
                .set(BACKFILL_JOB.MESSAGES, job.messages())
                .set(BACKFILL_JOB.PROGRESS_TS, job.progressTs())
                .set(BACKFILL_JOB.UPDATED_AT, at)
                .execute());
    }

    @Override
    public List<BackfillJob> unfinished() {
        return db.with(ctx -> ctx.selectFrom(BACKFILL_JOB)
                .where(BACKFILL_JOB.PHASE.ne(BackfillJob.Phase.DONE.name()))
                .orderBy(BACKFILL_JOB.INCIDENT_ID)
                .fetch(JooqBackfillRepository::toJob));
    }

    private static BackfillJob toJob(BackfillJobRecord r) {
        return new BackfillJob(r.getIncidentId(), r.getChannelId(), r.getOldestTs(),
                BackfillJob.Phase.valueOf(r.getPhase()), r.getPageCursor(),
                r.getThreads() == null ? List.of() : Arrays.asList(r.getThreads().split("\n")),
                r.getMessages(), r.getProgressTs());
    }
}
