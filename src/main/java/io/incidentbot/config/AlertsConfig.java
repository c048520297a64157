package io.incidentbot.config;

import io.incidentbot.incident.AlertRules;
import io.incidentbot.incident.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Alerts in: who may deliver them, and what an alert does.
 *
 * @param intakeToken            {@code ALERT_INTAKE_TOKEN}: the Bearer token Alertmanager (and Grafana,
 *                               without a secret) sends; null turns {@code POST /integrations/alertmanager} off
 * @param grafanaSecret          {@code GRAFANA_WEBHOOK_SECRET}: Grafana's HMAC secret; when set, its
 *                               signature is required on {@code POST /integrations/grafana}
 * @param grafanaTimestampHeader {@code GRAFANA_TIMESTAMP_HEADER}: the header with the signed timestamp
 * @param pagerDutySecret        {@code PAGERDUTY_WEBHOOK_SECRET}: the v3 webhook subscription's secret;
 *                               null turns {@code POST /integrations/pagerduty} off
 * @param rules                  severity map, auto-declare severities, the declare budget
 * @param invite                 {@code ALERT_INVITE}: user ids (or one user group id) invited to incidents
 *                               declared from alerts
 * @param triageChannel          {@code ALERT_TRIAGE_CHANNEL}: where "Declare an incident?" goes; null for none
 */
public record AlertsConfig(String intakeToken, String grafanaSecret, String grafanaTimestampHeader,
                           String pagerDutySecret, AlertRules rules, List<String> invite, String triageChannel) {

    public static final String DEFAULT_TIMESTAMP_HEADER = "X-Grafana-Alerting-Timestamp";
    public static final String DEFAULT_SEVERITY_MAP = "critical=P1,error=P2,warning=P3,high=P1,low=P3";
    public static final String DEFAULT_AUTO_DECLARE = "P1,P2";
    public static final int DEFAULT_MAX_DECLARES = 5;
    private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,}");
    private static final Pattern SLACK_GROUP = Pattern.compile("S[A-Z0-9]{2,}");
    private static final Pattern CHANNEL = Pattern.compile("[CG][A-Z0-9]{2,}");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public AlertsConfig {
        invite = List.copyOf(invite);
    }

    /** Everything off: no receiver answers, defaults for the rules. */
    public static AlertsConfig off() {
        return new AlertsConfig(null, null, DEFAULT_TIMESTAMP_HEADER, null, AlertRules.defaults(), List.of(), null);
    }

    public boolean alertmanagerOn() {
        return intakeToken != null;
    }

    public boolean grafanaOn() {
        return intakeToken != null || grafanaSecret != null;
    }

    public boolean pagerDutyWebhooksOn() {
        return pagerDutySecret != null;
    }

    /** Whether any receiver is on (then the rules matter). */
    public boolean anyOn() {
        return alertmanagerOn() || grafanaOn() || pagerDutyWebhooksOn();
    }

    @Override
    public String toString() { // never print the token or secrets
        return "AlertsConfig[alertmanager=" + (alertmanagerOn() ? "on" : "off") + ", grafana="
                + (grafanaSecret != null ? "signed" : grafanaOn() ? "bearer" : "off") + ", pagerduty="
                + (pagerDutyWebhooksOn() ? "on" : "off") + ", " + rules + ", invite=" + invite + ", triageChannel="
                + triageChannel + "]";
    }

    static AlertsConfig fromMap(Map<String, String> v) {
        String token = Settings.trimmed(v.get("ALERT_INTAKE_TOKEN"));
        if (token != null && (token.length() < Config.MIN_WEB_TOKEN_LENGTH || !token.matches("[\\x21-\\x7e]+"))) {
            throw new Config.ConfigException("ALERT_INTAKE_TOKEN must be at least " + Config.MIN_WEB_TOKEN_LENGTH
                    + " printable characters without spaces (e.g. the output of `openssl rand -hex 32`), "
                    + "or unset to turn POST /integrations/alertmanager off.");
        }
        String grafana = Settings.trimmed(v.get("GRAFANA_WEBHOOK_SECRET"));
        String header = Settings.orDefault(Settings.trimmed(v.get("GRAFANA_TIMESTAMP_HEADER")), DEFAULT_TIMESTAMP_HEADER);
        if (!HEADER.matcher(header).matches()) {
            throw new Config.ConfigException("GRAFANA_TIMESTAMP_HEADER must be an HTTP header name such as "
                    + DEFAULT_TIMESTAMP_HEADER + " (got \"" + Settings.shown(header) + "\")");
        }
        String pagerDuty = Settings.trimmed(v.get("PAGERDUTY_WEBHOOK_SECRET"));
        Map<String, Severity> map = severityMap(Settings.listOrDefault(v, "ALERT_SEVERITY_MAP", DEFAULT_SEVERITY_MAP));
        Set<Severity> autoDeclare = Settings.severities(v, "ALERT_AUTO_DECLARE", DEFAULT_AUTO_DECLARE);
        int max = Settings.count(v, "ALERT_MAX_DECLARES", DEFAULT_MAX_DECLARES, 1000,
                "incidents declared from alerts in 10 minutes before the rest go to triage");
        String triage = Settings.trimmed(v.get("ALERT_TRIAGE_CHANNEL"));
        if (triage != null && !CHANNEL.matcher(triage).matches()) {
            throw new Config.ConfigException("ALERT_TRIAGE_CHANNEL must be a channel id such as C0123ABCD (channel "
                    + "details → About → Channel ID), with the bot invited; got \"" + Settings.shown(triage) + "\"");
        }
        return new AlertsConfig(token, grafana, header, pagerDuty, new AlertRules(map, autoDeclare, max),
                invite(Settings.trimmed(v.get("ALERT_INVITE"))), triage);
    }

    private static Map<String, Severity> severityMap(String text) {
        Map<String, Severity> map = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            var severity = eq < 0 ? java.util.Optional.<Severity>empty() : Severity.parse(pair.substring(eq + 1));
            String label = eq < 0 ? "" : pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (label.isEmpty() || severity.isEmpty()) {
                throw new Config.ConfigException("ALERT_SEVERITY_MAP: \"" + Settings.shown(pair.strip()) + "\" is not label=P1..P4; "
                        + "write comma-separated pairs, e.g. ALERT_SEVERITY_MAP=" + DEFAULT_SEVERITY_MAP);
            }
            map.put(label, severity.get());
        }
        return map;
    }

    private static List<String> invite(String text) {
        if (text == null) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String id = part.strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!SLACK_USER.matcher(id).matches() && !SLACK_GROUP.matcher(id).matches()) {
                throw new Config.ConfigException("ALERT_INVITE: \"" + Settings.shown(id) + "\" is not a Slack user id (U…/W…) or user "
                        + "group id (S…); e.g. ALERT_INVITE=U0123ABCD,U0456EFGH or ALERT_INVITE=S0ONCALL");
            }
            ids.add(id);
        }
        return new ArrayList<>(ids);
    }
}
