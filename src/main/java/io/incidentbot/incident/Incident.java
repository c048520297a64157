package io.incidentbot.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One incident. Times are UTC instants; {@code startedAt} (start of impact) and {@code detectedAt}
 * default to the open time. {@code channelId} is null until Slack has created the channel.
 * A private incident ({@code isPrivate}) lives in a private channel: it is never announced or shared,
 * and only its channel's members see it outside that channel.
 */
public record Incident(
        long id,
        String teamId,
        String title,
        String summary,
        Severity severity,
        Status status,
        String openedBy,
        String leadId,
        String channelId,
        String channelName,
        String rootCause,
        String announceChannelId,
        String announceTs,
        Instant openedAt,
        Instant startedAt,
        Instant detectedAt,
        Instant mitigatedAt,
        Instant resolvedAt,
        String impact,
        String commsId,
        String scribeId,
        Instant lastUpdateAt,
        Instant nudgedAt,
        boolean isPrivate) {

    public static final String ID_PREFIX = "INC-";

    /** An incident as the core knows it: no impact text, roles other than lead, or update bookkeeping. */
    public Incident(long id, String teamId, String title, String summary, Severity severity, Status status,
                    String openedBy, String leadId, String channelId, String channelName, String rootCause,
                    String announceChannelId, String announceTs, Instant openedAt, Instant startedAt,
                    Instant detectedAt, Instant mitigatedAt, Instant resolvedAt) {
        this(id, teamId, title, summary, severity, status, openedBy, leadId, channelId, channelName, rootCause,
                announceChannelId, announceTs, openedAt, startedAt, detectedAt, mitigatedAt, resolvedAt,
                null, null, null, null, null);
    }

    /** A public incident with every stored field. */
    public Incident(long id, String teamId, String title, String summary, Severity severity, Status status,
                    String openedBy, String leadId, String channelId, String channelName, String rootCause,
                    String announceChannelId, String announceTs, Instant openedAt, Instant startedAt,
                    Instant detectedAt, Instant mitigatedAt, Instant resolvedAt, String impact, String commsId,
                    String scribeId, Instant lastUpdateAt, Instant nudgedAt) {
        this(id, teamId, title, summary, severity, status, openedBy, leadId, channelId, channelName, rootCause,
                announceChannelId, announceTs, openedAt, startedAt, detectedAt, mitigatedAt, resolvedAt,
                impact, commsId, scribeId, lastUpdateAt, nudgedAt, false);
    }

    /** Who holds a role, or null. */
    public String holder(Role role) {
        return switch (role) {
            case LEAD -> leadId;
            case COMMS -> commsId;
            case SCRIBE -> scribeId;
        };
    }

    public Optional<String> impactText() {
        return Optional.ofNullable(impact).filter(s -> !s.isBlank());
    }

    /** The short id people say out loud: INC-42. */
    public String humanId() {
        return ID_PREFIX + id;
    }

    public boolean isResolved() {
        return status == Status.RESOLVED;
    }

    /** From start of impact to resolution, or empty while open. */
    public Optional<Duration> duration() {
        return resolvedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, resolvedAt));
    }

    public Optional<String> summaryText() {
        return Optional.ofNullable(summary).filter(s -> !s.isBlank());
    }

    public Optional<String> rootCauseText() {
        return Optional.ofNullable(rootCause).filter(s -> !s.isBlank());
    }
}
