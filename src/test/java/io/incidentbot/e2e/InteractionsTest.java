package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The modal, the intro's buttons and the message shortcut, driven with Slack's interactivity payloads. */
class InteractionsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    RunningBot bot;

    @BeforeEach
    void start() throws Exception {
        bot = new RunningBot(dir);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private HttpResponse<String> submitView(String callbackId, String privateMetadata, Map<String, JsonObject> values) {
        JsonObject payload = SlackRequests.viewSubmission(callbackId, privateMetadata, "U0ALICE", FakeSlack.TEAM_ID,
                SlackRequests.viewState(values));
        return bot.slack.interactivity(payload.toString());
    }

    @Test
    void bareCommandOpensTheModalAndItsSubmissionDeclaresTheIncident() {
        HttpResponse<String> ack = bot.command("C0GENERAL", "U0ALICE", "");
        assertEquals(200, ack.statusCode());
        assertTrue(ack.body().isEmpty() || !ack.body().contains("text"), "no message, a modal: " + ack.body());
        FakeSlack.Call open = bot.fake.awaitCall("views.open", WAIT);
        assertTrue(open.param("trigger_id") != null && !open.param("trigger_id").isBlank());
        JsonObject view = JsonParser.parseString(open.param("view")).getAsJsonObject();
        assertEquals("incident_open", view.get("callback_id").getAsString());

        HttpResponse<String> invalid = submitView("incident_open", "", Map.of("title", SlackRequests.plainTextInput(" "),
                "severity", SlackRequests.staticSelect("P1")));
        assertEquals(200, invalid.statusCode());
        JsonObject errors = JsonParser.parseString(invalid.body()).getAsJsonObject();
        assertEquals("errors", errors.get("response_action").getAsString());
        assertTrue(errors.getAsJsonObject("errors").has("title"));
        assertEquals(0, bot.count("incident"));

        HttpResponse<String> ok = submitView("incident_open", "", Map.of(
                "title", SlackRequests.plainTextInput("Payments <failing> & slow"),
                "severity", SlackRequests.staticSelect("P1"),
                "summary", SlackRequests.plainTextInput("card payments time out")));
        assertEquals(200, ok.statusCode());
        assertEquals(List.of("Payments &lt;failing&gt; &amp; slow|P1|card payments time out|U0ALICE"),
                bot.query("SELECT title, severity, summary, opened_by FROM incident"));
        FakeSlack.Call create = bot.fake.awaitCall("conversations.create", WAIT);
        assertTrue(create.param("name").endsWith("-payments-failing-and-slow"), create.param("name"));
        List<FakeSlack.Call> dm = bot.fake.awaitCalls("chat.postMessage", 3, WAIT).stream()
                .filter(c -> "U0ALICE".equals(c.param("channel"))).toList();
        assertTrue(!dm.isEmpty() || !bot.fake.awaitCalls("chat.postMessage", 4, WAIT).stream()
                .filter(c -> "U0ALICE".equals(c.param("channel"))).toList().isEmpty(), "the opener hears back by DM");
    }

    @Test
    void whenTheModalCannotOpenTheCommandAnswersWithUsage() {
        bot.fake.respondNext("views.open", "{\"ok\":false,\"error\":\"expired_trigger_id\"}");
        assertEquals(200, bot.command("C0GENERAL", "U0ALICE", "open").statusCode());
        String usage = bot.fake.awaitResponses(1, WAIT).get(0);
        assertTrue(usage.contains("/incident open"), usage);
        assertEquals(0, bot.count("incident"));
    }

    private HttpResponse<String> clickIntro(String channel, String actionId, String selectedValue) {
        JsonObject action = selectedValue != null
                ? SlackRequests.staticSelectAction(actionId, selectedValue)
                : SlackRequests.buttonAction(actionId, "resolve");
        JsonObject payload = SlackRequests.blockActions(action, channel, "U0ALICE", FakeSlack.TEAM_ID, bot.fake.responseUrl());
        return bot.slack.interactivity(payload.toString());
    }

    @Test
    void theIntroButtonsDoWhatTheCommandsDo() {
        String channel = bot.openIncident("U0ALICE", "Queue backlog");
        FakeSlack.Call intro = bot.fake.calls("chat.postMessage").get(0);
        String blocks = RunningBot.blocks(intro);
        assertTrue(blocks.contains("incident_status") && blocks.contains("incident_severity") && blocks.contains("incident_resolve"), blocks);
        int responses = bot.fake.responses().size();

        assertEquals(200, clickIntro(channel, "incident_status", "IDENTIFIED").statusCode());
        assertEquals(List.of("IDENTIFIED"), bot.query("SELECT status FROM incident"));
        assertEquals(200, clickIntro(channel, "incident_severity", "P2").statusCode());
        assertEquals(List.of("P2"), bot.query("SELECT severity FROM incident"));
        List<String> replies = bot.fake.awaitResponses(responses + 2, WAIT);
        assertTrue(replies.stream().anyMatch(r -> r.contains("P2 (High)")), replies.toString());

        assertEquals(200, clickIntro(channel, "incident_resolve", null).statusCode());
        assertEquals(List.of("RESOLVED"), bot.query("SELECT status FROM incident"));
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
    }

    @Test
    void theShortcutAddsAMessageFromAnotherChannelToAnOpenIncident() {
        String channel = bot.openIncident("U0ALICE", "Login errors");
        String ts = (Instant.now().getEpochSecond() - 600) + ".000200";
        JsonObject payload = SlackRequests.messageShortcut("add_to_timeline", "C0SUPPORT", "U0ALICE", FakeSlack.TEAM_ID, ts,
                "U0CAROL", "customers report login loops since 09:40");
        assertEquals(200, bot.slack.interactivity(payload.toString()).statusCode());

        FakeSlack.Call open = bot.fake.awaitCalls("views.open", 1, WAIT).get(0);
        JsonObject view = JsonParser.parseString(open.param("view")).getAsJsonObject();
        assertEquals("add_to_timeline_submit", view.get("callback_id").getAsString());
        assertTrue(open.param("view").contains("INC-1 · Login errors"), open.param("view"));
        String key = view.get("private_metadata").getAsString();

        HttpResponse<String> submitted = submitView("add_to_timeline_submit", key, Map.of("incident", SlackRequests.staticSelect("1")));
        assertEquals(200, submitted.statusCode(), submitted.body());
        assertEquals(List.of("C0SUPPORT|U0CAROL|customers report login loops since 09:40"),
                bot.query("SELECT channel_id, author_id, text FROM timeline_entry WHERE ts = '" + ts + "'"));
        assertTrue(bot.fake.awaitCalls("chat.postMessage", 3, WAIT).stream()
                .anyMatch(c -> channel.equals(c.param("channel")) && c.param("text").contains("added a message")));

        HttpResponse<String> stale = submitView("add_to_timeline_submit", "no-such-key", Map.of("incident", SlackRequests.staticSelect("1")));
        assertTrue(stale.body().contains("errors"), stale.body());
    }
}
