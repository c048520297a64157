package io.incidentbot.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: every row that carries a team carries the Enterprise Grid organization Slack named with
 * it — from the Events API envelope ({@code enterprise_id}, or only {@code authorizations[].enterprise_id}),
 * the slash command's {@code enterprise_id}, the interaction's {@code enterprise.id} or
 * {@code team.enterprise_id} — and null where Slack names none. Envelopes and payloads are Slack's
 * full shapes ({@code slack-payload-shapes/}) with every field filled.
 */
class EnterpriseIdTest {
    private static final String ALICE = "U0ALICE";
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

    @Test
    void enterpriseIdIsStoredFromEveryKindOfPayload() throws Exception {
        // slash command (form fields in SlashCommandPayload.json's shape)
        String channel = open("E0GRID", "Checkout errors");
        assertEquals(List.of("E0GRID"), bot.query("SELECT enterprise_id FROM incident WHERE id = 1"));

        // Events API: the envelope's enterprise_id …
        String ts1 = SlackRequests.newTs();
        assertEquals(200, post(envelope("MessagePayload.json", SlackRequests.message(channel, ALICE, ts1, "db is slow"),
                "E0GRID", true)).statusCode());
        // … or only the authorization's, as some deliveries carry it
        String ts2 = SlackRequests.newTs();
        assertEquals(200, post(envelope("MessagePayload.json", SlackRequests.message(channel, ALICE, ts2, "still slow"),
                "E0AUTH", false)).statusCode());
        assertEquals(200, post(envelope("ReactionAddedPayload.json",
                SlackRequests.reactionAdded(channel, ALICE, "pushpin", ts1), "E0GRID", true)).statusCode());
        assertEquals(List.of("E0GRID"), bot.query("SELECT enterprise_id FROM timeline_entry WHERE ts = '" + ts1 + "'"));
        assertEquals(List.of("E0AUTH"), bot.query("SELECT enterprise_id FROM timeline_entry WHERE ts = '" + ts2 + "'"));
        assertEquals(List.of("T0001|E0GRID"), bot.query("SELECT team_id, enterprise_id FROM pin_mark"));
        // something that is no Slack id is not stored as one, nor may it fail the write (and Slack retry forever)
        String ts5 = SlackRequests.newTs();
        assertEquals(200, post(envelope("MessagePayload.json", SlackRequests.message(channel, ALICE, ts5, "odd envelope"),
                "E'; DROP TABLE incident; --" + "E".repeat(100), true)).statusCode());
        assertEquals(List.of("odd envelope|null"),
                bot.query("SELECT text, enterprise_id FROM timeline_entry WHERE ts = '" + ts5 + "'"));

        // interactivity: an intro button (block_actions); its lifecycle entry takes the incident's organization
        assertEquals(200, clickResolve(channel).statusCode());
        assertEquals(List.of("E0GRID"), bot.query("SELECT enterprise_id FROM timeline_entry WHERE text LIKE 'Incident resolved%'"));

        // the declare form (view_submission, enterprise.id)
        assertEquals(200, declareWithForm("E0VIEW", "Search is down").statusCode());
        assertEquals(List.of("E0VIEW"), bot.query("SELECT enterprise_id FROM incident WHERE id = 2"));
        assertEquals(List.of("E0VIEW"), bot.query("SELECT DISTINCT enterprise_id FROM timeline_entry WHERE incident_id = 2"));

        // the message shortcut with only team.enterprise_id
        String ts3 = addWithShortcut("E0TEAM", 2);
        assertEquals(List.of("E0TEAM"), bot.query("SELECT enterprise_id FROM timeline_entry WHERE ts = '" + ts3 + "'"));

        // outside Enterprise Grid Slack sends enterprise_id= (empty) and envelopes with null: stored as null
        String plain = open("", "Login loops");
        String ts4 = SlackRequests.newTs();
        assertEquals(200, bot.event(SlackRequests.message(plain, ALICE, ts4, "plain workspace")).statusCode());
        assertEquals(List.of("null"), bot.query("SELECT enterprise_id FROM incident WHERE id = 3"));
        assertEquals(List.of("null"), bot.query("SELECT DISTINCT enterprise_id FROM timeline_entry WHERE incident_id = 3"));
    }

    /** Declares with {@code /incident open}, with the slash command's enterprise_id; returns the channel. */
    private String open(String enterpriseId, String title) throws Exception {
        int incidents = bot.count("incident");
        LinkedHashMap<String, String> fields = SlackRequests.slashCommandFields(FakeSlack.TEAM_ID, "C0GENERAL", ALICE,
                "open " + title, bot.fake.responseUrl());
        fields.put("enterprise_id", enterpriseId);
        fields.put("enterprise_name", enterpriseId.isEmpty() ? "" : "Acme Corp");
        assertTrue(ackText(bot.slack.slashCommand(fields)).contains("Declaring"));
        return awaitChannel(incidents + 1);
    }

    private String awaitChannel(int incidentId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> channel = bot.query("SELECT channel_id FROM incident WHERE id = " + incidentId);
            if (!channel.isEmpty() && !channel.get(0).equals("null")) {
                OutboxTest.awaitOutbox(bot.baseUrl(), 0, 0);
                return channel.get(0);
            }
            RunningBot.sleep(20);
        }
        throw new AssertionError("INC-" + incidentId + " never got its channel");
    }

    private HttpResponse<String> post(JsonObject envelope) {
        return bot.slack.post(envelope.toString(), SlackRequests.JSON);
    }

    /**
     * Slack's envelope from {@code shape} with every field filled for a Grid workspace; with
     * {@code topLevel} false only {@code authorizations[0].enterprise_id} names the organization.
     */
    private static JsonObject envelope(String shape, JsonObject event, String enterpriseId, boolean topLevel) {
        JsonObject env = SlackRequests.loadShape(shape);
        env.addProperty("token", SlackRequests.VERIFICATION_TOKEN);
        env.addProperty("team_id", FakeSlack.TEAM_ID);
        env.addProperty("api_app_id", FakeSlack.APP_ID);
        env.addProperty("type", "event_callback");
        env.addProperty("event_id", SlackRequests.newEventId());
        env.addProperty("event_time", System.currentTimeMillis() / 1000);
        env.addProperty("event_context", "4-eyJldCI6Im1lc3NhZ2UifQ");
        if (topLevel) {
            env.addProperty("enterprise_id", enterpriseId);
        } else {
            env.remove("enterprise_id");
        }
        for (String field : new String[]{"context_team_id", "context_enterprise_id"}) {
            if (env.has(field)) {
                env.addProperty(field, field.contains("team") ? FakeSlack.TEAM_ID : enterpriseId);
            }
        }
        if (env.has("authed_users")) {
            JsonArray users = new JsonArray();
            users.add(FakeSlack.BOT_USER_ID);
            env.add("authed_users", users);
            JsonArray teams = new JsonArray();
            teams.add(FakeSlack.TEAM_ID);
            env.add("authed_teams", teams);
        }
        JsonObject auth = env.getAsJsonArray("authorizations").get(0).getAsJsonObject();
        auth.addProperty("enterprise_id", enterpriseId);
        auth.addProperty("team_id", FakeSlack.TEAM_ID);
        auth.addProperty("user_id", FakeSlack.BOT_USER_ID);
        auth.addProperty("is_bot", true);
        env.add("event", event);
        return env;
    }

    private HttpResponse<String> clickResolve(String channel) {
        JsonObject payload = SlackRequests.blockActions(SlackRequests.buttonAction("incident_resolve", "resolve"),
                channel, ALICE, FakeSlack.TEAM_ID, bot.fake.responseUrl(),
                Map.of("enterprise.id", "E0GRID", "team.enterprise_id", "E0GRID"));
        return bot.slack.interactivity(payload.toString());
    }

    private HttpResponse<String> declareWithForm(String enterpriseId, String title) throws Exception {
        JsonObject state = SlackRequests.viewState(Map.of("title", SlackRequests.plainTextInput(title)));
        Map<String, Object> grid = new HashMap<>();
        grid.put("enterprise.id", enterpriseId);
        grid.put("team.enterprise_id", null);
        JsonObject payload = SlackRequests.viewSubmission("incident_open", null, ALICE, FakeSlack.TEAM_ID, state, grid);
        HttpResponse<String> r = bot.slack.interactivity(payload.toString());
        awaitChannel(bot.count("incident"));
        return r;
    }

    /** Adds a message from #support to {@code incidentId} with the shortcut and its form; returns the message's ts. */
    private String addWithShortcut(String teamEnterpriseId, int incidentId) {
        String ts = SlackRequests.newTs();
        int opened = bot.fake.calls("views.open").size();
        Map<String, Object> teamGridOnly = new HashMap<>();
        teamGridOnly.put("team.enterprise_id", teamEnterpriseId);
        teamGridOnly.put("enterprise", null);
        JsonObject shortcut = SlackRequests.messageShortcut("add_to_timeline", "C0SUPPORT", ALICE, FakeSlack.TEAM_ID, ts,
                "U0CAROL", "customers report errors", teamGridOnly);
        assertEquals(200, bot.slack.interactivity(shortcut.toString()).statusCode());
        String view = bot.fake.awaitCalls("views.open", opened + 1, WAIT).get(opened).param("view");
        String key = JsonParser.parseString(view).getAsJsonObject().get("private_metadata").getAsString();

        JsonObject state = SlackRequests.viewState(Map.of("incident", SlackRequests.staticSelect(Integer.toString(incidentId))));
        JsonObject payload = SlackRequests.viewSubmission("add_to_timeline_submit", key, ALICE, FakeSlack.TEAM_ID, state);
        HttpResponse<String> r = bot.slack.interactivity(payload.toString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body() == null || !r.body().contains("errors"), r.body());
        return ts;
    }
}
