package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.incidentbot.cli.App;
import io.incidentbot.config.Config;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: work that could not reach Slack after the ack is kept in the outbox table and retried
 * with backoff until Slack takes it, also after a restart, so a Slack outage during open or
 * resolve loses nothing. {@code GET /health} reports the outbox depth.
 */
class OutboxTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALICE = "U0ALICE";
    private static final Map<String, String> NO_HEADERS = Map.of();

    @TempDir
    Path dir;

    /**
     * Slack fails the intro, then answers 5xx more often than the gateway retries during resolve, then
     * recovers: the outbox delivers everything, in order, once.
     */
    @Test
    void fiveHundredsBeyondTheGatewaysRetriesAreRetriedUntilSlackRecovers() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            // during open: Slack has trouble (ok:false, fatal_error) with the intro; it comes later, still first
            bot.fake.respondNext("chat.postMessage", "{\"ok\":false,\"error\":\"fatal_error\"}");
            String channel = bot.openIncident(ALICE, "Search is slow | p99 at 4 s");
            List<FakeSlack.Call> posts = bot.fake.calls("chat.postMessage");
            assertEquals(4, posts.size(), posts.toString()); // the failed intro, then intro, summary, announcement
            assertTrue(RunningBot.blocks(posts.get(1)).contains("Search is slow"), posts.get(1).toString());
            assertEquals(channel, posts.get(1).param("channel"));
            assertTrue(posts.get(2).param("text").contains("p99 at 4 s"));
            assertEquals(RunningBot.ANNOUNCE_CHANNEL, posts.get(3).param("channel"));
            awaitOutbox(bot.baseUrl(), 0, 0);

            // during resolve: the draft's message fails through all attempts; its file waits behind it
            bot.fake.reset();
            for (int i = 0; i < 4; i++) {
                bot.fake.failNext("chat.postMessage", 503, "", NO_HEADERS);
            }
            assertTrue(ackText(bot.command(channel, ALICE, "resolve an index was dropped")).contains("Resolving"));
            bot.fake.awaitCalls("chat.postMessage", 4, WAIT);
            JsonObject depth = health(bot.baseUrl());
            assertTrue(depth.getAsJsonObject("outbox").get("pending").getAsInt() >= 2, depth.toString());
            assertEquals(List.of(), bot.fake.calls("files.getUploadURLExternal"), "the file must wait for its message");

            FakeSlack.Call upload = bot.fake.awaitCall("files.completeUploadExternal", WAIT);
            assertEquals(channel, upload.param("channel_id"));
            posts = bot.fake.calls("chat.postMessage");
            assertEquals(5, posts.size(), posts.toString());
            assertTrue(posts.get(4).param("text").contains("resolved"), posts.get(4).toString());
            FakeSlack.Call update = bot.fake.awaitCall("chat.update", WAIT);
            assertTrue(update.param("text").contains("resolved after"),
                    update.toString());
            String md = bot.fake.uploadedContent(bot.fake.uploads().keySet().iterator().next());
            assertTrue(md.contains("an index was dropped"), md);
            awaitOutbox(bot.baseUrl(), 0, 0);
            assertEquals(0, bot.count("outbox"));
        }
    }

    /** Slack is down during resolve and the bot restarts before it recovers: the restarted bot delivers. */
    @Test
    void pendingWorkSurvivesARestart() throws Exception {
        FakeSlack fake = new FakeSlack();
        try {
            String channel;
            try (App app = start(fake)) {
                SlackRequests slack = new SlackRequests("http://127.0.0.1:" + app.port(), RunningBot.SIGNING_SECRET);
                channel = open(fake, slack, app);
                fake.reset();
                fake.respondAlways("chat.postMessage", "{\"ok\":false,\"error\":\"service_unavailable\"}");
                assertTrue(ackText(slack.slashCommand(FakeSlack.TEAM_ID, channel, ALICE, "resolve disk filled up",
                        fake.responseUrl())).contains("Resolving"));
                fake.awaitCalls("chat.postMessage", 2, WAIT); // tried, and tried again after the backoff
                JsonObject h = health("http://127.0.0.1:" + app.port());
                assertEquals(3, h.getAsJsonObject("outbox").get("pending").getAsInt(), h.toString());
            }
            // stopped while Slack was still down: the work is in the table
            List<String> rows = query("SELECT kind, failed_at FROM outbox ORDER BY id");
            assertEquals(List.of("post|null", "upload|null", "announcement|null"), rows);
            assertTrue(Integer.parseInt(query("SELECT attempts FROM outbox ORDER BY id LIMIT 1").get(0)) >= 2);

            fake.reset(); // Slack is back
            try (App app = start(fake)) {
                FakeSlack.Call upload = fake.awaitCall("files.completeUploadExternal", WAIT);
                assertEquals(channel, upload.param("channel_id"));
                String md = fake.uploadedContent(fake.uploads().keySet().iterator().next());
                assertTrue(md.startsWith("# Incident: Database disk full") && md.contains("disk filled up"), md);
                assertEquals(1, fake.calls("chat.postMessage").size());
                assertEquals(channel, fake.calls("chat.postMessage").get(0).param("channel"));
                fake.awaitCall("chat.update", WAIT);
                awaitOutbox("http://127.0.0.1:" + app.port(), 0, 0);
            }
            assertEquals(List.of(), query("SELECT id FROM outbox"));
        } finally {
            fake.close();
        }
    }

    /** A job Slack refuses for good is kept as failed and does not hold up the incident's other jobs. */
    @Test
    void permanentRefusalsAreKeptAsFailedAndDoNotBlock() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            String channel = bot.openIncident(ALICE, "Cache stampede");
            bot.fake.reset();
            bot.fake.respondNext("chat.postMessage", "{\"ok\":false,\"error\":\"is_archived\"}");
            ackText(bot.command(channel, ALICE, "resolve"));
            bot.fake.awaitCall("files.completeUploadExternal", WAIT);
            awaitOutbox(bot.baseUrl(), 0, 1);
            assertEquals(List.of("post|is_archived"), bot.query(
                    "SELECT kind, last_error FROM outbox WHERE failed_at IS NOT NULL").stream()
                    .map(r -> r.replaceAll("\\|.*failed: ", "|")).toList());
        }
    }

    /**
     * Slack is down while the incident moves on (a status change, an escalation to P1, a stakeholder
     * update): the acks come at once, and when Slack is back every message arrives, once, in order,
     * in the channel and under the announcement.
     */
    @Test
    void changesDuringASlackOutageArriveInOrderWhenSlackIsBack() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            String channel = bot.openIncident(ALICE, "Checkout errors");
            awaitOutbox(bot.baseUrl(), 0, 0);
            String announceTs = bot.query("SELECT announce_ts FROM incident").get(0);
            bot.fake.reset();
            String down = "{\"ok\":false,\"error\":\"service_unavailable\"}";
            for (String method : List.of("chat.postMessage", "chat.update", "conversations.setTopic")) {
                bot.fake.respondAlways(method, down);
            }
            assertTrue(ackText(bot.command(channel, ALICE, "status identified")).contains("identified"));
            assertTrue(ackText(bot.command(channel, ALICE, "severity P1")).contains("P1"));
            assertTrue(ackText(bot.command(channel, ALICE, "update Rolled back; errors falling")).contains("posted"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (bot.fake.allCalls().isEmpty() && System.nanoTime() < deadline) { // tried, and refused
                RunningBot.sleep(20);
            }
            JsonObject during = health(bot.baseUrl());
            assertTrue(during.getAsJsonObject("outbox").get("pending").getAsInt() >= 6, during.toString());

            bot.fake.reset(); // Slack is back
            awaitOutbox(bot.baseUrl(), 0, 0);
            List<FakeSlack.Call> posts = bot.fake.calls("chat.postMessage");
            List<String> inChannel = posts.stream().filter(c -> channel.equals(c.param("channel"))
                    && c.param("thread_ts") == null).map(c -> c.param("text")).toList();
            assertEquals(3, inChannel.size(), inChannel.toString());
            assertTrue(inChannel.get(0).contains("Status → *identified*"), inChannel.toString());
            assertTrue(inChannel.get(1).contains("→ *P1"), inChannel.toString());
            assertTrue(inChannel.get(2).contains("Rolled back; errors falling"), inChannel.toString());
            List<String> thread = posts.stream().filter(c -> announceTs.equals(c.param("thread_ts")))
                    .map(c -> c.param("text")).toList();
            assertEquals(3, thread.size(), thread.toString());
            assertTrue(thread.get(0).contains("identified") && thread.get(1).contains("Escalated to *P1")
                    && thread.get(2).contains("Rolled back"), thread.toString());
            // the announcement and the topic end in the latest state; edits queued behind the outage were
            // replaced by the newer ones (one more when the first was in flight as the next change came)
            List<FakeSlack.Call> edits = bot.fake.calls("chat.update");
            assertTrue(!edits.isEmpty() && edits.size() <= 2, edits.toString());
            assertTrue(RunningBot.blocks(edits.get(edits.size() - 1)).contains("P1"), edits.toString());
            List<FakeSlack.Call> topics = bot.fake.calls("conversations.setTopic");
            assertTrue(!topics.isEmpty() && topics.size() <= 2, topics.toString());
            String topic = topics.get(topics.size() - 1).param("topic");
            assertTrue(topic.contains("P1") && topic.contains("Identified"), topic);
        }
    }

    // ------------------------------------------------------------------ helpers

    private App start(FakeSlack fake) throws Exception {
        return App.start(new Config("xoxb-test-token", RunningBot.SIGNING_SECRET, 0, fake.apiUrl(),
                TestDatabases.forFolder(dir).url(), RunningBot.ANNOUNCE_CHANNEL, "pushpin"), Clock.systemUTC());
    }

    private String open(FakeSlack fake, SlackRequests slack, App app) throws Exception {
        assertTrue(ackText(slack.slashCommand(FakeSlack.TEAM_ID, "C0GENERAL", ALICE, "open Database disk full",
                fake.responseUrl())).contains("Declaring"));
        fake.awaitResponses(1, WAIT);
        awaitOutbox("http://127.0.0.1:" + app.port(), 0, 0);
        return query("SELECT channel_id FROM incident").get(0);
    }

    static JsonObject health(String baseUrl) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    static void awaitOutbox(String baseUrl, int pending, int failed) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject h;
        do {
            h = health(baseUrl);
            JsonObject o = h.getAsJsonObject("outbox");
            if (o.get("pending").getAsInt() == pending && o.get("failed").getAsInt() == failed) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("outbox never reached pending=" + pending + ", failed=" + failed + ": " + h);
    }

    private List<String> query(String sql) {
        return TestDatabases.forFolder(dir).query(sql);
    }
}
