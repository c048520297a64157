package io.incidentbot.incident;

import java.util.Locale;
import java.util.Optional;

/** Incident roles: the lead runs the response, comms talks to stakeholders, the scribe keeps notes. */
public enum Role {
    LEAD("incident lead"), COMMS("communications lead"), SCRIBE("scribe");

    private final String title;

    Role(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public static Optional<Role> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "lead", "ic", "commander", "incident-lead" -> Optional.of(LEAD);
            case "comms", "communications", "comm" -> Optional.of(COMMS);
            case "scribe", "notes", "note-taker" -> Optional.of(SCRIBE);
            default -> Optional.empty();
        };
    }
}
