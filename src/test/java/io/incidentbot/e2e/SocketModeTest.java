package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.incidentbot.cli.App;
import io.incidentbot.config.Config;
import io.incidentbot.config.LearningConfig;
import io.incidentbot.postmortem.TtrTargets;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The running app with SLACK_APP_TOKEN set: Slack's traffic arrives as Socket Mode envelopes over a
 * WebSocket (a {@link FakeSocketModeServer} that the fake Slack's apps.connections.open points to),
 * is acknowledged over the same socket, and ends up in the same timeline as over HTTP.
 */
class SocketModeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";
    private static final String OTHER_TEAM = "T0OTHER";

    @TempDir
    Path dir;
    FakeSocketModeServer server;
    RunningBot bot;

    @BeforeEach
    void start() throws Exception {
        server = new FakeSocketModeServer();
        bot = RunningBot.socketMode(dir, server);
        bot.fake.addUser(ALICE, "alice");
        bot.fake.addUser(BOB, "bob");
        assertTrue(server.awaitConnections(1, WAIT), "the bot never connected");
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        server.close();
    }

    // ------------------------------------------------------------------ envelopes

    private JsonObject command(String team, String channel, String user, String text) {
        Map<String, String> fields = SlackRequests.slashCommandFields(team, channel, user, text, bot.fake.responseUrl());
        JsonObject payload = new JsonObject();
        fields.forEach(payload::addProperty);
        return FakeSocketModeServer.envelope("slash_commands", payload, true);
    }

    private static JsonObject event(JsonObject event) {
        return FakeSocketModeServer.eventsApi(SlackRequests.envelope(event, SlackRequests.newEventId()), 0, "");
    }

    private JsonObject clickStatus(String team, String channel, String status) {
        JsonObject payload = SlackRequests.blockActions(SlackRequests.staticSelectAction("incident_status", status),
                channel, ALICE, team, bot.fake.responseUrl());
        return FakeSocketModeServer.envelope("interactive", payload, false);
    }

    /** The declare form submitted with a blank title: Bolt answers with the form's errors. */
    private static JsonObject blankDeclareForm() {
        JsonObject state = SlackRequests.viewState(Map.of("title", SlackRequests.plainTextInput(" ")));
        JsonObject payload = SlackRequests.viewSubmission("incident_open", "", ALICE, FakeSlack.TEAM_ID, state);
        return FakeSocketModeServer.envelope("interactive", payload, true);
    }

    /** Sends an envelope and returns its acknowledgement, failing when none comes. */
    private JsonObject sendAndAwaitAck(JsonObject envelope) {
        String id = server.send(envelope);
        JsonObject ack = server.awaitAck(id, WAIT);
        assertNotNull(ack, "no ack for " + envelope.get("type") + " envelope " + id);
        return ack;
    }

    private static String ackText(JsonObject ack) {
        assertTrue(ack.has("payload"), "the ack carries the command's answer: " + ack);
        return ack.getAsJsonObject("payload").get("text").getAsString();
    }

    private String awaitIncidentChannel() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String channel = bot.query("SELECT channel_id FROM incident WHERE id = (SELECT max(id) FROM incident)").get(0);
            if (!channel.equals("null")) {
                return channel;
            }
            RunningBot.sleep(20);
        }
        throw new AssertionError("the incident's channel was never bound");
    }

    // ------------------------------------------------------------------ tests

    @Test
    void commandsEventsAndInteractionsOverTheSocketBuildTheSameTimeline() throws Exception {
        // apps.connections.open went to SLACK_API_URL with the app-level token; the URL it gave was used
        FakeSlack.Call open = bot.fake.awaitCall("apps.connections.open", WAIT);
        assertEquals(RunningBot.APP_TOKEN, open.token());
        assertTrue(server.connectionPaths().get(0).startsWith("/link?ticket="), server.connectionPaths().toString());

        // HTTP still serves health; POST /slack/events is off, even for a correctly signed request
        assertEquals(200, bot.get("/health").statusCode());
        HttpResponse<String> http = bot.command("C0GENERAL", ALICE, "open Over HTTP");
        assertEquals(404, http.statusCode());
        assertTrue(http.body().contains("Socket Mode"), http.body());

        JsonObject opened = sendAndAwaitAck(command(FakeSlack.TEAM_ID, "C0GENERAL", ALICE,
                "open Orders API returns 502 | checkout is down"));
        String reply = ackText(opened);
        assertTrue(reply.contains("Declaring *INC-1*") && reply.contains("P3 (Medium)"), reply);
        assertEquals(List.of("1|Orders API returns 502|checkout is down|U0ALICE"),
                bot.query("SELECT id, title, summary, opened_by FROM incident"));
        String channel = awaitIncidentChannel();
        FakeSlack.Call invite = bot.fake.awaitCall("conversations.invite", WAIT);
        assertEquals(channel, invite.param("channel"));
        bot.fake.awaitResponses(1, WAIT);

        // events: a message, Slack's retry of it, a thread reply and a pin reaction
        String ts = SlackRequests.newTs();
        JsonObject message = event(SlackRequests.message(channel, ALICE, ts, "DB CPU at 95% &amp; climbing"));
        JsonObject ack = sendAndAwaitAck(message);
        assertEquals(message.get("envelope_id").getAsString(), ack.get("envelope_id").getAsString());
        assertFalse(ack.has("payload"), "an event's ack is the envelope id alone: " + ack);
        JsonObject retry = FakeSocketModeServer.eventsApi(message.getAsJsonObject("payload"), 1, "timeout");
        sendAndAwaitAck(retry);
        String replyTs = SlackRequests.newTs();
        sendAndAwaitAck(event(SlackRequests.threadReply(channel, BOB, replyTs, ts, "looking at it")));
        sendAndAwaitAck(event(SlackRequests.reactionAdded(channel, BOB, "pushpin", ts)));
        // stored as Slack sent it (Slack's escaping); the draft shows plain text
        assertEquals(List.of("MESSAGE|" + ts + "|null|U0ALICE|DB CPU at 95% &amp; climbing",
                        "MESSAGE|" + replyTs + "|" + ts + "|U0BOB|looking at it"),
                bot.query("SELECT kind, ts, thread_ts, author_id, text FROM timeline_entry WHERE kind <> 'LIFECYCLE' "
                        + "ORDER BY ts"));
        assertEquals(List.of(ts + "|reaction:U0BOB"), bot.query("SELECT ts, source FROM pin_mark"));

        // interactions: the intro's status menu; a form's validation errors come back in the ack
        JsonObject clicked = sendAndAwaitAck(clickStatus(FakeSlack.TEAM_ID, channel, "IDENTIFIED"));
        assertFalse(clicked.has("payload"), clicked.toString());
        assertEquals(List.of("IDENTIFIED"), bot.query("SELECT status FROM incident"));
        JsonObject form = sendAndAwaitAck(blankDeclareForm());
        JsonObject formAnswer = form.getAsJsonObject("payload");
        assertEquals("errors", formAnswer.get("response_action").getAsString(), form.toString());
        assertTrue(formAnswer.getAsJsonObject("errors").has("title"), form.toString());
        assertEquals(1, bot.count("incident"));

        // resolve: the draft is uploaded and posted as over HTTP
        String resolving = ackText(sendAndAwaitAck(command(FakeSlack.TEAM_ID, channel, ALICE, "resolve a pool limit of 10")));
        assertTrue(resolving.contains("Resolving *INC-1*"), resolving);
        assertEquals(List.of("RESOLVED|a pool limit of 10"), bot.query("SELECT status, root_cause FROM incident"));
        FakeSlack.Call complete = bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        assertEquals(channel, complete.param("channel_id"));
        String md = bot.fake.uploadedContent(bot.fake.uploads().keySet().iterator().next());
        assertTrue(md.contains("@alice: DB CPU at 95% & climbing 📌"), md);
        assertTrue(md.contains("↳ @bob: looking at it"), md);
        assertTrue(md.contains("## Root cause\na pool limit of 10"), md);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bot.fake.calls("chat.postMessage").stream().noneMatch(c -> channel.equals(c.param("channel"))
                && c.param("blocks") != null && RunningBot.blocks(c).contains("INC-1-postmortem.md"))) {
            assertTrue(System.nanoTime() < deadline, "no summary in the channel: " + bot.fake.calls("chat.postMessage"));
            RunningBot.sleep(20);
        }
    }

    @Test
    void envelopesFromAnotherWorkspaceAreAcknowledgedAndChangeNothing() {
        sendAndAwaitAck(command(FakeSlack.TEAM_ID, "C0GENERAL", ALICE, "open Checkout errors"));
        String channel = awaitIncidentChannel();
        String ts = SlackRequests.newTs();
        sendAndAwaitAck(event(SlackRequests.message(channel, ALICE, ts, "first clue")));
        bot.fake.awaitResponses(1, WAIT);
        List<String> before = bot.query("SELECT kind, ts, text, deleted FROM timeline_entry ORDER BY id");
        int callsBefore = bot.fake.allCalls().size();

        String otherCommand = ackText(sendAndAwaitAck(command(OTHER_TEAM, "C0GENERAL", "U0EVE", "open Hijacked")));
        assertTrue(otherCommand.contains("another Slack workspace"), otherCommand);
        assertTrue(ackText(sendAndAwaitAck(command(OTHER_TEAM, channel, "U0EVE", "resolve took over")))
                .contains("another Slack workspace"));
        JsonObject injected = SlackRequests.envelope(SlackRequests.message(channel, "U0EVE", SlackRequests.newTs(),
                "injected"), SlackRequests.newEventId());
        injected.addProperty("team_id", OTHER_TEAM);
        injected.addProperty("context_team_id", OTHER_TEAM);
        injected.getAsJsonArray("authorizations").get(0).getAsJsonObject().addProperty("team_id", OTHER_TEAM);
        JsonObject ack = sendAndAwaitAck(FakeSocketModeServer.eventsApi(injected, 0, ""));
        assertFalse(ack.has("payload"), ack.toString());
        JsonObject pin = SlackRequests.envelope(SlackRequests.reactionAdded(channel, "U0EVE", "pushpin", ts),
                SlackRequests.newEventId());
        pin.addProperty("team_id", OTHER_TEAM);
        sendAndAwaitAck(FakeSocketModeServer.eventsApi(pin, 0, ""));
        sendAndAwaitAck(clickStatus(OTHER_TEAM, channel, "RESOLVED"));
        // our team on the surface, another one inside the payload (read from the envelope's JSON body)
        JsonObject mixed = clickStatus(FakeSlack.TEAM_ID, channel, "RESOLVED");
        mixed.getAsJsonObject("payload").getAsJsonObject("user").addProperty("team_id", OTHER_TEAM);
        sendAndAwaitAck(mixed);

        assertEquals(List.of("1|INVESTIGATING"), bot.query("SELECT id, status FROM incident"));
        assertEquals(before, bot.query("SELECT kind, ts, text, deleted FROM timeline_entry ORDER BY id"));
        assertEquals(0, bot.count("pin_mark"));
        RunningBot.sleep(300);
        assertEquals(callsBefore, bot.fake.allCalls().size(), "nothing was said to Slack: " + bot.fake.allCalls());
    }

    @Test
    void whileTheWorkspaceIsUnknownEventsAreLeftUnacknowledgedForSlackToDeliverAgain() throws Exception {
        bot.close();
        bot = RunningBot.socketMode(Files.createDirectories(dir.resolve("unverified")), server,
                // Slack failing on its side (a refused token is said to be refused: SlackTokenTest)
                fake -> fake.respondAlways("auth.test", "{\"ok\":false,\"error\":\"fatal_error\"}"));
        assertTrue(server.awaitConnections(2, WAIT), "the second bot never connected");

        String id = server.send(event(SlackRequests.message("C0SOMEWHERE", ALICE, SlackRequests.newTs(), "early")));
        assertEquals(null, server.awaitAck(id, Duration.ofSeconds(2)), "acked before the workspace was known");
        String reply = ackText(sendAndAwaitAck(command(FakeSlack.TEAM_ID, "C0GENERAL", ALICE, "open Too early")));
        assertTrue(reply.contains("try again"), reply);
        assertEquals(0, bot.count("incident"));
        assertEquals(0, bot.count("timeline_entry"));
    }

    @Test
    void badInputOverTheSocketIsSkippedAndLaterEnvelopesStillWork() {
        server.sendRaw("{\"type\":\"events_api\",\"envelope_id\":\"e1\",\"payload\":{");
        server.sendRaw("not json at all");
        server.sendRaw("[1,2,3]");
        server.sendRaw("{}");
        JsonObject unknown = FakeSocketModeServer.envelope("brand_new_type", new JsonObject(), false);
        assertNotNull(server.awaitAck(server.send(unknown), WAIT), "an unknown envelope is acknowledged");
        JsonObject noPayload = FakeSocketModeServer.envelope("events_api", JsonParser.parseString("\"oops\""), false);
        assertNotNull(server.awaitAck(server.send(noPayload), WAIT));
        JsonObject notAnEvent = FakeSocketModeServer.envelope("events_api", JsonParser.parseString("{\"type\":42}"), false);
        assertNotNull(server.awaitAck(server.send(notAnEvent), WAIT));
        // Bolt could not route a block_actions without actions: refused like the HTTP 400, but acknowledged
        JsonObject noActions = clickStatus(FakeSlack.TEAM_ID, "C0GENERAL", "RESOLVED");
        noActions.getAsJsonObject("payload").remove("actions");
        JsonObject ack = sendAndAwaitAck(noActions);
        assertFalse(ack.has("payload"), ack.toString());
        assertEquals(0, bot.count("incident"));

        // the client thread survived all of it: the same connection takes the next envelopes
        String reply = ackText(sendAndAwaitAck(command(FakeSlack.TEAM_ID, "C0GENERAL", ALICE, "open Still here")));
        assertTrue(reply.contains("INC-1"), reply);
        awaitIncidentChannel();
        assertTrue(server.received().stream().noneMatch(m -> m.contains("\"e1\"")), "a malformed envelope was acked");
    }

    @Test
    void aConnectionSlackEndsOrThatDropsIsReplacedAndTrafficContinues() {
        // Slack's refresh: a disconnect message; the bot opens a new connection at once
        server.askToReconnect("refresh_requested");
        assertTrue(server.awaitConnections(2, WAIT), "no new connection after Slack's disconnect message");
        // (at least: on a very busy machine a missed ping may add a reconnect of its own)
        assertTrue(bot.fake.calls("apps.connections.open").size() >= 2, "a new URL for each connection");
        String reply = ackText(sendAndAwaitAck(command(FakeSlack.TEAM_ID, "C0GENERAL", ALICE, "open After refresh")));
        assertTrue(reply.contains("INC-1"), reply);

        // a connection that drops without a word: the session monitor notices and reconnects
        int before = server.connectionsOpened();
        server.dropConnections();
        assertTrue(server.awaitConnections(before + 1, Duration.ofSeconds(20)), "no new connection after a drop");
        assertTrue(bot.fake.calls("apps.connections.open").size() >= before + 1);
        String channel = awaitIncidentChannel();
        String ts = SlackRequests.newTs();
        sendAndAwaitAck(event(SlackRequests.message(channel, ALICE, ts, "after the drop")));
        assertEquals(List.of("after the drop"), bot.query("SELECT text FROM timeline_entry WHERE ts = '" + ts + "'"));

        // a graceful stop closes the socket well within the 10 s budget
        long began = System.nanoTime();
        bot.close();
        bot = null;
        long millis = (System.nanoTime() - began) / 1_000_000;
        assertTrue(millis < 10_000, "close took " + millis + " ms");
        assertTrue(server.awaitOpenConnections(0, WAIT), "the bot's connection is still open after close()");
    }

    @Test
    void sigtermClosesTheSocketAndExitsZeroWithin10s() throws Exception {
        Assumptions.assumeFalse(TestDatabases.onPostgres(), "the child JVM runs on SQLite; runs in the default pass");
        try (FakeSlack fake = new FakeSlack();
             ChildBot child = new ChildBot(Files.createDirectories(dir.resolve("child")), fake)) {
            fake.useSocketMode(server.url());
            child.withEnv("SLACK_APP_TOKEN", RunningBot.APP_TOKEN).withEnv("SLACK_SIGNING_SECRET", null).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!child.logText().contains("Socket Mode connected")) {
                assertTrue(System.nanoTime() < deadline, "the child never connected: " + child.logText());
                RunningBot.sleep(50);
            }
            // the newest connection is the child's
            String reply = ackText(sendAndAwaitAck(command(FakeSlack.TEAM_ID, "C0GENERAL", ALICE, "help")));
            assertTrue(reply.contains("/incident open"), reply);

            long began = System.nanoTime();
            assertEquals(0, child.terminate(Duration.ofSeconds(15)), child.logText());
            long millis = (System.nanoTime() - began) / 1_000_000;
            assertTrue(millis < 10_000, "SIGTERM took " + millis + " ms");
            assertTrue(server.awaitOpenConnections(1, WAIT), "the child's connection is still open");
            String log = child.logText();
            assertTrue(log.contains("Slack traffic over Socket Mode (SLACK_APP_TOKEN); POST /slack/events is off"), log);
            assertTrue(log.contains("Socket Mode connected"), log);
            assertFalse(log.contains("ERROR"), log);
        }
    }

    @Test
    void anAppTokenSlackRefusesStopsTheStartWithWhatToDo() throws Exception {
        try (FakeSlack fake = new FakeSlack()) { // apps.connections.open answers invalid_auth
            Config config = new Config("xoxb-test-token", null, 0, fake.apiUrl(),
                    TestDatabases.forFolder(Files.createDirectories(dir.resolve("refused"))).url(), null, "pushpin", null,
                    TtrTargets.defaults(), LearningConfig.defaults(), true, null, "xapp-1-revoked");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> App.start(config, Clock.systemUTC()));
            assertTrue(e.getMessage().contains("SLACK_APP_TOKEN") && e.getMessage().contains("invalid_auth")
                    && e.getMessage().contains("connections:write"), e.getMessage());
        }
    }
}
