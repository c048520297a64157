package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.AlertSources.alert;
import static io.incidentbot.e2e.AlertSources.alertmanagerMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alertmanager's deliveries against the running bot: who may deliver, what a firing alert declares
 * or adds to, what a redelivery changes (nothing), triage with its buttons, a group that fires
 * again after its incident was resolved, and what a resolved alert does (never resolve).
 */
class AlertIntakeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GROUP = "{}/{severity=~\"critical|warning\"}:{alertname=\"OrdersApi5xx\"}";
    static final String TRIAGE = "C0TRIAGE";

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

    private static Map<String, String> settings(String... more) {
        Map<String, String> s = AlertSources.receiversOn();
        for (int i = 0; i < more.length; i += 2) {
            s.put(more[i], more[i + 1]);
        }
        return s;
    }

    static String outcome(HttpResponse<String> r) {
        assertEquals(202, r.statusCode(), () -> "answered " + r.statusCode() + ": " + r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject().get("outcome").getAsString();
    }

    static String error(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject().get("error").getAsString();
    }

    private String channelOf(long incident) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String channel = bot.query("SELECT channel_id FROM incident WHERE id = " + incident).get(0);
            if (!channel.equals("null")) {
                return channel;
            }
            RunningBot.sleep(20);
        }
        throw new AssertionError("INC-" + incident + " never got its channel");
    }

    @Test
    void onlyTheRightCredentialAndTheRightFormatGetIn() throws Exception {
        start(settings());
        String body = alertmanagerMessage(GROUP, alert("firing", "OrdersApi5xx", "critical", Instant.now(), null, "fp1",
                "Orders API returns 502")).toString();

        HttpResponse<String> none = sources.alertmanager(body, null);
        assertEquals(401, none.statusCode());
        assertTrue(error(none).contains("Bearer"), none.body());
        assertEquals(401, sources.alertmanager(body, "wrong-token-0123456789abcdef").statusCode());
        assertEquals(401, sources.alertmanager(body, AlertSources.TOKEN + "x").statusCode());
        assertEquals(401, sources.post("/integrations/alertmanager", body, "Authorization", "Basic " + AlertSources.TOKEN)
                .statusCode());

        HttpResponse<String> broken = sources.alertmanager("{\"alerts\": [", AlertSources.TOKEN);
        assertEquals(400, broken.statusCode());
        assertEquals("the body is not valid JSON", error(broken));
        HttpResponse<String> notAlertmanager = sources.alertmanager("{\"text\":\"hello\"}", AlertSources.TOKEN);
        assertEquals(400, notAlertmanager.statusCode());
        assertTrue(error(notAlertmanager).startsWith("not an Alertmanager webhook body"), notAlertmanager.body());
        HttpResponse<String> badTime = sources.alertmanager(body.replaceFirst("\"startsAt\":\"[^\"]+\"",
                "\"startsAt\":\"yesterday\""), AlertSources.TOKEN);
        assertEquals(400, badTime.statusCode());
        assertTrue(error(badTime).contains("alerts[0].startsAt is not an RFC 3339 time"), badTime.body());
        assertFalse(badTime.body().contains("Exception"), "one line, no stack trace");

        // refused unread: the 413 may be lost when the connection closes mid-upload
        sources.tryPost("/integrations/alertmanager", "{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}",
                "Authorization", "Bearer " + AlertSources.TOKEN).ifPresent(huge -> assertEquals(413, huge.statusCode()));
        assertEquals(0, bot.count("incident"), "nothing refused left a trace");

        assertEquals("declared", outcome(sources.alertmanager(body, AlertSources.TOKEN)));
    }

    @Test
    void aReceiverWithoutItsSecretAnswers404SayingWhatTurnsItOn() throws Exception {
        start(Map.of());
        HttpResponse<String> r = sources.alertmanager("{}", "anything");
        assertEquals(404, r.statusCode());
        assertTrue(error(r).contains("ALERT_INTAKE_TOKEN"), r.body());
        assertTrue(error(sources.grafana("{}")).contains("GRAFANA_WEBHOOK_SECRET"));
        assertTrue(error(sources.pagerDuty("{}", "id", null)).contains("PAGERDUTY_WEBHOOK_SECRET"));
    }

    @Test
    void aCriticalAlertDeclaresAnIncidentOnceWithTheAlertAsItsFirstEntries() throws Exception {
        start(settings("ALERT_INVITE", "U0ONCALL1,U0ONCALL2"));
        Instant began = Instant.now().minus(4, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        JsonObject firing = alertmanagerMessage(GROUP, alert("firing", "OrdersApi5xx", "critical", began, null, "fp1",
                "Orders API returns 502 <for> 35% of checkouts"));

        assertEquals("declared", outcome(sources.alertmanager(firing)));
        assertEquals(List.of("Orders API returns 502 &lt;for&gt; 35% of checkouts|P1|integration:alertmanager|null|"
                        + began.toEpochMilli() + "|INVESTIGATING"),
                bot.query("SELECT title, severity, opened_by, lead_id, detected_at, status FROM incident"));
        List<String> entries = bot.query("SELECT kind, author_name, occurred_at, text FROM timeline_entry "
                + "WHERE kind = 'BOT_MESSAGE'");
        assertEquals(1, entries.size(), entries.toString());
        assertTrue(entries.get(0).startsWith("BOT_MESSAGE|Alertmanager|" + began.toEpochMilli()
                + "|[FIRING] OrdersApi5xx — Orders API returns 502 &lt;for&gt; 35% of checkouts · "), entries.get(0));
        assertTrue(entries.get(0).contains("severity=critical") && entries.get(0).contains("service=orders-api")
                && entries.get(0).contains("|source>"), entries.get(0));
        assertTrue(bot.query("SELECT text FROM timeline_entry WHERE kind = 'LIFECYCLE'").containsAll(List.of(
                "Incident declared by Alertmanager (P1)")), bot.query("SELECT text FROM timeline_entry").toString());
        assertTrue(bot.query("SELECT text FROM timeline_entry WHERE kind = 'LIFECYCLE'").stream()
                .anyMatch(t -> t.startsWith("Detection set to ") && t.contains("(Alertmanager: the first alert fired then)")));

        String channel = channelOf(1);
        FakeSlack.Call invite = bot.fake.awaitCall("conversations.invite", WAIT);
        assertEquals(channel, invite.param("channel"));
        assertEquals("U0ONCALL1,U0ONCALL2", invite.param("users"));
        FakeSlack.Call intro = LearningLoopTest.awaitPost(bot, channel, "INC-1");
        assertTrue(RunningBot.blocks(intro).contains("nobody yet"), "no lead until a person takes it: " + intro);

        // the same delivery again (Alertmanager retries, an HA pair both send): no second effect
        assertEquals("duplicate", outcome(sources.alertmanager(firing)));
        // the group's next notification repeats the alert and adds one: only the new one is added
        JsonObject more = alertmanagerMessage(GROUP, alert("firing", "OrdersApi5xx", "critical", began, null, "fp1",
                "Orders API returns 502"), alert("firing", "OrdersApi5xx", "critical", began.plusSeconds(60), null, "fp2",
                "Orders API returns 502 on eu-west"));
        assertEquals("added", outcome(sources.alertmanager(more)));
        assertEquals(1, bot.count("incident"));
        assertEquals(2, bot.query("SELECT id FROM timeline_entry WHERE kind = 'BOT_MESSAGE'").size());

        // resolved: a [RESOLVED] entry at its end; the incident stays open
        Instant ended = began.plus(20, ChronoUnit.MINUTES);
        JsonObject resolved = alertmanagerMessage(GROUP, alert("resolved", "OrdersApi5xx", "critical", began, ended, "fp1",
                "Orders API returns 502"), alert("resolved", "OrdersApi5xx", "critical", began.plusSeconds(60), ended,
                "fp2", "Orders API returns 502 on eu-west"));
        assertEquals("nothing", outcome(sources.alertmanager(resolved)));
        assertEquals("duplicate", outcome(sources.alertmanager(resolved)));
        assertEquals(List.of(ended.toEpochMilli() + "|[RESOLVED] OrdersApi5xx", ended.toEpochMilli()
                        + "|[RESOLVED] OrdersApi5xx"),
                bot.query("SELECT occurred_at, substr(text, 1, 23) FROM timeline_entry WHERE text LIKE '[RESOLVED]%'"));
        assertEquals(List.of("INVESTIGATING|null"), bot.query("SELECT status, resolved_at FROM incident"),
                "an alert never resolves an incident");
    }

    @Test
    void belowTheAutoDeclareSeveritiesAnAlertIsOfferedInTriageAndDeclaredFromItsButton() throws Exception {
        start(settings("ALERT_TRIAGE_CHANNEL", TRIAGE));
        Instant began = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        JsonObject warning = alertmanagerMessage(GROUP, alert("firing", "OrdersApiLatency", "warning", began, null, "fp9",
                "p99 latency above 2s"));

        assertEquals("triaged", outcome(sources.alertmanager(warning)));
        assertEquals(0, bot.count("incident"));
        FakeSlack.Call question = LearningLoopTest.awaitPost(bot, TRIAGE, "Declare an incident?");
        String blocks = RunningBot.blocks(question);
        assertTrue(blocks.contains("\"action_id\":\"alert_declare\"") && blocks.contains("\"action_id\":\"alert_ignore\""),
                blocks);
        assertTrue(question.param("text").contains("p99 latency above 2s (P3)"), question.param("text"));
        // firing again while the question is open does not ask again
        JsonObject again = alertmanagerMessage(GROUP, alert("firing", "OrdersApiLatency", "warning", began, null, "fp9",
                "p99 latency above 2s"), alert("firing", "OrdersApiLatency", "warning", began.plusSeconds(30), null,
                "fp10", "p99 latency above 2s"));
        assertEquals("triaged", outcome(sources.alertmanager(again)));
        RunningBot.sleep(300);
        assertEquals(1, LearningLoopTest.posts(bot, TRIAGE, "Declare an incident?").size());

        String group = bot.query("SELECT id FROM alert_group").get(0);
        HttpResponse<String> click = bot.slack.interactivity(SlackRequests.blockActions(
                SlackRequests.buttonAction("alert_declare", group), TRIAGE, "U0ALICE", FakeSlack.TEAM_ID,
                bot.fake.responseUrl()).toString());
        assertEquals(200, click.statusCode());
        assertEquals(List.of("p99 latency above 2s|P3|U0ALICE|U0ALICE|" + began.toEpochMilli()),
                bot.query("SELECT title, severity, opened_by, lead_id, detected_at FROM incident"));
        String replaced = bot.fake.awaitResponses(1, WAIT).get(0);
        assertTrue(replaced.contains("\"replace_original\":true") && replaced.contains("declared *INC-1*"), replaced);
        assertTrue(bot.query("SELECT text FROM timeline_entry WHERE kind = 'BOT_MESSAGE'").get(0)
                .startsWith("[FIRING] OrdersApiLatency"));
        String channel = channelOf(1);
        assertEquals("U0ALICE", bot.fake.awaitCall("conversations.invite", WAIT).param("users"));

        // a second click (someone else, at the same moment) declares nothing more
        bot.slack.interactivity(SlackRequests.blockActions(SlackRequests.buttonAction("alert_declare", group), TRIAGE,
                "U0BOB", FakeSlack.TEAM_ID, bot.fake.responseUrl()).toString());
        assertEquals(1, bot.count("incident"));
        // the group's later alerts join the incident declared from it
        JsonObject third = alertmanagerMessage(GROUP, alert("firing", "OrdersApiLatency", "warning", began.plusSeconds(90),
                null, "fp11", "p99 latency above 2s"));
        assertEquals("added", outcome(sources.alertmanager(third)));
        assertEquals(2, bot.query("SELECT id FROM timeline_entry WHERE kind = 'BOT_MESSAGE'").size());
        assertTrue(channel.startsWith("C"));
    }

    @Test
    void ignoreMutesTheGroupUntilItResolves() throws Exception {
        start(settings("ALERT_TRIAGE_CHANNEL", TRIAGE));
        Instant began = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        assertEquals("triaged", outcome(sources.alertmanager(alertmanagerMessage(GROUP, alert("firing", "DiskFilling",
                "warning", began, null, "fpA", "disk 85% full")))));
        String group = bot.query("SELECT id FROM alert_group").get(0);
        bot.slack.interactivity(SlackRequests.blockActions(SlackRequests.buttonAction("alert_ignore", group), TRIAGE,
                "U0ALICE", FakeSlack.TEAM_ID, bot.fake.responseUrl()).toString());
        assertTrue(bot.fake.awaitResponses(1, WAIT).get(0).contains("ignored this Alertmanager alert until it resolves"));

        assertEquals("muted", outcome(sources.alertmanager(alertmanagerMessage(GROUP, alert("firing", "DiskFilling", "warning",
                began.plusSeconds(60), null, "fpB", "disk 90% full")))));
        long posted = System.nanoTime() + WAIT.toNanos(); // the triage message goes out through the outbox
        while (LearningLoopTest.posts(bot, TRIAGE, "Declare an incident?").isEmpty() && System.nanoTime() < posted) {
            RunningBot.sleep(20);
        }
        assertEquals(1, LearningLoopTest.posts(bot, TRIAGE, "Declare an incident?").size());
        assertEquals("nothing", outcome(sources.alertmanager(alertmanagerMessage(GROUP,
                alert("resolved", "DiskFilling", "warning", began, began.plusSeconds(600), "fpA", "disk 85% full"),
                alert("resolved", "DiskFilling", "warning", began.plusSeconds(60), began.plusSeconds(600), "fpB",
                        "disk 90% full")))));
        // resolved: the Ignore is over, and the next firing asks again
        assertEquals("triaged", outcome(sources.alertmanager(alertmanagerMessage(GROUP, alert("firing", "DiskFilling",
                "warning", began.plusSeconds(900), null, "fpA", "disk 85% full")))));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (LearningLoopTest.posts(bot, TRIAGE, "Declare an incident?").size() < 2 && System.nanoTime() < deadline) {
            RunningBot.sleep(20);
        }
        assertEquals(2, LearningLoopTest.posts(bot, TRIAGE, "Declare an incident?").size());
        assertEquals(0, bot.count("incident"));
    }

    @Test
    void anAlertStormDeclaresAtMostTheBudgetAndTriagesTheRest() throws Exception {
        start(settings("ALERT_MAX_DECLARES", "2", "ALERT_TRIAGE_CHANNEL", TRIAGE));
        Instant began = Instant.now().minus(1, ChronoUnit.MINUTES);
        List<String> outcomes = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            outcomes.add(outcome(sources.alertmanager(alertmanagerMessage("{}:{alertname=\"Down" + i + "\"}",
                    alert("firing", "Down" + i, "critical", began, null, "fp" + i, "service " + i + " is down")))));
        }
        assertEquals(List.of("declared", "declared", "triaged", "triaged"), outcomes);
        assertEquals(2, bot.count("incident"));
        assertTrue(LearningLoopTest.awaitPost(bot, TRIAGE, "Declare an incident?").param("text")
                .contains("ALERT_MAX_DECLARES"));
    }

    @Test
    void withoutATriageChannelAnAlertThatIsNotDeclaredIsCounted() throws Exception {
        start(settings("ALERT_AUTO_DECLARE", ""));
        assertEquals("not_declared", outcome(sources.alertmanager(alertmanagerMessage(GROUP, alert("firing", "OrdersApi5xx",
                "critical", Instant.now(), null, "fp1", "Orders API returns 502")))));
        assertEquals(0, bot.count("incident"));
        String metrics = bot.get("/metrics").body();
        assertTrue(metrics.contains("incidentbot_integration_calls_total{integration=\"alertmanager\",operation=\"receive\","
                + "result=\"not_declared\"} 1.0"), metrics.lines().filter(l -> l.contains("integration")).toList().toString());
    }

    @Test
    void aGroupFiringAgainSoonAfterItsIncidentWasResolvedIsToldToThatIncident() throws Exception {
        start(settings());
        Instant began = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        assertEquals("declared", outcome(sources.alertmanager(alertmanagerMessage(GROUP, alert("firing", "OrdersApi5xx",
                "critical", began, null, "fp1", "Orders API returns 502")))));
        String channel = channelOf(1);
        LearningLoopTest.resolve(bot, channel, "U0ALICE", "pool exhausted");

        assertEquals("refired", outcome(sources.alertmanager(alertmanagerMessage(GROUP, alert("firing", "OrdersApi5xx",
                "critical", Instant.now().truncatedTo(ChronoUnit.SECONDS), null, "fp1", "Orders API returns 502")))));
        assertEquals(1, bot.count("incident"), "no second incident");
        FakeSlack.Call told = LearningLoopTest.awaitPost(bot, channel, "fired again");
        assertTrue(RunningBot.blocks(told).contains("\"action_id\":\"incident_reopen\""), RunningBot.blocks(told));

        bot.slack.interactivity(SlackRequests.blockActions(SlackRequests.buttonAction("incident_reopen", "1"), channel,
                "U0ALICE", FakeSlack.TEAM_ID, bot.fake.responseUrl()).toString());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!bot.query("SELECT status FROM incident").get(0).equals("INVESTIGATING") && System.nanoTime() < deadline) {
            RunningBot.sleep(20);
        }
        assertEquals(List.of("INVESTIGATING"), bot.query("SELECT status FROM incident"));
    }
}
