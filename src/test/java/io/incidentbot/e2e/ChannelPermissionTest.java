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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: membership of the incident's channel is the permission to change the incident. A person
 * who is not in it (e.g. previewing a public channel) and presses an intro button, or adds a message
 * with the shortcut, is told to join and nothing changes; once they join, the same click works and
 * the entry names them. When Slack cannot say who is in the channel, nothing changes either.
 */
class ChannelPermissionTest {
    private static final String ALICE = "U0ALICE";
    private static final String EVE = "U0EVE";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    RunningBot bot;
    String channel;
    String channelName;

    @BeforeEach
    void start() throws Exception {
        bot = new RunningBot(dir);
        channel = bot.openIncident(ALICE, "Queue backlog");
        OutboxTest.awaitOutbox(bot.baseUrl(), 0, 0);
        channelName = bot.query("SELECT channel_name FROM incident").get(0);
        assertTrue(bot.fake.members(channel).contains(ALICE), "the opener was invited: " + bot.fake.members(channel));
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    void aNonMemberPressingAnIntroButtonIsRefusedAndNothingChanges() {
        String before = state();
        String responseUrl = bot.fake.responseUrl();
        assertEquals(200, clickStatus(EVE, "IDENTIFIED", responseUrl).statusCode());
        String refusal = awaitResponseTo(responseUrl);
        assertTrue(refusal.contains("Join <#" + channel + "> to change this incident"), refusal);
        assertTrue(refusal.contains("ephemeral"), refusal);
        assertEquals(before, state(), "a refused click changed the incident");

        // Eve joins: Slack tells the bot, the cached member list is forgotten, and the click works
        bot.fake.setMembers(channel, FakeSlack.BOT_USER_ID, ALICE, EVE);
        assertEquals(200, bot.event(SlackRequests.memberJoinedChannel(channel, EVE, null)).statusCode());
        assertEquals(200, clickStatus(EVE, "IDENTIFIED", bot.fake.responseUrl()).statusCode());
        assertEquals(List.of("IDENTIFIED"), bot.query("SELECT status FROM incident"));
        assertEquals(List.of("U0EVE"), bot.query("SELECT author_id FROM timeline_entry WHERE text LIKE 'Status → %'"),
                "the change records who made it");
    }

    @Test
    void aNonMemberCannotAddAMessageWithTheShortcut() {
        String ts = SlackRequests.newTs();
        JsonObject shortcut = SlackRequests.messageShortcut("add_to_timeline", "C0SUPPORT", EVE, FakeSlack.TEAM_ID, ts,
                "U0CAROL", "customers report login loops");
        assertEquals(200, bot.slack.interactivity(shortcut.toString()).statusCode());
        JsonObject view = JsonParser.parseString(bot.fake.awaitCall("views.open", WAIT).param("view")).getAsJsonObject();
        String key = view.get("private_metadata").getAsString();
        String before = state();

        HttpResponse<String> submitted = submitPick(EVE, key, "1");
        assertEquals(200, submitted.statusCode(), submitted.body());
        JsonObject answer = JsonParser.parseString(submitted.body()).getAsJsonObject();
        assertEquals("errors", answer.get("response_action").getAsString());
        assertEquals("Join #" + channelName + " to change this incident.",
                answer.getAsJsonObject("errors").get("incident").getAsString());
        assertEquals(before, state());
        assertEquals(List.of(), bot.query("SELECT id FROM timeline_entry WHERE ts = '" + ts + "'"));

        // a member picks the same message: it is added, and the timeline says who added it
        HttpResponse<String> byMember = submitPick(ALICE, key, "1");
        assertEquals(200, byMember.statusCode(), byMember.body());
        assertTrue(!byMember.body().contains("errors"), byMember.body());
        assertEquals(List.of("U0CAROL|customers report login loops"),
                bot.query("SELECT author_id, text FROM timeline_entry WHERE ts = '" + ts + "'"));
        assertEquals(List.of("U0ALICE"), bot.query("SELECT author_id FROM timeline_entry WHERE text = "
                + "'Message from <#C0SUPPORT> added to the timeline by <@U0ALICE>'"));
    }

    @Test
    void whenSlackCannotSayWhoIsInTheChannelNothingChanges() {
        bot.fake.respondNext("conversations.members", "{\"ok\":false,\"error\":\"internal_error\"}");
        String before = state();
        String responseUrl = bot.fake.responseUrl();
        assertEquals(200, clickStatus(ALICE, "MONITORING", responseUrl).statusCode());
        String answer = awaitResponseTo(responseUrl);
        assertTrue(answer.contains("could not check that you are in <#" + channel + ">"), answer);
        assertEquals(before, state());

        // the failure was not remembered: the next click asks again, and Alice is a member
        assertEquals(200, clickStatus(ALICE, "MONITORING", bot.fake.responseUrl()).statusCode());
        assertEquals(List.of("MONITORING"), bot.query("SELECT status FROM incident"));
    }

    private String awaitResponseTo(String responseUrl) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> got = bot.fake.responsesTo(responseUrl);
            if (!got.isEmpty()) {
                return got.get(0);
            }
            RunningBot.sleep(20);
        }
        throw new AssertionError("no answer to " + responseUrl + "; got " + bot.fake.responses());
    }

    /** The incident and its timeline, as text. */
    private String state() {
        return String.join("\n", bot.query("SELECT * FROM incident")) + "\n"
                + String.join("\n", bot.query("SELECT * FROM timeline_entry ORDER BY id"));
    }

    /** The intro's status menu, chosen by {@code user} (Slack's block_actions shape). */
    private HttpResponse<String> clickStatus(String user, String status, String responseUrl) {
        JsonObject payload = SlackRequests.blockActions(SlackRequests.staticSelectAction("incident_status", status),
                channel, user, FakeSlack.TEAM_ID, responseUrl);
        return bot.slack.interactivity(payload.toString());
    }

    /** Submits the shortcut's "pick an incident" form (Slack's view_submission shape). */
    private HttpResponse<String> submitPick(String user, String key, String incidentId) {
        JsonObject state = SlackRequests.viewState(Map.of("incident", SlackRequests.staticSelect(incidentId)));
        JsonObject payload = SlackRequests.viewSubmission("add_to_timeline_submit", key, user, FakeSlack.TEAM_ID, state);
        return bot.slack.interactivity(payload.toString());
    }
}
