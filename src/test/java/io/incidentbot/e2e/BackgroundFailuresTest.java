package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Promise: background work that fails for good is never silent. A draft that cannot be made is
 * tried three times, then the incident channel hears it once, in one line that says how to try
 * again; {@code /health} lists it under its lane; the bot keeps serving; and the retry it suggests
 * works once the cause is gone.
 */
class BackgroundFailuresTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALICE = "U0ALICE";

    @TempDir
    Path dir;

    @Test
    void aDraftThatCannotBeStoredIsToldOnceInTheChannelAndTriedAgainOnRequest() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            assumeFalse(bot.db.isPostgres(), "the broken write is an SQLite trigger; the path is the same on both");
            String channel = bot.openIncident(ALICE, "Orders API returns 502");
            bot.awaitOutboxDone();
            // the database refuses to store any draft, as a full disk would
            bot.db.execute("CREATE TRIGGER no_drafts BEFORE INSERT ON postmortem "
                    + "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
            bot.fake.reset();

            assertTrue(ackText(bot.command(channel, ALICE, "resolve pool exhausted")).contains("Resolving"));
            List<String> notices = awaitNotices(bot, channel, 1);
            String notice = notices.get(0);
            assertTrue(notice.startsWith(":warning: Drafting INC-1's postmortem failed: "), notice);
            assertTrue(notice.contains("database or disk is full"), notice);
            assertTrue(notice.endsWith("— `/incident postmortem` tries again."), notice);
            assertEquals(1, notice.lines().count(), "one line: " + notice);

            JsonObject health = OutboxTest.health(bot.baseUrl());
            JsonObject lane = health.getAsJsonObject("lanes").getAsJsonObject("postmortem");
            assertEquals(1, lane.get("failed").getAsInt(), health.toString());
            JsonObject failed = health.getAsJsonArray("failed_jobs").get(0).getAsJsonObject();
            assertEquals("postmortem", failed.get("lane").getAsString(), health.toString());
            assertEquals("INC-1", failed.get("incident").getAsString(), health.toString());
            assertEquals(List.of(), bot.fake.calls("files.completeUploadExternal"), "no draft without a stored draft");

            RunningBot.sleep(1_000);
            assertEquals(1, notices(bot, channel).size(), "told once");

            // the cause is fixed; the retry the notice names brings the draft
            bot.db.execute("DROP TRIGGER no_drafts");
            assertTrue(ackText(bot.command(channel, ALICE, "postmortem")).contains("Drafting the postmortem"));
            bot.fake.awaitCall("files.completeUploadExternal", WAIT);
            String md = bot.fake.uploadedContent(bot.fake.uploads().keySet().iterator().next());
            assertTrue(md.contains("pool exhausted"), md);
            assertEquals(List.of("1"), bot.query("SELECT version FROM postmortem"));
        }
    }

    private static List<String> notices(RunningBot bot, String channel) {
        return bot.fake.calls("chat.postMessage").stream()
                .filter(c -> channel.equals(c.param("channel")) && c.param("text").contains("Drafting INC-1"))
                .map(c -> c.param("text")).toList();
    }

    private static List<String> awaitNotices(RunningBot bot, String channel, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> found = notices(bot, channel);
            if (found.size() >= count) {
                return found;
            }
            RunningBot.sleep(50);
        }
        throw new AssertionError("no failure notice in " + channel + ": " + bot.fake.calls("chat.postMessage"));
    }
}
