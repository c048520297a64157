package io.incidentbot.slackapi;

import java.util.regex.Pattern;

/**
 * Slack's ids (users, enterprises, channels…) are short runs of capital letters and digits. An id
 * taken from a payload into a stored column is checked first: anything else (blank, oversized,
 * hostile) is treated as absent rather than failing the write and having Slack retry it forever.
 */
public final class SlackIds {
    private static final Pattern ID = Pattern.compile("[A-Z0-9]{1,32}");

    private SlackIds() {
    }

    /** {@code id} when it looks like a Slack id, else null. */
    public static String orNull(String id) {
        if (id == null) {
            return null;
        }
        String s = id.strip();
        return ID.matcher(s).matches() ? s : null;
    }
}
