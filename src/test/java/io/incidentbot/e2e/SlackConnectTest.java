package io.incidentbot.e2e;

import com.google.gson.JsonArray;
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

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A channel shared with another organization (Slack Connect): Slack names the other organization in
 * the envelope's team_id while {@code authorizations} names ours. Their people's messages and pins
 * are captured and shown with their organization; their commands and buttons that would change the
 * incident are refused with an ephemeral note; a workspace that is not ours at all is still ignored.
 */
class SlackConnectTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ALICE = "U0ALICE";
    private static final String DANA = "U0DANA";
    private static final String GLOBEX = "T0GLOBEX";
    private static final String TOKEN = "web-access-token-0123456789abcdef";

    @TempDir
    Path dir;
    RunningBot bot;

    @BeforeEach
    void start() throws Exception {
        bot = new RunningBot(dir, RunningBot.ANNOUNCE_CHANNEL, TOKEN);
        bot.fake.addUser(ALICE, "alice");
        bot.fake.addExternalUser(DANA, "Dana", GLOBEX, "Globex");
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    /** As Slack delivers an event from a shared channel: their team in the envelope and event, ours in authorizations. */
    private HttpResponse<String> shared(JsonObject event, String envelopeTeam, String authorizedTeam) {
        JsonObject e = event.deepCopy();
        for (String k : List.of("team", "user_team", "source_team")) {
            if (e.has(k)) {
                e.addProperty(k, envelopeTeam);
            }
        }
        JsonObject env = SlackRequests.envelope(e, RunningBot.nextEventId());
        env.addProperty("team_id", envelopeTeam);
        env.addProperty("context_team_id", envelopeTeam);
        env.addProperty("is_ext_shared_channel", true);
        JsonArray auths = env.getAsJsonArray("authorizations");
        auths.get(0).getAsJsonObject().addProperty("team_id", authorizedTeam);
        return bot.slack.post(env.toString(), SlackRequests.JSON);
    }

    @Test
    void anotherOrganizationsMessagesAndPinsAreCapturedAndNamedWithTheirOrganization() throws Exception {
        String channel = bot.openIncident(ALICE, "Payments down");
        String ts = SlackRequests.newTs();
        assertEquals(200, shared(SlackRequests.message(channel, DANA, ts, "Globex side: we rolled back the gateway"),
                GLOBEX, FakeSlack.TEAM_ID).statusCode());
        assertEquals(List.of(DANA + "|Globex side: we rolled back the gateway"),
                bot.query("SELECT author_id, text FROM timeline_entry WHERE ts = '" + ts + "'"));
        assertEquals(200, shared(SlackRequests.reactionAdded(channel, DANA, "pushpin", ts), GLOBEX, FakeSlack.TEAM_ID)
                .statusCode());
        assertEquals(1, bot.count("pin_mark"));

        // a workspace that is not ours at all: ignored as before
        String foreign = SlackRequests.newTs();
        assertEquals(200, shared(SlackRequests.message(channel, DANA, foreign, "not for you"), GLOBEX, "T0OTHER")
                .statusCode());
        assertEquals(List.of(), bot.query("SELECT text FROM timeline_entry WHERE ts = '" + foreign + "'"));

        HttpResponse<String> page = bot.get("/incidents/1", "Authorization", "Bearer " + TOKEN);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Dana (Globex)"), page.body());
        assertEquals(GLOBEX, bot.fake.awaitCall("team.info", WAIT).param("team"));
    }

    @Test
    void anotherOrganizationsPeopleCannotChangeTheIncident() {
        String channel = bot.openIncident(ALICE, "Payments down");
        int responses = bot.fake.responses().size();
        JsonObject click = SlackRequests.blockActions(SlackRequests.buttonAction("incident_resolve", "resolve"), channel,
                DANA, GLOBEX, bot.fake.responseUrl(), java.util.Map.of("user.team_id", GLOBEX));
        assertEquals(200, bot.slack.interactivity(click.toString()).statusCode());
        String refusal = bot.fake.awaitResponses(responses + 1, WAIT).get(responses);
        assertTrue(refusal.contains("This incident is run from another Slack workspace than yours: only its people can change it")
                && refusal.contains("\"response_type\":\"ephemeral\""), refusal);
        assertEquals(List.of("INVESTIGATING"), bot.query("SELECT status FROM incident"));

        LinkedHashMap<String, String> fields = SlackRequests.slashCommandFields(GLOBEX, channel, DANA, "resolve",
                bot.fake.responseUrl());
        String reply = ackText(bot.slack.slashCommand(fields));
        assertTrue(reply.startsWith("This incident is run from another Slack workspace than yours: only its people can change it with /incident"), reply);
        assertEquals(List.of("INVESTIGATING"), bot.query("SELECT status FROM incident"));

        // elsewhere, another workspace's command is still told this bot is not theirs
        String elsewhere = ackText(bot.slack.slashCommand(SlackRequests.slashCommandFields(GLOBEX, "C0THEIRS", DANA,
                "list", bot.fake.responseUrl())));
        assertEquals("This incident bot serves another Slack workspace.", elsewhere);
    }
}
