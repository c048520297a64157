package io.incidentbot.postmortem;

import io.incidentbot.incident.Severity;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time-to-resolve targets per severity: P1 is always 4 hours; P2–P4 default to 8 hours, 3 days and
 * none, and can be set with {@code TTR_TARGETS}, e.g. {@code P2=12h,P3=2d,P4=none}.
 */
public final class TtrTargets {
    private static final Pattern ITEM = Pattern.compile("(?i)\\s*(P[1-4])\\s*=\\s*(none|\\d+\\s*[mhd])\\s*");
    private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*([mhd])");

    private final Map<Severity, Duration> targets;

    private TtrTargets(Map<Severity, Duration> targets) {
        this.targets = targets;
    }

    public static TtrTargets defaults() {
        Map<Severity, Duration> m = new EnumMap<>(Severity.class);
        m.put(Severity.P1, Duration.ofHours(4));
        m.put(Severity.P2, Duration.ofHours(8));
        m.put(Severity.P3, Duration.ofDays(3));
        return new TtrTargets(m);
    }

    /** Parses {@code P2=12h,P3=2d,P4=none}; blank means the defaults. */
    public static TtrTargets parse(String text) {
        TtrTargets t = defaults();
        if (text == null || text.isBlank()) {
            return t;
        }
        Map<Severity, Duration> m = new EnumMap<>(t.targets);
        for (String item : text.split(",")) {
            Matcher matcher = ITEM.matcher(item);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("\"" + item.strip() + "\" is not like P2=12h, P3=2d or P4=none");
            }
            Severity s = Severity.parse(matcher.group(1)).orElseThrow();
            if (s == Severity.P1) {
                throw new IllegalArgumentException("the P1 target is fixed at 4h");
            }
            String value = matcher.group(2).toLowerCase(Locale.ROOT);
            if (value.equals("none")) {
                m.remove(s);
            } else {
                Matcher a = AMOUNT.matcher(value);
                a.matches();
                long n = Long.parseLong(a.group(1));
                m.put(s, switch (a.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        }
        return new TtrTargets(m);
    }

    public Optional<Duration> forSeverity(Severity s) {
        return s == null ? Optional.empty() : Optional.ofNullable(targets.get(s));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Severity s : Severity.values()) {
            sb.append(sb.length() == 0 ? "" : ",").append(s.name()).append('=')
                    .append(forSeverity(s).map(Metrics::formatDuration).orElse("none").replace(" ", ""));
        }
        return sb.toString();
    }
}
