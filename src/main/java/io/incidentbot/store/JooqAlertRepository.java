package io.incidentbot.store;

import io.incidentbot.incident.AlertRepository;
import io.incidentbot.incident.AlertSource;
import io.incidentbot.incident.Severity;
import io.incidentbot.store.schema.tables.records.AlertGroupRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import static io.incidentbot.store.JooqIncidentRepository.instant;
import static io.incidentbot.store.schema.Tables.ALERT_GROUP;
import static io.incidentbot.store.schema.Tables.ALERT_SEEN;

/** Alert groups and the alert deliveries already acted on, on jOOQ. */
public final class JooqAlertRepository implements AlertRepository {
    private final Database db;

    public JooqAlertRepository(Database db) {
        this.db = db;
    }

    @Override
    public Group group(AlertSource source, String groupKey, Instant now) {
        String hash = hash(source, groupKey);
        return db.with(ctx -> {
            ctx.insertInto(ALERT_GROUP)
                    .set(ALERT_GROUP.SOURCE, source.name())
                    .set(ALERT_GROUP.GROUP_KEY, groupKey)
                    .set(ALERT_GROUP.GROUP_HASH, hash)
                    .set(ALERT_GROUP.MUTED, false)
                    .set(ALERT_GROUP.CREATED_AT, now.toEpochMilli())
                    .onConflictDoNothing()
                    .execute();
            var select = ctx.selectFrom(ALERT_GROUP).where(ALERT_GROUP.GROUP_HASH.eq(hash));
            // PostgreSQL: two deliveries of one group take turns, so they cannot both declare
            return toGroup(db.vendor() == Database.Vendor.POSTGRESQL ? select.forUpdate().fetchOne() : select.fetchOne());
        });
    }

    @Override
    public Optional<Group> group(long id) {
        return db.with(ctx -> {
            var select = ctx.selectFrom(ALERT_GROUP).where(ALERT_GROUP.ID.eq((int) id));
            AlertGroupRecord r = db.vendor() == Database.Vendor.POSTGRESQL ? select.forUpdate().fetchOne()
                    : select.fetchOne();
            return Optional.ofNullable(r).map(JooqAlertRepository::toGroup);
        });
    }

    @Override
    public Optional<Group> linkedTo(AlertSource source, long incidentId) {
        return db.with(ctx -> ctx.selectFrom(ALERT_GROUP)
                .where(ALERT_GROUP.INCIDENT_ID.eq((int) incidentId), ALERT_GROUP.SOURCE.eq(source.name()))
                .orderBy(ALERT_GROUP.ID)
                .limit(1)
                .fetchOptional(JooqAlertRepository::toGroup));
    }

    @Override
    public void link(long groupId, long incidentId, Link how, Instant at) {
        db.with(ctx -> ctx.update(ALERT_GROUP)
                .set(ALERT_GROUP.INCIDENT_ID, (int) incidentId)
                .set(ALERT_GROUP.LINKED_AT, at.toEpochMilli())
                .set(ALERT_GROUP.LINK_KIND, how.name())
                .where(ALERT_GROUP.ID.eq((int) groupId))
                .execute());
    }

    @Override
    public boolean fromPager(long incidentId) {
        return db.with(ctx -> ctx.fetchExists(ALERT_GROUP, ALERT_GROUP.INCIDENT_ID.eq((int) incidentId),
                ALERT_GROUP.SOURCE.eq(AlertSource.PAGERDUTY.name()), ALERT_GROUP.LINK_KIND.ne(Link.PAGE.name())));
    }

    @Override
    public void unlink(long groupId) {
        db.with(ctx -> ctx.update(ALERT_GROUP)
                .setNull(ALERT_GROUP.INCIDENT_ID)
                .setNull(ALERT_GROUP.LINKED_AT)
                .setNull(ALERT_GROUP.LINK_KIND)
                .where(ALERT_GROUP.ID.eq((int) groupId))
                .execute());
    }

    @Override
    public void mute(long groupId, boolean muted) {
        db.with(ctx -> ctx.update(ALERT_GROUP).set(ALERT_GROUP.MUTED, muted)
                .where(ALERT_GROUP.ID.eq((int) groupId)).execute());
    }

    @Override
    public boolean offerTriage(long groupId, String title, Severity severity, Instant startsAt, String entry) {
        return db.with(ctx -> ctx.update(ALERT_GROUP)
                .set(ALERT_GROUP.TRIAGE_TITLE, title)
                .set(ALERT_GROUP.TRIAGE_SEVERITY, severity == null ? null : severity.name())
                .set(ALERT_GROUP.TRIAGE_STARTS_AT, startsAt == null ? null : startsAt.toEpochMilli())
                .set(ALERT_GROUP.TRIAGE_ENTRY, entry)
                .where(ALERT_GROUP.ID.eq((int) groupId), ALERT_GROUP.TRIAGE_TITLE.isNull())
                .execute()) == 1;
    }

    @Override
    public void clearTriage(long groupId) {
        db.with(ctx -> ctx.update(ALERT_GROUP)
                .setNull(ALERT_GROUP.TRIAGE_TITLE)
                .setNull(ALERT_GROUP.TRIAGE_SEVERITY)
                .setNull(ALERT_GROUP.TRIAGE_STARTS_AT)
                .setNull(ALERT_GROUP.TRIAGE_ENTRY)
                .where(ALERT_GROUP.ID.eq((int) groupId))
                .execute());
    }

    @Override
    public int declaredSince(Instant since) {
        return db.with(ctx -> ctx.fetchCount(ALERT_GROUP, ALERT_GROUP.LINK_KIND.eq(Link.DECLARED.name()),
                ALERT_GROUP.LINKED_AT.ge(since.toEpochMilli())));
    }

    @Override
    public boolean firstSeen(String key, Instant at) {
        return db.with(ctx -> ctx.insertInto(ALERT_SEEN)
                .set(ALERT_SEEN.SEEN_KEY, key)
                .set(ALERT_SEEN.SEEN_AT, at.toEpochMilli())
                .onConflictDoNothing()
                .execute()) == 1;
    }

    @Override
    public int forgetSeenBefore(Instant before) {
        return db.with(ctx -> ctx.deleteFrom(ALERT_SEEN).where(ALERT_SEEN.SEEN_AT.lt(before.toEpochMilli())).execute());
    }

    private static Group toGroup(AlertGroupRecord r) {
        return new Group(r.getId(), AlertSource.valueOf(r.getSource()), r.getGroupKey(),
                r.getIncidentId() == null ? null : r.getIncidentId().longValue(),
                r.getLinkKind() == null ? null : Link.valueOf(r.getLinkKind()), Boolean.TRUE.equals(r.getMuted()),
                r.getTriageTitle(), r.getTriageSeverity() == null ? null : Severity.valueOf(r.getTriageSeverity()),
                instant(r.getTriageStartsAt()), r.getTriageEntry());
    }

    static String hash(AlertSource source, String groupKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source.name().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(groupKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
