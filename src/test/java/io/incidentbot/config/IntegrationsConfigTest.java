package io.incidentbot.config;

import io.incidentbot.config.Config.ConfigException;
import io.incidentbot.incident.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntegrationsConfigTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    private static IntegrationsConfig read(String... pairs) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            v.put(pairs[i], pairs[i + 1]);
        }
        return IntegrationsConfig.fromMap(v);
    }

    private static String failure(String... pairs) {
        return assertThrows(ConfigException.class, () -> read(pairs)).getMessage();
    }

    @Test
    void everythingIsOffUntilItsSecretIsSetAndTheStartUpLinesSayWhy() {
        IntegrationsConfig c = read();
        assertFalse(c.alerts().anyOn());
        assertFalse(c.pagerDuty().on());
        assertFalse(c.webhooks().on());
        assertNull(c.incidentUrl("INC-1"));
        assertEquals(List.of(
                "Alertmanager alerts: off (ALERT_INTAKE_TOKEN is not set)",
                "Grafana alerts: off (neither ALERT_INTAKE_TOKEN nor GRAFANA_WEBHOOK_SECRET is set)",
                "PagerDuty webhooks: off (PAGERDUTY_WEBHOOK_SECRET is not set)",
                "PagerDuty paging: off (PAGERDUTY_ROUTING_KEY is not set)",
                "Outgoing webhooks: off (WEBHOOK_URLS is not set)"), c.describe());
    }

    @Test
    void defaultsOfTheAlertRules() {
        IntegrationsConfig c = read("ALERT_INTAKE_TOKEN", "0123456789abcdef0123");
        var rules = c.alerts().rules();
        assertEquals(Severity.P1, rules.severityOf("critical").orElseThrow());
        assertEquals(Severity.P2, rules.severityOf("Error").orElseThrow());
        assertEquals(Severity.P3, rules.severityOf("warning").orElseThrow());
        assertEquals(Severity.P1, rules.severityOf("high").orElseThrow());
        assertEquals(Severity.P3, rules.severityOf("low").orElseThrow());
        assertEquals(Set.of(Severity.P1, Severity.P2), rules.autoDeclare());
        assertEquals(5, rules.maxDeclares());
        assertEquals(AlertsConfig.DEFAULT_TIMESTAMP_HEADER, c.alerts().grafanaTimestampHeader());
        assertTrue(c.alerts().alertmanagerOn() && c.alerts().grafanaOn() && !c.alerts().pagerDutyWebhooksOn());
        assertTrue(c.describe().contains("Alerts declare incidents: on for [P1, P2] (at most 5 in 10 minutes); the rest "
                + "are logged (ALERT_TRIAGE_CHANNEL is not set)"), c.describe().toString());
        assertEquals(Set.of(Severity.P1), read().pagerDuty().pageSeverities());
        assertEquals(URI.create("https://events.pagerduty.com/v2/enqueue"), read().pagerDuty().eventsUrl());
    }

    @Test
    void anEmptyListTurnsItsFeatureOff() {
        IntegrationsConfig c = read("ALERT_INTAKE_TOKEN", "0123456789abcdef0123", "ALERT_AUTO_DECLARE", "",
                "PAGERDUTY_PAGE_SEVERITIES", "", "PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY0123456789ABCDEFGHIJKL");
        assertTrue(c.alerts().rules().autoDeclare().isEmpty());
        assertTrue(c.pagerDuty().pageSeverities().isEmpty());
        assertTrue(c.describe().contains("PagerDuty paging: on for no severity and /incident page "
                + "(https://events.pagerduty.com/v2/enqueue)"), c.describe().toString());
    }

    @Test
    void anEmptyValueInTheEnvironmentCountsAsSetWhenDotEnvLeavesItOut() throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(env, "SLACK_BOT_TOKEN=xoxb-1\nSLACK_SIGNING_SECRET=s\nALERT_AUTO_DECLARE=P1\n");
        Config fromDotEnv = Config.load(Map.of("ALERT_AUTO_DECLARE", ""), env);
        assertEquals(Set.of(Severity.P1), fromDotEnv.integrations().alerts().rules().autoDeclare(), ".env wins over blank");
        Files.writeString(env, "SLACK_BOT_TOKEN=xoxb-1\nSLACK_SIGNING_SECRET=s\n");
        assertTrue(Config.load(Map.of("ALERT_AUTO_DECLARE", ""), env).integrations().alerts().rules().autoDeclare()
                .isEmpty());
    }

    @Test
    void settingsAreReadAndShownWithoutSecrets() {
        IntegrationsConfig c = read("ALERT_INTAKE_TOKEN", "0123456789abcdef0123", "GRAFANA_WEBHOOK_SECRET", "g-secret",
                "GRAFANA_TIMESTAMP_HEADER", "X-Ts", "PAGERDUTY_WEBHOOK_SECRET", "pd-secret",
                "ALERT_SEVERITY_MAP", "page=P1, ticket=P4", "ALERT_AUTO_DECLARE", "p1", "ALERT_MAX_DECLARES", "0",
                "ALERT_INVITE", "U0ONCALL, S0RESPONDERS,U0ONCALL", "ALERT_TRIAGE_CHANNEL", "C0TRIAGE",
                "PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY0123456789ABCDEFGHIJKL", "PAGERDUTY_PAGE_SEVERITIES", "P1,P2",
                "PAGERDUTY_EVENTS_URL", "http://127.0.0.1:9/v2/enqueue",
                "WEBHOOK_URLS", "https://hooks.example.com/a, http://localhost:8080/b", "WEBHOOK_SECRET", SECRET,
                "WEB_BASE_URL", "https://incidents.example.com/");
        assertEquals(Severity.P4, c.alerts().rules().severityOf("ticket").orElseThrow());
        assertTrue(c.alerts().rules().severityOf("critical").isEmpty(), "the map replaces the default");
        assertEquals(Set.of(Severity.P1), c.alerts().rules().autoDeclare());
        assertEquals(0, c.alerts().rules().maxDeclares());
        assertEquals(List.of("U0ONCALL", "S0RESPONDERS"), c.alerts().invite());
        assertEquals("X-Ts", c.alerts().grafanaTimestampHeader());
        assertEquals(Set.of(Severity.P1, Severity.P2), c.pagerDuty().pageSeverities());
        assertEquals(List.of(URI.create("https://hooks.example.com/a"), URI.create("http://localhost:8080/b")),
                c.webhooks().urls());
        assertEquals(24, c.webhooks().key().length);
        assertEquals("https://incidents.example.com/incidents/INC-7", c.incidentUrl("INC-7"));
        String shown = c.toString() + c.describe();
        for (String secret : List.of("0123456789abcdef0123", "g-secret", "pd-secret", "R0UT1NGKEY0123456789ABCDEFGHIJKL",
                SECRET)) {
            assertFalse(shown.contains(secret), "never print " + secret + ": " + shown);
        }
        assertTrue(c.describe().contains("Grafana alerts: on (POST /integrations/grafana, HMAC signature under "
                + "GRAFANA_WEBHOOK_SECRET required)"));
        assertTrue(c.describe().contains("Alerts declare incidents: on for [P1] (at most 0 in 10 minutes); the rest go "
                + "to triage in C0TRIAGE"));
    }

    @Test
    void malformedSettingsGetOneLineThatSaysWhatToWrite() {
        assertTrue(failure("ALERT_INTAKE_TOKEN", "short").startsWith("ALERT_INTAKE_TOKEN must be at least 16"));
        assertTrue(failure("ALERT_SEVERITY_MAP", "critical:P1").startsWith("ALERT_SEVERITY_MAP: \"critical:P1\" is not "
                + "label=P1..P4"));
        assertTrue(failure("ALERT_SEVERITY_MAP", "critical=P7").contains("label=P1..P4"));
        assertTrue(failure("ALERT_AUTO_DECLARE", "P1,urgent").startsWith("ALERT_AUTO_DECLARE: \"urgent\" is not a severity"));
        assertTrue(failure("ALERT_MAX_DECLARES", "-1").startsWith("ALERT_MAX_DECLARES must be a whole number"));
        assertTrue(failure("ALERT_INVITE", "alice").startsWith("ALERT_INVITE: \"alice\" is not a Slack user id"));
        assertTrue(failure("ALERT_TRIAGE_CHANNEL", "#triage").startsWith("ALERT_TRIAGE_CHANNEL must be a channel id"));
        assertTrue(failure("GRAFANA_TIMESTAMP_HEADER", "X Ts").startsWith("GRAFANA_TIMESTAMP_HEADER must be"));
        assertTrue(failure("PAGERDUTY_ROUTING_KEY", "abc").startsWith("PAGERDUTY_ROUTING_KEY must be the 32-character"));
        assertTrue(failure("PAGERDUTY_PAGE_SEVERITIES", "critical").startsWith("PAGERDUTY_PAGE_SEVERITIES: \"critical\""));
        assertTrue(failure("PAGERDUTY_EVENTS_URL", "events.pagerduty.com").startsWith("PAGERDUTY_EVENTS_URL must be"));
        assertTrue(failure("WEBHOOK_URLS", "http://hooks.example.com/a", "WEBHOOK_SECRET", SECRET)
                .contains("must be an https:// URL"));
        assertTrue(failure("WEBHOOK_URLS", "https://hooks.example.com/a").startsWith("WEBHOOK_URLS is set but "
                + "WEBHOOK_SECRET is not"));
        assertTrue(failure("WEBHOOK_URLS", "https://hooks.example.com/a", "WEBHOOK_SECRET", "hunter2")
                .startsWith("WEBHOOK_SECRET must be whsec_"));
        assertTrue(failure("WEBHOOK_URLS", "https://hooks.example.com/a", "WEBHOOK_SECRET", "whsec_c2hvcnQ=")
                .startsWith("WEBHOOK_SECRET must be whsec_"), "too short a key");
        assertTrue(failure("WEB_BASE_URL", "incidents.example.com").startsWith("WEB_BASE_URL must be"));
        for (String pair : List.of("ALERT_INTAKE_TOKEN", "WEBHOOK_URLS")) {
            assertFalse(failure(pair, "x\ny").contains("\n"), "one line");
        }
    }
}
