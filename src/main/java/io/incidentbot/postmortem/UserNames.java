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

    /** A resolver that knows nobody: every id is shown as itself. */
    static UserNames idsOnly() {
        return id -> id == null ? "" : id;
    }
}
