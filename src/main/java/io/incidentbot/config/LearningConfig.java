package io.incidentbot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of the learning loop after an incident.
 *
 * @param shareChannel      {@code POSTMORTEM_SHARE_CHANNEL}: channel id or #name where published postmortems and
 *                          reviews are shared; null for none
 * @param archiveAfterDays  {@code ARCHIVE_AFTER_DAYS}: days after publishing before the incident channel is
 *                          archived; 0 keeps it open (default 7)
 * @param tags              {@code INCIDENT_TAGS}: the tags {@code /incident tag} accepts
 * @param reviewAfterMonths {@code REVIEW_AFTER_MONTHS}: months after publishing before the after-action review;
 *                          0 turns it off (default 6)
 */
public record LearningConfig(String shareChannel, int archiveAfterDays, List<String> tags, int reviewAfterMonths) {

    public static final List<String> DEFAULT_TAGS =
            List.of("db", "network", "deploy", "config", "capacity", "dependency", "security", "other");
    public static final int DEFAULT_ARCHIVE_AFTER_DAYS = 7;
    public static final int DEFAULT_REVIEW_AFTER_MONTHS = 6;
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public LearningConfig {
        tags = List.copyOf(tags);
    }

    public static LearningConfig defaults() {
        return new LearningConfig(null, DEFAULT_ARCHIVE_AFTER_DAYS, DEFAULT_TAGS, DEFAULT_REVIEW_AFTER_MONTHS);
    }

    /** Reads the four variables; a malformed one is a {@link Config.ConfigException} that says what to write. */
    static LearningConfig fromMap(Map<String, String> v) {
        String share = trimmed(v.get("POSTMORTEM_SHARE_CHANNEL"));
        int archive = count(v, "ARCHIVE_AFTER_DAYS", DEFAULT_ARCHIVE_AFTER_DAYS, 3650,
                "days after publishing before the incident channel is archived (0 keeps it open)");
        int review = count(v, "REVIEW_AFTER_MONTHS", DEFAULT_REVIEW_AFTER_MONTHS, 120,
                "months after publishing before the after-action review (0 turns it off)");
        return new LearningConfig(share, archive, tags(trimmed(v.get("INCIDENT_TAGS"))), review);
    }

    static List<String> tags(String text) {
        if (text == null) {
            return DEFAULT_TAGS;
        }
        List<String> out = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            String tag = part.strip().toLowerCase(Locale.ROOT);
            if (tag.isEmpty()) {
                continue;
            }
            if (!TAG.matcher(tag).matches()) {
                throw new Config.ConfigException("INCIDENT_TAGS: \"" + part.strip() + "\" is not a tag: use lower-case "
                        + "letters, digits, - and _ (up to 32), separated by commas, e.g. "
                        + "INCIDENT_TAGS=db,network,deploy,config,capacity,dependency,security,other");
            }
            if (!out.contains(tag)) {
                out.add(tag);
            }
        }
        if (out.isEmpty()) {
            return DEFAULT_TAGS;
        }
        return out;
    }

    private static int count(Map<String, String> v, String name, int dflt, int max, String meaning) {
        String text = trimmed(v.get(name));
        if (text == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(text);
            if (n < 0 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Config.ConfigException(name + " must be a whole number from 0 to " + max + ": " + meaning
                    + " (got \"" + text + "\", default " + dflt + ")");
        }
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
