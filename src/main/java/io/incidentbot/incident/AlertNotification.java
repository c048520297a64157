package io.incidentbot.incident;

import java.util.List;

/**
 * One delivery from an alert source: the alerts of one group (Alertmanager's {@code groupKey}; a
 * PagerDuty incident id), each firing or resolved.
 *
 * @param title       the source's own title of the group (Grafana's {@code title}), or null
 * @param externalUrl the source's address (Alertmanager's {@code externalURL}), or null
 */
public record AlertNotification(AlertSource source, String groupKey, List<Alert> alerts, String title,
                                String externalUrl) {

    public AlertNotification {
        alerts = List.copyOf(alerts);
    }

    public List<Alert> firing() {
        return alerts.stream().filter(Alert::firing).toList();
    }

    public List<Alert> resolved() {
        return alerts.stream().filter(a -> !a.firing()).toList();
    }
}
