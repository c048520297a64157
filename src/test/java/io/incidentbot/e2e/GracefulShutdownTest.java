package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: SIGTERM stops the bot gracefully — it stops accepting, lets work in progress finish
 * (requests being answered, Slack calls under way), keeps undelivered outbox work for the next start,
 * and exits 0 within 10 s. The bot is a real child JVM; {@code Process.destroy()} sends SIGTERM.
 */
class GracefulShutdownTest {
    @BeforeAll
    static void sqliteOnly() {
        Assumptions.assumeFalse(TestDatabases.onPostgres(), "the child JVM runs on SQLite either way; runs in the default pass");
    }

    private static final String ALICE = "U0ALICE";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final FakeSlack fake = new FakeSlack();
    ChildBot bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        fake.close();
    }

    @Test
    void sigtermFinishesWorkInProgressAndExitsZeroWithin10s() throws Exception {
        bot = new ChildBot(dir, fake).start();
        SlackRequests slack = bot.slack();
        String first = open(slack, "Orders API returns 502");
        awaitOutboxEmpty();

        // work in progress at SIGTERM: a channel being created through Slack's 5xx (the gateway is
        // backing off), the first incident's postmortem waiting on a Slack that fails, and a stream of events
        fake.failNext("conversations.create", 500, "", Map.of());
        fake.failNext("conversations.create", 500, "", Map.of());
        fake.respondAlways("files.getUploadURLExternal", "{\"ok\":false,\"error\":\"service_unavailable\"}");
        assertTrue(RunningBot.ackText(slack.slashCommand(FakeSlack.TEAM_ID, first, ALICE, "resolve", fake.responseUrl()))
                .contains("Resolving"));
        assertTrue(RunningBot.ackText(slack.slashCommand(FakeSlack.TEAM_ID, "C0GENERAL", ALICE, "open Payments failing",
                fake.responseUrl())).contains("Declaring *INC-2*"));

        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> unexpected = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            senders.execute(() -> {
                while (sending.get()) {
                    String ts = SlackRequests.newTs();
                    try {
                        HttpResponse<String> r = slack.event(SlackRequests.message(first, ALICE, ts, "during shutdown"),
                                SlackRequests.newEventId());
                        if (r.statusCode() == 200) {
                            acked.add(ts);
                        } else if (r.statusCode() != 503) {
                            unexpected.add(r.statusCode() + " " + r.body());
                        }
                    } catch (RuntimeException refused) {
                        // the port no longer accepts: expected once the shutdown began
                    }
                }
            });
        }
        fake.awaitCalls("conversations.create", 2, WAIT); // INC-2's first, failing attempt: the gateway is backing off
        long streaming = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (acked.size() < 10 && System.nanoTime() < streaming) {
            Thread.sleep(5);
        }
        long sigterm = System.nanoTime();
        Integer exit = bot.terminate(Duration.ofSeconds(15));
        long tookMillis = (System.nanoTime() - sigterm) / 1_000_000;
        sending.set(false);
        senders.shutdown();
        assertTrue(senders.awaitTermination(30, TimeUnit.SECONDS));

        String log = bot.logText();
        System.out.printf("GracefulShutdownTest: exit %s after %d ms, %d events acked while stopping; %s%n", exit,
                tookMillis, acked.size(), log.lines().filter(l -> l.contains("incident-bot stopped")).findFirst().orElse("?"));
        assertNotNull(exit, "still running 15 s after SIGTERM; log:\n" + log);
        assertEquals(0, exit.intValue(), "exit status; log:\n" + log);
        assertTrue(tookMillis < 10_000, "took " + tookMillis + " ms; log:\n" + log);
        assertTrue(log.contains("incident-bot stopped"), log);
        assertTrue(bot.refusesConnections());
        assertEquals(Set.of(), unexpected, "answers other than 200 or 503 during shutdown");

        // every acked event is stored; the channel being created when SIGTERM came was created and bound
        Set<String> stored = Set.copyOf(bot.query("SELECT ts FROM timeline_entry WHERE channel_id = '" + first + "'"));
        assertTrue(stored.containsAll(acked), "acked but not stored");
        List<String> second = bot.query("SELECT channel_id FROM incident WHERE id = 2");
        assertTrue(!second.get(0).equals("null"), "INC-2's channel creation was cut off; log:\n" + log);
        assertEquals(4, fake.calls("conversations.create").size()); // INC-1, then INC-2's 500, 500, created
        // the postmortem's file could not reach Slack: kept in the outbox, not lost
        assertTrue(bot.query("SELECT kind FROM outbox WHERE failed_at IS NULL").contains("upload"), log);

        // next start: Slack is back, the kept work is delivered
        fake.reset();
        bot.start();
        FakeSlack.Call upload = fake.awaitCall("files.completeUploadExternal", WAIT);
        assertEquals(first, upload.param("channel_id"));
        awaitOutboxEmpty();
        assertEquals(0, bot.terminate(Duration.ofSeconds(15)).intValue());
    }

    private String open(SlackRequests slack, String title) throws InterruptedException {
        assertTrue(RunningBot.ackText(slack.slashCommand(FakeSlack.TEAM_ID, "C0GENERAL", ALICE, "open " + title,
                fake.responseUrl())).contains("Declaring"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> rows = bot.query("SELECT channel_id FROM incident WHERE title = '" + title + "' AND channel_id IS NOT NULL");
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no channel for " + title + "; log:\n" + bot.logText());
    }

    private void awaitOutboxEmpty() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject h = JsonParser.parseString(bot.get("/health").body()).getAsJsonObject();
            if (h.getAsJsonObject("outbox").get("pending").getAsInt() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the outbox never emptied; log:\n" + bot.logText());
    }
}
