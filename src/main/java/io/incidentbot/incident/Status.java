package io.incidentbot.incident;

import java.util.Locale;
import java.util.Optional;

/** Status-page convention: investigating → identified → monitoring → resolved. */
public enum Status {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED;

    /** "investigating" */
    public String display() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "Investigating" */
    public String title() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    public static Optional<Status> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Status s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
