package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: a deployment serves the one workspace its bot token belongs to (auth.test's team_id,
 * {@value FakeSlack#TEAM_ID} here). Commands, events and interactions that name another team —
 * even with colliding channel ids, or with only one of the event envelope's team ids forged — or
 * no team at all are ignored and never touch data (every row of every table is compared).
 */
class IsolationTest {
    private static final String OTHER = "T0OTHER";
    private static final String ALICE = "U0ALICE";
    private static final String EVE = "U0EVE";

    @TempDir
    Path dir;
    RunningBot bot;
    String channel;
    String pinnedTs;

    @BeforeEach
    void start() throws Exception {
        bot = new RunningBot(dir);
        channel = bot.openIncident(ALICE, "Checkout errors");
        pinnedTs = SlackRequests.newTs();
        assertEquals(200, bot.event(SlackRequests.message(channel, ALICE, pinnedTs, "first clue")).statusCode());
        OutboxTest.awaitOutbox(bot.baseUrl(), 0, 0);
        bot.fake.reset();
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    void requestsFromAnotherWorkspaceNeverTouchData() throws Exception {
        {
            String before = snapshot();

            // slash commands: declare, and act on "our" channel id from another team, or without a team
            for (String team : new String[]{OTHER, "", null}) {
                for (String text : List.of("open Hijacked incident", "note from outside", "resolve took over",
                        "severity P1", "status monitoring")) {
                    String where = text.startsWith("open") ? "C0GENERAL" : channel;
                    LinkedHashMap<String, String> fields = SlackRequests.slashCommandFields(OTHER, where, EVE, text,
                            bot.fake.responseUrl());
                    if (team == null) {
                        fields.remove("team_id");
                    } else {
                        fields.put("team_id", team);
                    }
                    HttpResponse<String> ack = bot.slack.slashCommand(fields);
                    assertTrue(ackText(ack).contains("another Slack workspace"), text + " from " + team + ": " + ack.body());
                }
            }

            // events: every team id another workspace's, or just one of them forged
            String ts = SlackRequests.newTs();
            for (JsonObject event : List.of(SlackRequests.message(channel, EVE, ts, "injected"),
                    SlackRequests.messageChanged(channel, ALICE, pinnedTs, "first clue", "rewritten", ts),
                    SlackRequests.messageDeleted(channel, ts, pinnedTs),
                    SlackRequests.reactionAdded(channel, EVE, "pushpin", pinnedTs),
                    SlackRequests.pinAdded(channel, EVE, pinnedTs))) {
                for (String[] teams : new String[][]{{OTHER, OTHER}, {OTHER, FakeSlack.TEAM_ID}, {FakeSlack.TEAM_ID, OTHER},
                        {null, OTHER}}) {
                    JsonObject envelope = SlackRequests.envelope(event, SlackRequests.newEventId());
                    if (teams[0] == null) {
                        envelope.remove("team_id");
                    } else {
                        envelope.addProperty("team_id", teams[0]);
                    }
                    envelope.addProperty("context_team_id", teams[1]);
                    envelope.getAsJsonArray("authorizations").get(0).getAsJsonObject().addProperty("team_id", teams[1]);
                    HttpResponse<String> r = bot.slack.post(envelope.toString(), SlackRequests.JSON);
                    assertEquals(200, r.statusCode(), "ignored, not retried: " + r.body());
                }
            }

            // interactions: the intro's resolve button and the declare form, from another team
            assertEquals(200, clickResolve(OTHER).statusCode());
            assertEquals(200, submitDeclareForm(OTHER).statusCode());

            assertEquals(before, snapshot(), "another workspace's requests changed the database");
        }
        assertEquals(List.of("INVESTIGATING"), bot.query("SELECT status FROM incident"));
        assertEquals(List.of("first clue|0"), bot.query("SELECT text, deleted FROM timeline_entry WHERE ts = '" + pinnedTs + "'"));
        assertEquals(0, bot.count("pin_mark"));
        RunningBot.sleep(300);
        assertEquals(List.of(), bot.fake.allCalls(), "nothing was said to Slack on their behalf");

        // the bot's own workspace is served as before
        assertTrue(ackText(bot.command(channel, ALICE, "note still ours")).contains("INC-1"));
        assertEquals(200, clickResolve(FakeSlack.TEAM_ID).statusCode());
        assertEquals(List.of("RESOLVED"), bot.query("SELECT status FROM incident"));
        bot.fake.awaitCall("files.completeUploadExternal", Duration.ofSeconds(10));
    }

    private HttpResponse<String> clickResolve(String team) {
        JsonObject payload = SlackRequests.blockActions(SlackRequests.buttonAction("incident_resolve", "resolve"),
                channel, team.equals(FakeSlack.TEAM_ID) ? ALICE : EVE, team, bot.fake.responseUrl(),
                Map.of("user.team_id", team));
        return bot.slack.interactivity(payload.toString());
    }

    private HttpResponse<String> submitDeclareForm(String team) {
        JsonObject state = SlackRequests.viewState(Map.of("title", SlackRequests.plainTextInput("Declared from outside")));
        JsonObject payload = SlackRequests.viewSubmission("incident_open", null, EVE, team, state,
                Map.of("user.team_id", team));
        return bot.slack.interactivity(payload.toString());
    }

    /** Every row of every table, as text (SQLite or PostgreSQL). */
    private String snapshot() {
        List<String> tables = bot.db.isPostgres()
                ? bot.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
                : bot.query("SELECT name FROM sqlite_master WHERE type = 'table'");
        StringBuilder all = new StringBuilder();
        for (String table : new java.util.TreeSet<>(tables)) {
            List<String> rows = new java.util.ArrayList<>(bot.query("SELECT * FROM " + table));
            java.util.Collections.sort(rows);
            all.append(table).append(rows).append('\n');
        }
        return all.toString();
    }
}
