package io.incidentbot.config;

import io.incidentbot.incident.Severity;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Small readers shared by the integration settings; every problem is one {@link Config.ConfigException} line. */
final class Settings {
    private Settings() {
    }

    static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A value as an error message quotes it: on one line, and not endlessly long. */
    static String shown(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() > 80 ? one.substring(0, 79) + "…" : one;
    }

    static String orDefault(String s, String dflt) {
        return s == null ? dflt : s;
    }

    /** A comma-separated list: unset means {@code dflt}, set but empty means none (the feature is off). */
    static String listOrDefault(Map<String, String> v, String name, String dflt) {
        String text = v.get(name);
        return text == null ? dflt : text.strip();
    }

    /** Comma-separated severities such as {@code P1,P2}; empty means none. */
    static Set<Severity> severities(Map<String, String> v, String name, String dflt) {
        Set<Severity> out = EnumSet.noneOf(Severity.class);
        for (String part : listOrDefault(v, name, dflt).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            out.add(Severity.parse(part).orElseThrow(() -> new Config.ConfigException(name + ": \"" + shown(part.strip())
                    + "\" is not a severity; write comma-separated P1..P4, e.g. " + name + "=" + dflt
                    + " (empty turns it off)")));
        }
        return out;
    }

    static int count(Map<String, String> v, String name, int dflt, int max, String meaning) {
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
                    + " (got \"" + shown(text) + "\", default " + dflt + ")");
        }
    }
}
