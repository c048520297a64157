package io.incidentbot.incident;

/**
 * The incident channel as Slack last reported it. The incident's record works in every state; the
 * bot only posts in the channel while it is {@link #ACTIVE} (anything else would fail for good).
 */
public enum ChannelState {
    ACTIVE,
    ARCHIVED,
    /** The bot was removed from the channel (it can be invited back). */
    BOT_REMOVED,
    DELETED;

    /** How people read it: "the channel is archived". */
    public String describe() {
        return switch (this) {
            case ACTIVE -> "active";
            case ARCHIVED -> "archived";
            case BOT_REMOVED -> "closed to the bot (it was removed from it)";
            case DELETED -> "deleted";
        };
    }

    public boolean botCanPost() {
        return this == ACTIVE;
    }

    /** Reads a stored value; anything unknown counts as active (never blocks an incident). */
    public static ChannelState parse(String stored) {
        if (stored == null) {
            return ACTIVE;
        }
        try {
            return valueOf(stored);
        } catch (IllegalArgumentException e) {
            return ACTIVE;
        }
    }
}
