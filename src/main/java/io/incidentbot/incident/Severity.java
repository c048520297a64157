package io.incidentbot.incident;

import java.util.Locale;
import java.util.Optional;

/** Severity levels as defined in the postmortem template (P1 is the worst). */
public enum Severity {
    P1("Critical", "major user impact or money lost; respond immediately"),
    P2("High", "significant impact, partial outage"),
    P3("Medium", "minor user impact; a workaround exists"),
    P4("Low", "minimal impact, internal only");

    public static final Severity DEFAULT = P3;

    private final String label;
    private final String definition;

    Severity(String label, String definition) {
        this.label = label;
        this.definition = definition;
    }

    public String label() {
        return label;
    }

    public String definition() {
        return definition;
    }

    /** "P1 (Critical)" */
    public String display() {
        return name() + " (" + label + ")";
    }

    /** Accepts "P1", "p1", "1", "sev1". */
    public static Optional<Severity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("SEV")) {
            t = "P" + t.substring(3);
        } else if (t.length() == 1) {
            t = "P" + t;
        }
        for (Severity s : values()) {
            if (s.name().equals(t)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
