package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One alert of a notification, as its source described it (Alertmanager's and Grafana's shape).
 *
 * @param firing      firing (true) or resolved
 * @param labels      its labels ({@code alertname}, {@code severity}, …)
 * @param annotations its annotations ({@code summary}, {@code description}, …)
 * @param startsAt    when it began firing (the source's own time), or null when not given
 * @param endsAt      when it resolved, or null while firing
 * @param fingerprint the source's identity of the alert within its group
 * @param links       where to look: the source's graph, dashboard, panel, silence
 * @param values      Grafana's evaluated values as text ("B=97.3"), or null
 */
public record Alert(boolean firing, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                    Instant endsAt, String fingerprint, List<Link> links, String values) {

    /** A labelled link. */
    public record Link(String text, String url) {
    }

    public Alert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        links = List.copyOf(links);
    }

    /** The alert's rule name ({@code alertname}), or "alert". */
    public String name() {
        return labels.getOrDefault("alertname", "alert");
    }

    /** What it says: the {@code summary} annotation, else {@code description}, else null. */
    public String summary() {
        String summary = annotations.get("summary");
        if (summary != null && !summary.isBlank()) {
            return summary.strip();
        }
        String description = annotations.get("description");
        return description == null || description.isBlank() ? null : description.strip();
    }

    /** The {@code severity} label, or null. */
    public String severity() {
        return labels.get("severity");
    }
}
