package io.incidentbot.incident;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What turns alerts into incidents.
 *
 * @param severityMap  an alert's {@code severity} label (lower case) → incident severity
 * @param autoDeclare  severities declared at once; the rest go to triage
 * @param maxDeclares  incidents declared from alerts per {@link #DECLARE_WINDOW}; past that, triage
 */
public record AlertRules(Map<String, Severity> severityMap, Set<Severity> autoDeclare, int maxDeclares) {
    /** The window of {@link #maxDeclares}: an alert storm declares a handful, not hundreds. */
    public static final Duration DECLARE_WINDOW = Duration.ofMinutes(10);
    /** A group firing again this soon after its incident was resolved belongs to that incident. */
    public static final Duration REFIRE_WINDOW = Duration.ofMinutes(30);

    public AlertRules {
        severityMap = Map.copyOf(severityMap);
        autoDeclare = autoDeclare.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(autoDeclare));
    }

    public static AlertRules defaults() {
        Map<String, Severity> map = new LinkedHashMap<>();
        map.put("critical", Severity.P1);
        map.put("error", Severity.P2);
        map.put("warning", Severity.P3);
        map.put("high", Severity.P1);
        map.put("low", Severity.P3);
        return new AlertRules(map, EnumSet.of(Severity.P1, Severity.P2), 5);
    }

    /** The severity of a label, when the map knows it. */
    public Optional<Severity> severityOf(String label) {
        return label == null ? Optional.empty()
                : Optional.ofNullable(severityMap.get(label.strip().toLowerCase(Locale.ROOT)));
    }

    /** The highest severity among the alerts' {@code severity} labels, when any is mapped. */
    public Optional<Severity> highest(Collection<Alert> alerts) {
        return alerts.stream().map(a -> severityOf(a.severity())).flatMap(Optional::stream).min(Enum::compareTo);
    }

    public boolean declares(Severity severity) {
        return autoDeclare.contains(severity);
    }

    public String autoDeclareText() {
        return autoDeclare.stream().sorted().map(Enum::name).toList().toString();
    }

    @Override
    public String toString() {
        return "AlertRules[severityMap=" + severityMap + ", autoDeclare=" + autoDeclareText() + ", maxDeclares="
                + maxDeclares + "]";
    }
}
