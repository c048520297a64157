package io.incidentbot.config;

import io.incidentbot.incident.Severity;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Paging the on-call through PagerDuty's Events API v2.
 *
 * @param routingKey      {@code PAGERDUTY_ROUTING_KEY}: the Events API v2 integration key; null turns paging off
 * @param pageSeverities  {@code PAGERDUTY_PAGE_SEVERITIES}: severities that page (default P1; empty: only
 *                        {@code /incident page})
 * @param eventsUrl       {@code PAGERDUTY_EVENTS_URL}: where events go (tests point it at a fake)
 */
public record PagerDutyConfig(String routingKey, Set<Severity> pageSeverities, URI eventsUrl) {
    public static final String DEFAULT_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    public PagerDutyConfig {
        pageSeverities = Set.copyOf(pageSeverities);
    }

    public static PagerDutyConfig off() {
        return new PagerDutyConfig(null, Set.of(Severity.P1), URI.create(DEFAULT_EVENTS_URL));
    }

    public boolean on() {
        return routingKey != null;
    }

    @Override
    public String toString() { // the routing key lets anyone page the on-call: never printed
        return "PagerDutyConfig[paging=" + (on() ? "on" : "off") + ", pageSeverities=" + pageSeverities
                + ", eventsUrl=" + eventsUrl + "]";
    }

    static PagerDutyConfig fromMap(Map<String, String> v) {
        String key = Settings.trimmed(v.get("PAGERDUTY_ROUTING_KEY"));
        if (key != null && !key.matches("[A-Za-z0-9_-]{20,64}")) {
            throw new Config.ConfigException("PAGERDUTY_ROUTING_KEY must be the 32-character Integration Key of an "
                    + "Events API v2 integration (Service → Integrations → Events API V2), or unset to turn paging off.");
        }
        Set<Severity> severities = Settings.severities(v, "PAGERDUTY_PAGE_SEVERITIES", "P1");
        String url = Settings.orDefault(Settings.trimmed(v.get("PAGERDUTY_EVENTS_URL")), DEFAULT_EVENTS_URL);
        return new PagerDutyConfig(key, severities, Urls.http("PAGERDUTY_EVENTS_URL", url, DEFAULT_EVENTS_URL));
    }
}
