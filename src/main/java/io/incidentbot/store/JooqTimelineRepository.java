package io.incidentbot.store;

import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.SlackTs;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.incident.TimelinePosition;
import io.incidentbot.incident.TimelineEntry.Kind;
import io.incidentbot.incident.TimelineRepository;
import io.incidentbot.store.schema.tables.records.TimelineEntryRecord;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.incidentbot.store.schema.Tables.INCIDENT;
import static io.incidentbot.store.schema.Tables.PIN_MARK;
import static io.incidentbot.store.schema.Tables.PROCESSED_EVENT;
import static io.incidentbot.store.schema.Tables.TIMELINE_ENTRY;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.position;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.selectOne;

/** Timeline entries, pins and processed event ids on jOOQ. */
public final class JooqTimelineRepository implements TimelineRepository {
    private static final Field<Boolean> PINNED = exists(selectOne().from(PIN_MARK)
            .where(PIN_MARK.TEAM_ID.eq(TIMELINE_ENTRY.TEAM_ID)
                    .and(PIN_MARK.CHANNEL_ID.eq(TIMELINE_ENTRY.CHANNEL_ID))
                    .and(PIN_MARK.TS.eq(TIMELINE_ENTRY.TS)))).as("pinned");

    private final Database db;
    /** The two statements every captured message runs, rendered once (see {@link Database.Reusable}). */
    private final Database.Reusable insertMessage;
    private final Database.Reusable insertProcessedEvent;
    /** Timelines are read with plain JDBC: a big incident's is a hundred thousand rows. */
    private final Database.Reusable entriesOfIncident;
    private final Database.Reusable entryOfMessage;
    private final Database.Reusable pageOfIncident;
    private final Database.Reusable pageOfSearch;
    private final Database.Reusable countOfIncident;
    private final Database.Reusable authorsOfIncident;

    public JooqTimelineRepository(Database db) {
        this.db = db;
        this.entriesOfIncident = db.reusable(ctx -> ctx.select(ENTRY_FIELDS)
                .from(TIMELINE_ENTRY)
                .where(TIMELINE_ENTRY.INCIDENT_ID.eq((Long) null))
                .orderBy(TIMELINE_ENTRY.OCCURRED_AT, TIMELINE_ENTRY.TS, TIMELINE_ENTRY.ID));
        // the page's position as (time, id) > (?, ?), spelled out: one shape for every SQL dialect
        Condition afterPosition = TIMELINE_ENTRY.OCCURRED_AT.gt((Instant) null)
                .or(TIMELINE_ENTRY.OCCURRED_AT.eq((Instant) null).and(TIMELINE_ENTRY.ID.gt((Long) null)));
        Condition shown = TIMELINE_ENTRY.INCIDENT_ID.eq((Long) null).and(TIMELINE_ENTRY.DELETED.eq(false));
        this.pageOfIncident = db.reusable(ctx -> ctx.select(ENTRY_FIELDS)
                .from(TIMELINE_ENTRY)
                .where(shown).and(afterPosition)
                .orderBy(TIMELINE_ENTRY.OCCURRED_AT, TIMELINE_ENTRY.ID)
                .limit(val(0)));
        this.pageOfSearch = db.reusable(ctx -> ctx.select(ENTRY_FIELDS)
                .from(TIMELINE_ENTRY)
                .where(shown).and(afterPosition)
                .and(TIMELINE_ENTRY.TEXT.containsIgnoreCase((String) null)
                        .or(TIMELINE_ENTRY.FILES.containsIgnoreCase((String) null))
                        .or(TIMELINE_ENTRY.AUTHOR_NAME.containsIgnoreCase((String) null))
                        // the authors whose names match: one value, ",U1,U2,", so the statement keeps its shape
                        .or(position(val((String) null), inline(",").concat(TIMELINE_ENTRY.AUTHOR_ID).concat(inline(",")))
                                .gt(inline(0))))
                .orderBy(TIMELINE_ENTRY.OCCURRED_AT, TIMELINE_ENTRY.ID)
                .limit(val(0)));
        this.authorsOfIncident = db.reusable(ctx -> ctx.selectDistinct(TIMELINE_ENTRY.AUTHOR_ID).from(TIMELINE_ENTRY)
                .where(TIMELINE_ENTRY.INCIDENT_ID.eq((Long) null)).and(TIMELINE_ENTRY.AUTHOR_ID.isNotNull()));
        this.countOfIncident = db.reusable(ctx -> ctx.selectCount().from(TIMELINE_ENTRY).where(shown));
        this.entryOfMessage = db.reusable(ctx -> ctx.select(ENTRY_FIELDS)
                .from(TIMELINE_ENTRY)
                .where(messageKey(null, null, null)));
        this.insertMessage = db.reusable(ctx -> ctx.insertInto(TIMELINE_ENTRY,
                        TIMELINE_ENTRY.INCIDENT_ID, TIMELINE_ENTRY.KIND, TIMELINE_ENTRY.TEAM_ID, TIMELINE_ENTRY.CHANNEL_ID,
                        TIMELINE_ENTRY.TS, TIMELINE_ENTRY.THREAD_TS, TIMELINE_ENTRY.AUTHOR_ID, TIMELINE_ENTRY.AUTHOR_NAME,
                        TIMELINE_ENTRY.TEXT, TIMELINE_ENTRY.FILES, TIMELINE_ENTRY.OCCURRED_AT, TIMELINE_ENTRY.DELETED,
                        TIMELINE_ENTRY.ENTERPRISE_ID)
                .values((Long) null, null, null, null, null, null, null, null, null, null, null, null, null)
                .onConflictDoNothing());
        this.insertProcessedEvent = db.reusable(ctx -> ctx.insertInto(PROCESSED_EVENT,
                        PROCESSED_EVENT.EVENT_ID, PROCESSED_EVENT.RECEIVED_AT)
                .values((String) null, null)
                .onConflictDoNothing());
    }

    @Override
    public boolean insertMessage(long incidentId, IncomingMessage m) {
        return db.execute(insertMessage, incidentId, (m.fromBot() ? Kind.BOT_MESSAGE : Kind.MESSAGE).name(),
                m.teamId(), m.channelId(), m.ts(), m.threadTs(), m.userId(), m.botName(),
                m.text() == null ? "" : m.text(), joinFiles(m.files()), SlackTs.toInstant(m.ts()),
                false, m.enterpriseId()) == 1;
    }

    @Override
    public boolean editMessage(long incidentId, IncomingMessage edited, Instant editedAt) {
        return db.atomically(() -> db.with(ctx -> {
            TimelineEntryRecord existing = ctx.selectFrom(TIMELINE_ENTRY)
                    .where(messageKey(edited.teamId(), edited.channelId(), edited.ts()))
                    .fetchOne();
            if (existing == null) {
                TimelineEntryRecord r = messageRecord(incidentId, edited);
                r.setEditedAt(editedAt);
                ctx.insertInto(TIMELINE_ENTRY).set(r)
                        .set(TIMELINE_ENTRY.ENTERPRISE_ID, enterpriseOr(edited.enterpriseId(), incidentId)).execute();
                return true;
            }
            if (existing.getDeleted()) {
                return false;
            }
            if (existing.getFirstText() == null) {
                existing.setFirstText(existing.getText());
            }
            existing.setText(edited.text());
            existing.setFiles(joinFiles(edited.files()));
            existing.setEditedAt(editedAt);
            existing.store();
            return true;
        }));
    }

    @Override
    public void deleteMessage(long incidentId, String teamId, String channelId, String ts) {
        db.atomically(() -> db.with(ctx -> {
            int updated = ctx.update(TIMELINE_ENTRY)
                    .set(TIMELINE_ENTRY.DELETED, true)
                    .where(messageKey(teamId, channelId, ts))
                    .execute();
            if (updated == 0) {
                // Deleted before we saw it: a tombstone keeps a late delivery of the original out.
                TimelineEntryRecord tomb = messageRecord(incidentId,
                        new IncomingMessage(teamId, channelId, ts, null, null, null, "", List.of()));
                tomb.setDeleted(true);
                ctx.insertInto(TIMELINE_ENTRY).set(tomb)
                        .set(TIMELINE_ENTRY.ENTERPRISE_ID, enterpriseOr(null, incidentId)).onConflictDoNothing().execute();
            }
            return null;
        }));
    }

    @Override
    public void appendLifecycle(long incidentId, String teamId, String authorId, String text, Instant at) {
        db.with(ctx -> ctx.insertInto(TIMELINE_ENTRY)
                .set(TIMELINE_ENTRY.INCIDENT_ID, incidentId)
                .set(TIMELINE_ENTRY.KIND, Kind.LIFECYCLE.name())
                .set(TIMELINE_ENTRY.TEAM_ID, teamId)
                .set(TIMELINE_ENTRY.AUTHOR_ID, authorId)
                .set(TIMELINE_ENTRY.TEXT, text)
                .set(TIMELINE_ENTRY.OCCURRED_AT, at)
                .set(TIMELINE_ENTRY.ENTERPRISE_ID, enterpriseOr(null, incidentId))
                .execute());
    }

    @Override
    public void appendIntegration(long incidentId, String teamId, String source, String text, Instant at) {
        db.with(ctx -> ctx.insertInto(TIMELINE_ENTRY)
                .set(TIMELINE_ENTRY.INCIDENT_ID, incidentId)
                .set(TIMELINE_ENTRY.KIND, Kind.BOT_MESSAGE.name())
                .set(TIMELINE_ENTRY.TEAM_ID, teamId)
                .set(TIMELINE_ENTRY.AUTHOR_NAME, source)
                .set(TIMELINE_ENTRY.TEXT, text)
                .set(TIMELINE_ENTRY.OCCURRED_AT, at)
                .set(TIMELINE_ENTRY.ENTERPRISE_ID, enterpriseOr(null, incidentId))
                .execute());
    }

    @Override
    public int moveLifecycle(long incidentId, String text, Instant at) {
        return db.with(ctx -> ctx.update(TIMELINE_ENTRY)
                .set(TIMELINE_ENTRY.OCCURRED_AT, at)
                .where(TIMELINE_ENTRY.INCIDENT_ID.eq(incidentId), TIMELINE_ENTRY.KIND.eq(Kind.LIFECYCLE.name()),
                        TIMELINE_ENTRY.TEXT.eq(text))
                .execute());
    }

    @Override
    public boolean addPin(String teamId, String enterpriseId, String channelId, String ts, String source) {
        return db.with(ctx -> ctx.insertInto(PIN_MARK)
                .set(PIN_MARK.TEAM_ID, teamId)
                .set(PIN_MARK.ENTERPRISE_ID, enterpriseId)
                .set(PIN_MARK.CHANNEL_ID, channelId)
                .set(PIN_MARK.TS, ts)
                .set(PIN_MARK.SOURCE, source)
                .onConflictDoNothing()
                .execute()) == 1;
    }

    @Override
    public boolean removePin(String teamId, String channelId, String ts, String source) {
        return db.with(ctx -> ctx.deleteFrom(PIN_MARK)
                .where(PIN_MARK.TEAM_ID.eq(teamId), PIN_MARK.CHANNEL_ID.eq(channelId),
                        PIN_MARK.TS.eq(ts), PIN_MARK.SOURCE.eq(source))
                .execute()) == 1;
    }

    @Override
    public int deleteTimeline(long incidentId) {
        return db.atomically(() -> db.with(ctx -> {
            ctx.deleteFrom(PIN_MARK)
                    .where(exists(selectOne().from(TIMELINE_ENTRY)
                            .where(TIMELINE_ENTRY.INCIDENT_ID.eq(incidentId))
                            .and(TIMELINE_ENTRY.TEAM_ID.eq(PIN_MARK.TEAM_ID))
                            .and(TIMELINE_ENTRY.CHANNEL_ID.eq(PIN_MARK.CHANNEL_ID))
                            .and(TIMELINE_ENTRY.TS.eq(PIN_MARK.TS))))
                    .execute();
            return ctx.deleteFrom(TIMELINE_ENTRY)
                    .where(TIMELINE_ENTRY.INCIDENT_ID.eq(incidentId))
                    .execute();
        }));
    }

    @Override
    public List<TimelineEntry> entries(long incidentId) {
        return db.query(entriesOfIncident, JooqTimelineRepository::toEntry, incidentId);
    }

    @Override
    public List<TimelineEntry> page(long incidentId, TimelinePosition after, String search, Set<String> authors,
                                    int limit) {
        TimelinePosition from = after != null ? after : new TimelinePosition(Instant.ofEpochMilli(Long.MIN_VALUE), 0);
        if (search == null || search.isEmpty()) {
            return db.query(pageOfIncident, JooqTimelineRepository::toEntry, incidentId, false, from.at(), from.at(),
                    from.id(), limit);
        }
        String authorList = "," + String.join(",", authors) + ",";
        return db.query(pageOfSearch, JooqTimelineRepository::toEntry, incidentId, false, from.at(), from.at(),
                from.id(), search, search, search, authorList, limit);
    }

    @Override
    public List<String> authors(long incidentId) {
        return db.query(authorsOfIncident, r -> r.getString(1), incidentId);
    }

    @Override
    public int countShown(long incidentId) {
        return db.query(countOfIncident, r -> r.getInt(1), incidentId, false).get(0);
    }

    @Override
    public Optional<TimelineEntry> findMessage(String teamId, String channelId, String ts) {
        return db.query(entryOfMessage, JooqTimelineRepository::toEntry, teamId, channelId, ts).stream().findFirst();
    }

    @Override
    public boolean markEventProcessed(String eventId, Instant receivedAt) {
        return db.execute(insertProcessedEvent, eventId, receivedAt) == 1;
    }

    /**
     * The Enterprise Grid organization Slack named with the entry, else the incident's own: lifecycle
     * entries, back-filled history and tombstones come without one.
     */
    private static Field<String> enterpriseOr(String given, long incidentId) {
        return given != null ? val(given) : field(select(INCIDENT.ENTERPRISE_ID).from(INCIDENT)
                .where(INCIDENT.ID.eq(incidentId)));
    }

    private static Condition messageKey(String teamId, String channelId, String ts) {
        return TIMELINE_ENTRY.TEAM_ID.eq(teamId)
                .and(TIMELINE_ENTRY.CHANNEL_ID.eq(channelId))
                .and(TIMELINE_ENTRY.TS.eq(ts));
    }

    private static TimelineEntryRecord messageRecord(long incidentId, IncomingMessage m) {
        TimelineEntryRecord r = new TimelineEntryRecord();
        r.setIncidentId(incidentId);
        r.setKind((m.fromBot() ? Kind.BOT_MESSAGE : Kind.MESSAGE).name());
        r.setTeamId(m.teamId());
        r.setChannelId(m.channelId());
        r.setTs(m.ts());
        r.setThreadTs(m.threadTs());
        r.setAuthorId(m.userId());
        r.setAuthorName(m.botName());
        r.setText(m.text() == null ? "" : m.text());
        r.setFiles(joinFiles(m.files()));
        r.setOccurredAt(SlackTs.toInstant(m.ts()));
        r.setDeleted(false);
        return r;
    }

    private static String joinFiles(List<String> files) {
        return files == null || files.isEmpty() ? null : String.join("\n", files);
    }

    private static Long nullable(ResultSet r, long value) throws SQLException {
        return r.wasNull() ? null : value;
    }

    /** What a {@link TimelineEntry} is read from, in {@link #toEntry}'s order. */
    private static final List<Field<?>> ENTRY_FIELDS = List.of(TIMELINE_ENTRY.ID, TIMELINE_ENTRY.INCIDENT_ID,
            TIMELINE_ENTRY.KIND, TIMELINE_ENTRY.TS, TIMELINE_ENTRY.THREAD_TS, TIMELINE_ENTRY.AUTHOR_ID,
            TIMELINE_ENTRY.AUTHOR_NAME, TIMELINE_ENTRY.TEXT, TIMELINE_ENTRY.FIRST_TEXT, TIMELINE_ENTRY.OCCURRED_AT,
            TIMELINE_ENTRY.EDITED_AT, TIMELINE_ENTRY.DELETED, PINNED, TIMELINE_ENTRY.FILES);

    private static TimelineEntry toEntry(ResultSet r) throws SQLException {
        String files = r.getString(14);
        return new TimelineEntry(
                r.getLong(1),
                r.getLong(2),
                Kind.valueOf(r.getString(3)),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                r.getString(7),
                r.getString(8),
                r.getString(9),
                EpochMillis.INSTANCE.from(r.getLong(10)),
                EpochMillis.INSTANCE.from(nullable(r, r.getLong(11))),
                r.getBoolean(12),
                r.getBoolean(13),
                files == null ? List.of() : List.of(files.split("\n")));
    }
}
