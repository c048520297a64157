package io.incidentbot.incident;

/** Where alerts come from; the name is how the timeline and Slack show the source. */
public enum AlertSource {
    ALERTMANAGER("Alertmanager"),
    GRAFANA("Grafana"),
    PAGERDUTY("PagerDuty");

    private final String title;

    AlertSource(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /**
     * The id an incident declared from an alert records as its opener (no person declared it): the
     * timeline and messages show {@link #title()} for it.
     */
    public String openerId() {
        return Actors.INTEGRATION_PREFIX + name().toLowerCase(java.util.Locale.ROOT);
    }
}
