package io.incidentbot.incident;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key a page of an incident carries ({@code incident-bot/<team id>/INC-n}): the same for every
 * page, resolve and retry of one incident, so the paging service merges them into one of its incidents.
 */
public final class PageKeys {
    private static final Pattern KEY = Pattern.compile("incident-bot/([A-Z0-9]{1,32})/" + Incident.ID_PREFIX + "(\\d{1,18})");

    private PageKeys() {
    }

    public static String of(Incident incident) {
        return "incident-bot/" + incident.teamId() + "/" + incident.humanId();
    }

    /** The incident a key names, when it is one of this workspace's. */
    public static Optional<Long> incidentOf(String teamId, String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(key);
        if (!m.matches() || !m.group(1).equals(teamId)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(m.group(2)));
    }
}
