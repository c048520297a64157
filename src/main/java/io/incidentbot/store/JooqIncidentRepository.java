package io.incidentbot.store;

import io.incidentbot.incident.ChannelState;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentFilter;
import io.incidentbot.incident.IncidentRepository;
import io.incidentbot.incident.Role;
import io.incidentbot.incident.Section;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.store.schema.tables.records.IncidentRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.incidentbot.store.schema.Tables.INCIDENT;
import static io.incidentbot.store.schema.Tables.INCIDENT_TAG;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.val;

/** Incidents on jOOQ. */
public final class JooqIncidentRepository implements IncidentRepository {
    private final Database db;

    public JooqIncidentRepository(Database db) {
        this.db = db;
    }

    @Override
    public Incident create(NewIncident n) {
        Instant at = n.openedAt();
        IncidentRecord r = db.with(ctx -> ctx.insertInto(INCIDENT)
                .set(INCIDENT.TEAM_ID, n.teamId())
                .set(INCIDENT.TITLE, n.title())
                .set(INCIDENT.SUMMARY, n.summary())
                .set(INCIDENT.SEVERITY, n.severity().name())
                .set(INCIDENT.STATUS, Status.INVESTIGATING.name())
                .set(INCIDENT.OPENED_BY, n.openedBy())
                .set(INCIDENT.LEAD_ID, n.openedBy())
                .set(INCIDENT.OPENED_AT, at)
                .set(INCIDENT.STARTED_AT, at)
                .set(INCIDENT.DETECTED_AT, at)
                .set(INCIDENT.IS_PRIVATE, n.isPrivate())
                .set(INCIDENT.ENTERPRISE_ID, n.enterpriseId())
                .returning()
                .fetchOne());
        return toIncident(r);
    }

    @Override
    public Optional<Incident> findById(long id) {
        return db.with(ctx -> ctx.selectFrom(INCIDENT).where(INCIDENT.ID.eq(id)).fetchOptional())
                .map(JooqIncidentRepository::toIncident);
    }

    @Override
    public Optional<Incident> findByChannel(String teamId, String channelId) {
        return db.with(ctx -> ctx.selectFrom(INCIDENT)
                        .where(INCIDENT.TEAM_ID.eq(teamId).and(INCIDENT.CHANNEL_ID.eq(channelId)))
                        .fetchOptional())
                .map(JooqIncidentRepository::toIncident);
    }

    @Override
    public List<Incident> openedBySince(String teamId, String userId, Instant since) {
        return db.with(ctx -> {
            if (db.vendor() == Database.Vendor.POSTGRESQL) {
                // held to the end of the caller's transaction: one person's concurrent declarations take turns
                ctx.select(DSL.function("pg_advisory_xact_lock", Object.class,
                        DSL.val((long) ("open:" + teamId + "/" + userId).hashCode()))).fetch();
            }
            return ctx.selectFrom(INCIDENT)
                .where(INCIDENT.TEAM_ID.eq(teamId), INCIDENT.OPENED_BY.eq(userId),
                        INCIDENT.OPENED_AT.ge(since))
                .orderBy(INCIDENT.ID)
                .fetch(JooqIncidentRepository::toIncident);
        });
    }

    @Override
    public void bindChannel(long id, String channelId, String channelName) {
        db.with(ctx -> ctx.update(INCIDENT)
                .set(INCIDENT.CHANNEL_ID, channelId)
                .set(INCIDENT.CHANNEL_NAME, channelName)
                .where(INCIDENT.ID.eq(id))
                .execute());
    }

    @Override
    public void setAnnouncement(long id, String channelId, String ts) {
        db.with(ctx -> ctx.update(INCIDENT)
                .set(INCIDENT.ANNOUNCE_CHANNEL_ID, channelId)
                .set(INCIDENT.ANNOUNCE_TS, ts)
                .where(INCIDENT.ID.eq(id))
                .execute());
    }

    @Override
    public boolean renameChannel(long id, String channelName) {
        return db.with(ctx -> ctx.update(INCIDENT)
                .set(INCIDENT.CHANNEL_NAME, channelName)
                .where(INCIDENT.ID.eq(id))
                .and(INCIDENT.CHANNEL_NAME.isNull().or(INCIDENT.CHANNEL_NAME.ne(channelName)))
                .execute()) == 1;
    }

    @Override
    public boolean moveChannelState(long id, Set<ChannelState> from, ChannelState to) {
        return db.with(ctx -> ctx.update(INCIDENT)
                .set(INCIDENT.CHANNEL_STATE, to.name())
                .where(INCIDENT.ID.eq(id))
                .and(INCIDENT.CHANNEL_STATE.in(from.stream().map(ChannelState::name).sorted().toList()))
                .execute()) == 1;
    }

    @Override
    public void markPrivate(long id) {
        db.with(ctx -> ctx.update(INCIDENT).set(INCIDENT.IS_PRIVATE, true).where(INCIDENT.ID.eq(id)).execute());
    }

    @Override
    public List<Incident> privateIncidents() {
        return db.with(ctx -> ctx.selectFrom(INCIDENT)
                .where(INCIDENT.IS_PRIVATE.isTrue())
                .orderBy(INCIDENT.ID.desc())
                .fetch(JooqIncidentRepository::toIncident));
    }

    @Override
    public boolean markResolved(long id, Instant resolvedAt, String rootCause) {
        return db.with(ctx -> ctx.update(INCIDENT)
                .set(INCIDENT.STATUS, Status.RESOLVED.name())
                .set(INCIDENT.RESOLVED_AT, resolvedAt)
                .set(INCIDENT.ROOT_CAUSE, rootCause)
                .where(INCIDENT.ID.eq(id).and(INCIDENT.STATUS.ne(Status.RESOLVED.name())))
                .execute()) == 1;
    }

    @Override
    public void setStatus(long id, Status status, Instant mitigatedAtIfUnset, Instant changedAt) {
        db.with(ctx -> ctx.update(INCIDENT)
                .set(INCIDENT.STATUS, status.name())
                .set(INCIDENT.MITIGATED_AT, mitigatedAtIfUnset == null ? INCIDENT.MITIGATED_AT
                        : coalesce(INCIDENT.MITIGATED_AT, val(mitigatedAtIfUnset, INCIDENT.MITIGATED_AT)))
                .set(INCIDENT.LAST_UPDATE_AT, changedAt)
                .where(INCIDENT.ID.eq(id))
                .execute());
    }

    @Override
    public void setSeverity(long id, Severity severity) {
        db.with(ctx -> ctx.update(INCIDENT).set(INCIDENT.SEVERITY, severity.name())
                .where(INCIDENT.ID.eq(id)).execute());
    }

    @Override
    public void setRole(long id, Role role, String userId) {
        var column = switch (role) {
            case LEAD -> INCIDENT.LEAD_ID;
            case COMMS -> INCIDENT.COMMS_ID;
            case SCRIBE -> INCIDENT.SCRIBE_ID;
        };
        db.with(ctx -> ctx.update(INCIDENT).set(column, userId).where(INCIDENT.ID.eq(id)).execute());
    }

    @Override
    public void setTimes(long id, Instant startedAt, Instant detectedAt, Instant mitigatedAt) {
        db.with(ctx -> ctx.update(INCIDENT)
                .set(INCIDENT.STARTED_AT, startedAt == null ? INCIDENT.STARTED_AT : val(startedAt, INCIDENT.STARTED_AT))
                .set(INCIDENT.DETECTED_AT, detectedAt == null ? INCIDENT.DETECTED_AT : val(detectedAt, INCIDENT.DETECTED_AT))
                .set(INCIDENT.MITIGATED_AT, mitigatedAt == null ? INCIDENT.MITIGATED_AT : val(mitigatedAt, INCIDENT.MITIGATED_AT))
                .where(INCIDENT.ID.eq(id))
                .execute());
    }

    @Override
    public void setSection(long id, Section section, String text) {
        var column = switch (section) {
            case SUMMARY -> INCIDENT.SUMMARY;
            case IMPACT -> INCIDENT.IMPACT;
            case ROOT_CAUSE -> INCIDENT.ROOT_CAUSE;
        };
        db.with(ctx -> ctx.update(INCIDENT).set(column, text).where(INCIDENT.ID.eq(id)).execute());
    }

    @Override
    public boolean reopen(long id, Instant at) {
        return db.with(ctx -> ctx.update(INCIDENT)
                .set(INCIDENT.STATUS, Status.INVESTIGATING.name())
                .setNull(INCIDENT.RESOLVED_AT)
                .set(INCIDENT.LAST_UPDATE_AT, at)
                .where(INCIDENT.ID.eq(id).and(INCIDENT.STATUS.eq(Status.RESOLVED.name())))
                .execute()) == 1;
    }

    @Override
    public void markUpdated(long id, Instant at) {
        db.with(ctx -> ctx.update(INCIDENT).set(INCIDENT.LAST_UPDATE_AT, at)
                .where(INCIDENT.ID.eq(id)).execute());
    }

    @Override
    public void markNudged(long id, Instant at) {
        db.with(ctx -> ctx.update(INCIDENT).set(INCIDENT.NUDGED_AT, at)
                .where(INCIDENT.ID.eq(id)).execute());
    }

    @Override
    public List<Incident> unresolved() {
        return db.with(ctx -> ctx.selectFrom(INCIDENT)
                .where(INCIDENT.STATUS.ne(Status.RESOLVED.name()))
                .orderBy(INCIDENT.ID)
                .fetch(JooqIncidentRepository::toIncident));
    }

    @Override
    public List<Incident> resolvedBefore(long exceptId, int limit) {
        return db.with(ctx -> ctx.selectFrom(INCIDENT)
                .where(INCIDENT.STATUS.eq(Status.RESOLVED.name()).and(INCIDENT.ID.ne(exceptId)))
                .orderBy(INCIDENT.ID.desc())
                .limit(limit)
                .fetch(JooqIncidentRepository::toIncident));
    }

    @Override
    public List<Incident> recent(int limit) {
        List<Incident> open = db.with(ctx -> ctx.selectFrom(INCIDENT)
                .where(INCIDENT.STATUS.ne(Status.RESOLVED.name()))
                .orderBy(INCIDENT.ID.desc())
                .limit(limit)
                .fetch(JooqIncidentRepository::toIncident));
        List<Incident> result = new ArrayList<>(open);
        if (result.size() < limit) {
            result.addAll(db.with(ctx -> ctx.selectFrom(INCIDENT)
                    .where(INCIDENT.STATUS.eq(Status.RESOLVED.name()))
                    .orderBy(INCIDENT.RESOLVED_AT.desc(), INCIDENT.ID.desc())
                    .limit(limit - result.size())
                    .fetch(JooqIncidentRepository::toIncident)));
        }
        return result;
    }

    @Override
    public void updateImported(long id, Imported i) {
        Instant opened = i.openedAt();
        db.with(ctx -> ctx.update(INCIDENT)
                .set(INCIDENT.TITLE, i.title())
                .set(INCIDENT.SEVERITY, i.severity().name())
                .set(INCIDENT.STATUS, Status.RESOLVED.name())
                .set(INCIDENT.CHANNEL_NAME, i.channelName())
                .set(INCIDENT.LEAD_ID, (String) null)
                .set(INCIDENT.OPENED_AT, opened)
                .set(INCIDENT.STARTED_AT, opened)
                .set(INCIDENT.DETECTED_AT, opened)
                .set(INCIDENT.MITIGATED_AT, (Instant) null)
                .set(INCIDENT.RESOLVED_AT, i.resolvedAt())
                .where(INCIDENT.ID.eq(id))
                .execute());
    }

    @Override
    public List<Incident> find(IncidentFilter filter, int offset, int limit) {
        return db.with(ctx -> ctx.selectFrom(INCIDENT)
                .where(matching(filter))
                .orderBy(INCIDENT.OPENED_AT.desc(), INCIDENT.ID.desc())
                .limit(limit)
                .offset(offset)
                .fetch(JooqIncidentRepository::toIncident));
    }

    @Override
    public int count(IncidentFilter filter) {
        return db.with(ctx -> ctx.fetchCount(INCIDENT, matching(filter)));
    }

    private static Condition matching(IncidentFilter filter) {
        Condition c = DSL.noCondition();
        if (!filter.statuses().isEmpty()) {
            c = c.and(INCIDENT.STATUS.in(filter.statuses().stream().map(Status::name).sorted().toList()));
        }
        if (!filter.severities().isEmpty()) {
            c = c.and(INCIDENT.SEVERITY.in(filter.severities().stream().map(Severity::name).sorted().toList()));
        }
        if (filter.tag() != null) {
            c = c.and(INCIDENT.ID.in(DSL.select(INCIDENT_TAG.INCIDENT_ID).from(INCIDENT_TAG)
                    .where(INCIDENT_TAG.TAG.eq(filter.tag()))));
        }
        IncidentFilter.Visibility visibility = filter.visibility();
        if (!visibility.everyPrivateIncident()) {
            Condition shownPrivate = visibility.privateIncidentIds().isEmpty() ? DSL.falseCondition()
                    : INCIDENT.ID.in(visibility.privateIncidentIds().stream().map(Long::intValue).sorted().toList());
            c = c.and(INCIDENT.IS_PRIVATE.isFalse().or(shownPrivate));
        }
        return c;
    }

    private static Incident toIncident(IncidentRecord r) {
        return new Incident(
                r.getId(),
                r.getTeamId(),
                r.getTitle(),
                r.getSummary(),
                Severity.valueOf(r.getSeverity()),
                Status.valueOf(r.getStatus()),
                r.getOpenedBy(),
                r.getLeadId(),
                r.getChannelId(),
                r.getChannelName(),
                r.getRootCause(),
                r.getAnnounceChannelId(),
                r.getAnnounceTs(),
                r.getOpenedAt(),
                r.getStartedAt(),
                r.getDetectedAt(),
                r.getMitigatedAt(),
                r.getResolvedAt(),
                r.getImpact(),
                r.getCommsId(),
                r.getScribeId(),
                r.getLastUpdateAt(),
                r.getNudgedAt(),
                Boolean.TRUE.equals(r.getIsPrivate()),
                r.getEnterpriseId(),
                ChannelState.parse(r.getChannelState()));
    }

    /**
     * Inside a transaction: waits for (and holds until commit) the incident's row lock, so that
     * per-incident numbers (action items, postmortem versions) computed as max + 1 cannot be taken
     * twice by concurrent transactions. PostgreSQL only: SQLite's writes are serialized already.
     */
    static void lockForNumbering(DSLContext ctx, long incidentId) {
        if (ctx.family() == SQLDialect.POSTGRES) {
            ctx.select(INCIDENT.ID).from(INCIDENT).where(INCIDENT.ID.eq(incidentId)).forUpdate().fetch();
        }
    }
}
