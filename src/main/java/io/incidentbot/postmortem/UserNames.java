package io.incidentbot.postmortem;

/**
 * Resolves Slack user ids to the names people know each other by.
 * Implementations may look names up in Slack and cache them; the renderer only needs this.
 */
@FunctionalInterface
public interface UserNames {

    /**
     * The person's display name without a leading {@code @}, or {@code userId} itself when the
     * user is unknown. Never null.
     */
    String displayName(String userId);

    /**
     * The person's Slack time zone ({@code users.info} {@code tz}), or null when unknown: the
     * drafter reads a time someone states ("since 14:05") in it, and in UTC when it is null.
     */
    default java.time.ZoneId timeZone(String userId) {
        return null;
    }

    /** A resolver that knows nobody: every id is shown as itself. */
    static UserNames idsOnly() {
        return id -> id == null ? "" : id;
    }
}
