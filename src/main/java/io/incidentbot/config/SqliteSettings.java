package io.incidentbot.config;

import java.util.Locale;
import java.util.Map;

/**
 * SQLite's durability ({@code SQLITE_SYNCHRONOUS}: {@code NORMAL} or {@code FULL}) and whether event
 * writes share commits ({@code SQLITE_GROUP_COMMIT}: on or off); PostgreSQL ignores both.
 */
public record SqliteSettings(String synchronous, boolean groupCommit) {
    /** NORMAL, group commit on: what the bot uses when neither is set. */
    public static SqliteSettings defaults() {
        return new SqliteSettings("NORMAL", true);
    }

    static SqliteSettings fromMap(Map<String, String> v) {
        String sync = Settings.trimmed(v.get("SQLITE_SYNCHRONOUS"));
        String level = sync == null ? "NORMAL" : sync.toUpperCase(Locale.ROOT);
        if (!level.equals("NORMAL") && !level.equals("FULL")) {
            throw new Config.ConfigException("SQLITE_SYNCHRONOUS must be NORMAL or FULL (got \"" + Settings.shown(sync)
                    + "\", default NORMAL)");
        }
        String group = Settings.trimmed(v.get("SQLITE_GROUP_COMMIT"));
        boolean grouped = group == null || switch (group.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new Config.ConfigException("SQLITE_GROUP_COMMIT must be on or off (got \""
                    + Settings.shown(group) + "\", default on)");
        };
        return new SqliteSettings(level, grouped);
    }

    @Override
    public String toString() {
        return "synchronous=" + synchronous + ", groupCommit=" + (groupCommit ? "on" : "off");
    }
}
