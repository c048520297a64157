package io.incidentbot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings of the integrations: alerts in, pages out, webhooks out.
 *
 * @param webBaseUrl {@code WEB_BASE_URL}, without a trailing slash, or null: pages and webhooks link to
 *                   {@code <WEB_BASE_URL>/incidents/INC-n} only when it is set
 */
public record IntegrationsConfig(AlertsConfig alerts, PagerDutyConfig pagerDuty, WebhooksConfig webhooks,
                                 String webBaseUrl) {

    /** Every integration off. */
    public static IntegrationsConfig off() {
        return new IntegrationsConfig(AlertsConfig.off(), PagerDutyConfig.off(), WebhooksConfig.off(), null);
    }

    /** The incident's web page, or null when WEB_BASE_URL is not set. */
    public String incidentUrl(String humanId) {
        return webBaseUrl == null ? null : webBaseUrl + "/incidents/" + humanId;
    }

    /**
     * The integration settings alone, from variables as {@link Config#load} reads them (for a bot
     * wired in code, e.g. a test's); a {@link Config.ConfigException} for a malformed one.
     */
    public static IntegrationsConfig fromSettings(Map<String, String> v) {
        return fromMap(v);
    }

    static IntegrationsConfig fromMap(Map<String, String> v) {
        String base = Settings.trimmed(v.get("WEB_BASE_URL"));
        return new IntegrationsConfig(AlertsConfig.fromMap(v), PagerDutyConfig.fromMap(v), WebhooksConfig.fromMap(v),
                base == null ? null : Urls.base("WEB_BASE_URL", base, "https://incidents.example.com"));
    }

    /** One start-up line per integration: on or off, and why. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("Alertmanager alerts: " + (alerts.alertmanagerOn()
                ? "on (POST /integrations/alertmanager, Bearer ALERT_INTAKE_TOKEN)"
                : "off (ALERT_INTAKE_TOKEN is not set)"));
        lines.add("Grafana alerts: " + (alerts.grafanaSecret() != null
                ? "on (POST /integrations/grafana, HMAC signature under GRAFANA_WEBHOOK_SECRET required)"
                : alerts.grafanaOn() ? "on (POST /integrations/grafana, Bearer ALERT_INTAKE_TOKEN; set "
                + "GRAFANA_WEBHOOK_SECRET to require signatures)" : "off (neither ALERT_INTAKE_TOKEN nor "
                + "GRAFANA_WEBHOOK_SECRET is set)"));
        lines.add("PagerDuty webhooks: " + (alerts.pagerDutyWebhooksOn()
                ? "on (POST /integrations/pagerduty, v1 signatures under PAGERDUTY_WEBHOOK_SECRET)"
                : "off (PAGERDUTY_WEBHOOK_SECRET is not set)"));
        if (alerts.anyOn()) {
            var rules = alerts.rules();
            lines.add("Alerts declare incidents: " + (rules.autoDeclare().isEmpty()
                    ? "off (ALERT_AUTO_DECLARE is empty)" : "on for " + rules.autoDeclareText()
                    + " (at most " + rules.maxDeclares() + " in 10 minutes)")
                    + "; the rest " + (alerts.triageChannel() != null
                    ? "go to triage in " + alerts.triageChannel() : "are logged (ALERT_TRIAGE_CHANNEL is not set)"));
        }
        lines.add("PagerDuty paging: " + (pagerDuty.on()
                ? "on for " + severities(pagerDuty.pageSeverities()) + " and /incident page (" + pagerDuty.eventsUrl() + ")"
                : "off (PAGERDUTY_ROUTING_KEY is not set)"));
        lines.add("Outgoing webhooks: " + (webhooks.on()
                ? "on, signed (Standard Webhooks), to " + webhooks.urls().size() + " URL(s): " + webhooks.urls()
                : "off (WEBHOOK_URLS is not set)"));
        return lines;
    }

    private static String severities(java.util.Set<io.incidentbot.incident.Severity> set) {
        return set.isEmpty() ? "no severity" : set.stream().sorted().map(Enum::name).toList().toString();
    }
}
