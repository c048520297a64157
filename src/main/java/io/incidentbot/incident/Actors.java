package io.incidentbot.incident;

import java.util.Locale;

/**
 * Who did something: a Slack user ({@code U…}), or an integration that acted on its own (an incident
 * declared from an alert records {@code integration:alertmanager} as its opener).
 */
public final class Actors {
    public static final String INTEGRATION_PREFIX = "integration:";

    private Actors() {
    }

    public static boolean isIntegration(String actorId) {
        return actorId != null && actorId.startsWith(INTEGRATION_PREFIX);
    }

    /** How messages name the actor: a Slack mention for a person, the integration's name otherwise. */
    public static String mention(String actorId) {
        if (actorId == null) {
            return "nobody";
        }
        if (isIntegration(actorId)) {
            String name = actorId.substring(INTEGRATION_PREFIX.length());
            for (AlertSource source : AlertSource.values()) {
                if (source.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return source.title();
                }
            }
            return name;
        }
        return "<@" + actorId + ">";
    }
}
