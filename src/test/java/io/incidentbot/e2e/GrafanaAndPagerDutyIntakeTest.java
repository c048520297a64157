package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.AlertIntakeTest.error;
import static io.incidentbot.e2e.AlertIntakeTest.outcome;
import static io.incidentbot.e2e.AlertSources.alert;
import static io.incidentbot.e2e.AlertSources.grafanaMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grafana's signed deliveries (HMAC-SHA256 of the body, or of {@code timestamp:body} with the
 * timestamp header) and PagerDuty's v3 webhooks (any of several {@code v1=} signatures, deduplicated
 * on {@code X-Webhook-Id}) against the running bot.
 */
class GrafanaAndPagerDutyIntakeTest {
    private static final String GROUP = "{}:{alertname=\"CheckoutErrors\"}";

    @TempDir
    Path dir;
    RunningBot bot;
    AlertSources sources;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private void start(Map<String, String> settings) throws Exception {
        bot = RunningBot.withIntegrations(TestDatabases.forFolder(dir), Clock.systemUTC(), settings);
        sources = new AlertSources(bot.baseUrl());
    }

    private HttpResponse<String> grafana(String body, Long timestamp, String secret) {
        String signature = AlertSources.grafanaSignature(secret, timestamp, body);
        return timestamp == null ? sources.grafana(body, "X-Grafana-Alerting-Signature", signature)
                : sources.grafana(body, "X-Grafana-Alerting-Signature", signature, "X-Grafana-Alerting-Timestamp",
                Long.toString(timestamp));
    }

    @Test
    void grafanaWithASecretNeedsItsSignatureAndARecentTimestamp() throws Exception {
        start(Map.of("ALERT_INTAKE_TOKEN", AlertSources.TOKEN, "GRAFANA_WEBHOOK_SECRET", AlertSources.GRAFANA_SECRET));
        Instant began = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String body = grafanaMessage(GROUP, alert("firing", "CheckoutErrors", "critical", began, null, "c6eadffa33fcdf37",
                "Checkout errors above 5%")).toString();
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> bearerOnly = sources.grafana(body, "Authorization", "Bearer " + AlertSources.TOKEN);
        assertEquals(401, bearerOnly.statusCode(), "with the secret set, the signature is required");
        assertTrue(error(bearerOnly).contains("X-Grafana-Alerting-Signature is missing"), bearerOnly.body());
        HttpResponse<String> wrongSecret = grafana(body, now, "another-secret");
        assertEquals(401, wrongSecret.statusCode());
        assertTrue(error(wrongSecret).contains("does not match"), wrongSecret.body());
        HttpResponse<String> stale = grafana(body, now - 600, AlertSources.GRAFANA_SECRET);
        assertEquals(401, stale.statusCode());
        assertTrue(error(stale).contains("more than 5 minutes from now"), stale.body());
        assertEquals(401, grafana(body, now + 600, AlertSources.GRAFANA_SECRET).statusCode(), "from the future");
        String tampered = body.replace("Checkout errors above 5%", "Checkout errors above 1%");
        assertEquals(401, sources.grafana(tampered, "X-Grafana-Alerting-Signature",
                AlertSources.grafanaSignature(AlertSources.GRAFANA_SECRET, now, body), "X-Grafana-Alerting-Timestamp",
                Long.toString(now)).statusCode(), "a signature for another body");
        assertEquals(0, bot.count("incident"));

        assertEquals("declared", outcome(grafana(body, now, AlertSources.GRAFANA_SECRET)));
        // a replay within the five minutes changes nothing
        assertEquals("duplicate", outcome(grafana(body, now, AlertSources.GRAFANA_SECRET)));
        List<String> entry = bot.query("SELECT author_name, text FROM timeline_entry WHERE kind = 'BOT_MESSAGE'");
        assertEquals(1, entry.size());
        assertTrue(entry.get(0).startsWith("Grafana|[FIRING] CheckoutErrors — Checkout errors above 5%"), entry.get(0));
        assertTrue(entry.get(0).contains("values B=97.3, C=1") && entry.get(0).contains("|dashboard>")
                && entry.get(0).contains("|panel>") && entry.get(0).contains("|silence>"), entry.get(0));
        assertEquals(List.of("Checkout errors above 5%|P1|integration:grafana"),
                bot.query("SELECT title, severity, opened_by FROM incident"));

        // without the timestamp header Grafana signs the body alone
        String resolved = grafanaMessage(GROUP, alert("resolved", "CheckoutErrors", "critical", began,
                began.plusSeconds(120), "c6eadffa33fcdf37", "Checkout errors above 5%")).toString();
        assertEquals("nothing", outcome(grafana(resolved, null, AlertSources.GRAFANA_SECRET)));
        assertEquals(1, bot.query("SELECT id FROM timeline_entry WHERE text LIKE '[RESOLVED] CheckoutErrors%'").size());
    }

    @Test
    void grafanaWithoutASecretTakesTheBearerToken() throws Exception {
        start(Map.of("ALERT_INTAKE_TOKEN", AlertSources.TOKEN));
        // Grafana writes times with the server's offset
        String body = grafanaMessage(GROUP, alert("firing", "CheckoutErrors", "warning", Instant.now(), null, "fp",
                "Checkout slow")).toString().replaceFirst("\"startsAt\":\"[^\"]+\"", "\"startsAt\":\"2026-05-09T23:35:00.157076+02:00\"");
        assertEquals(401, sources.grafana(body).statusCode());
        assertEquals("not_declared", outcome(sources.grafana(body, "Authorization", "Bearer " + AlertSources.TOKEN)));
    }

    @Test
    void pagerDutyWebhooksAreVerifiedDeduplicatedAndBecomeTimelineEntries() throws Exception {
        start(AlertSources.receiversOn());
        JsonObject triggered = AlertSources.pagerDuty("incident.triggered", "PGR0VU2", "d3640fbd41094207a1c11e58e46b1662",
                "Orders API returns 502", "high", null);
        String body = triggered.toString();

        assertEquals(401, sources.pagerDuty(body, "wh-1", null).statusCode());
        assertEquals(401, sources.pagerDuty(body, "wh-1", AlertSources.pagerDutySignature("other", body)).statusCode());
        assertEquals(401, sources.pagerDuty(body, "wh-1", "v0=" + AlertSources.pagerDutySignature(
                AlertSources.PAGERDUTY_SECRET, body).substring(3)).statusCode(), "only v1 signatures count");
        HttpResponse<String> noId = sources.post("/integrations/pagerduty", body, "X-PagerDuty-Signature",
                AlertSources.pagerDutySignature(AlertSources.PAGERDUTY_SECRET, body));
        assertEquals(400, noId.statusCode());
        assertTrue(error(noId).contains("X-Webhook-Id"), noId.body());
        assertEquals(0, bot.count("incident"));

        // while a secret is rotated PagerDuty signs with both: either may match
        String rotating = AlertSources.pagerDutySignature("old-secret", body) + ","
                + AlertSources.pagerDutySignature(AlertSources.PAGERDUTY_SECRET, body);
        assertEquals("declared", outcome(sources.pagerDuty(body, "wh-1", rotating)));
        assertEquals("duplicate", outcome(sources.pagerDuty(body, "wh-1", rotating)), "the same X-Webhook-Id again");
        assertEquals(List.of("Orders API returns 502|P1|integration:pagerduty"),
                bot.query("SELECT title, severity, opened_by FROM incident"));
        assertEquals(List.of("PAGERDUTY|PGR0VU2|1|DECLARED"),
                bot.query("SELECT source, group_key, incident_id, link_kind FROM alert_group"));

        assertEquals("added", outcome(sources.pagerDuty(AlertSources.pagerDuty("incident.acknowledged", "PGR0VU2",
                "d3640fbd41094207a1c11e58e46b1662", "Orders API returns 502", "high", "Bob Oncall"), "wh-2")));
        assertEquals("added", outcome(sources.pagerDuty(AlertSources.pagerDutyNote("PGR0VU2",
                "rolling back <v2.41>", "Bob Oncall"), "wh-3")));
        assertEquals("added", outcome(sources.pagerDuty(AlertSources.pagerDuty("incident.escalated", "PGR0VU2",
                "d3640fbd41094207a1c11e58e46b1662", "Orders API returns 502", "high", null), "wh-4")));
        assertEquals("added", outcome(sources.pagerDuty(AlertSources.pagerDuty("incident.resolved", "PGR0VU2",
                "d3640fbd41094207a1c11e58e46b1662", "Orders API returns 502", "high", "Bob Oncall"), "wh-5")));
        List<String> texts = bot.query("SELECT text FROM timeline_entry WHERE author_name = 'PagerDuty' ORDER BY id");
        assertEquals(5, texts.size(), texts.toString());
        assertTrue(texts.get(0).startsWith("[FIRING] Orders API returns 502"), texts.get(0));
        assertTrue(texts.get(1).startsWith("Acknowledged in PagerDuty by Bob Oncall · <https://acme.pagerduty.com/"
                + "incidents/PGR0VU2|PagerDuty incident>"), texts.get(1));
        assertTrue(texts.get(2).startsWith("Note in PagerDuty by Bob Oncall: rolling back &lt;v2.41&gt;"), texts.get(2));
        assertTrue(texts.get(3).startsWith("Escalated in PagerDuty to Bob Oncall"), texts.get(3));
        assertTrue(texts.get(4).startsWith("[RESOLVED] Resolved in PagerDuty by Bob Oncall"), texts.get(4));
        assertEquals(List.of("INVESTIGATING"), bot.query("SELECT status FROM incident"),
                "PagerDuty's resolution is recorded, ours stays with people");

        // events about something else than an incident are accepted and ignored
        JsonObject ping = new JsonObject();
        JsonObject event = new JsonObject();
        event.addProperty("id", "ping-1");
        event.addProperty("event_type", "pagey.ping");
        event.addProperty("resource_type", "pagey");
        event.addProperty("occurred_at", "2026-05-09T23:40:00Z");
        event.add("data", new JsonObject());
        ping.add("event", event);
        assertEquals("ignored", outcome(sources.pagerDuty(ping, "wh-6")));
        HttpResponse<String> broken = sources.pagerDuty("{\"event\":", "wh-7",
                AlertSources.pagerDutySignature(AlertSources.PAGERDUTY_SECRET, "{\"event\":"));
        assertEquals(400, broken.statusCode());
    }

    @Test
    void aLowUrgencyPagerDutyIncidentGoesToTriageByTheSeverityMap() throws Exception {
        Map<String, String> settings = AlertSources.receiversOn();
        settings.put("ALERT_TRIAGE_CHANNEL", AlertIntakeTest.TRIAGE);
        start(settings);
        assertEquals("triaged", outcome(sources.pagerDuty(AlertSources.pagerDuty("incident.triggered", "PLOW1", "k-low",
                "Disk 80% on db-2", "low", null), "wh-low")));
        assertTrue(LearningLoopTest.awaitPost(bot, AlertIntakeTest.TRIAGE, "Declare an incident?").param("text")
                .contains("Disk 80% on db-2 (P3)"));
    }
}
