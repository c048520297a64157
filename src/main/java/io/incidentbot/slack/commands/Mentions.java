package io.incidentbot.slack.commands;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** User mentions in slash command text; with {@code should_escape} Slack sends them as {@code <@U123|name>}. */
final class Mentions {
    static final Pattern USER = Pattern.compile("<@([UW][A-Z0-9]+)(?:\\|[^>]*)?>");

    private Mentions() {
    }

    /** The first mentioned user id in the text. */
    static Optional<String> firstUser(String text) {
        Matcher m = USER.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The text without its first user mention. */
    static String withoutFirstUser(String text) {
        return USER.matcher(text).replaceFirst("").replaceAll("\\s{2,}", " ").strip();
    }

    static final String HOW_TO_MENTION = "Mention the person with @ and pick them from Slack's list, "
            + "so Slack sends their user id (e.g. `@alice`).";
}
