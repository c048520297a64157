package io.incidentbot.e2e;

import io.incidentbot.testing.MutableClock;

import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits of real Slack in a busy workspace: {@code /incident list} says how many open incidents it
 * left out; the back-fill keeps to BACKFILL_HISTORY_PER_MINUTE and says how long it will take.
 */
class BusyWorkspaceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String OPS = "C0OPS";

    @TempDir
    Path dir;

    @Test
    void listSaysHowManyMoreAreOpenAndLinksToTheWebList() throws Exception {
        try (RunningBot bot = RunningBot.withIntegrations(TestDatabases.forFolder(Files.createDirectories(dir.resolve("a"))),
                Clock.systemUTC(), Map.of("WEB_BASE_URL", "https://incidents.example.com"))) {
            for (int i = 1; i <= 40; i++) {
                assertTrue(ackText(bot.command("C0GENERAL", "U0ALICE", "open Outage number " + i)).contains("INC-" + i));
            }
            String list = ackText(bot.command("C0GENERAL", "U0BOB", "list"));
            assertEquals(15, list.lines().filter(l -> l.startsWith("• ")).count(), list);
            assertTrue(list.contains("\n…and 25 more open: <https://incidents.example.com/?status=open|see them all>"), list);
        }
        try (RunningBot bot = new RunningBot(Files.createDirectories(dir.resolve("b")))) {
            for (int i = 1; i <= 15; i++) {
                ackText(bot.command("C0GENERAL", "U0ALICE", "open Outage number " + i));
            }
            assertFalse(ackText(bot.command("C0GENERAL", "U0BOB", "list")).contains("more open"), "all 15 shown");
            ackText(bot.command("C0GENERAL", "U0ALICE", "open Outage number 16"));
            String list = ackText(bot.command("C0GENERAL", "U0BOB", "list"));
            assertTrue(list.endsWith("\n…and 1 more open"), "no link without WEB_BASE_URL: " + list);
        }
    }

    @Test
    void backfillKeepsToItsPaceAndSaysHowLongItTakes() throws Exception {
        long base = Instant.now().getEpochSecond() - 1800;
        MutableClock clock = new MutableClock(Instant.now());
        try (RunningBot bot = RunningBot.withBackfillPace(dir, clock, 1)) {
            bot.fake.respondNext("conversations.history", """
                    {"ok":true,"has_more":true,"response_metadata":{"next_cursor":"c2"},"messages":[
                     {"type":"message","user":"U0BOB","text":"looking at the DB","ts":"%d.000100","thread_ts":"%d.000100","reply_count":1}
                    ]}""".formatted(base + 70, base + 70));
            bot.fake.respondNext("conversations.history", """
                    {"ok":true,"has_more":false,"response_metadata":{"next_cursor":""},"messages":[
                     {"type":"message","user":"U0ALICE","text":"checkout is slow","ts":"%d.000100"}
                    ]}""".formatted(base + 60));
            bot.fake.respondNext("conversations.replies", """
                    {"ok":true,"has_more":false,"messages":[
                     {"type":"message","user":"U0BOB","text":"looking at the DB","ts":"%d.000100","thread_ts":"%d.000100","reply_count":1},
                     {"type":"message","user":"U0ALICE","text":"pool is at 10/10","ts":"%d.000100","thread_ts":"%d.000100"}
                    ]}""".formatted(base + 70, base + 70, base + 75, base + 70));
            String since = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(Instant.ofEpochSecond(base));
            ackText(bot.command(OPS, "U0ALICE", "open --here --since " + since + " Checkout slow"));

            bot.fake.awaitCalls("conversations.history", 1, WAIT);
            FakeSlack.Call progress = bot.fake.awaitCall("chat.update", WAIT);
            assertTrue(progress.param("text").endsWith("1 messages so far; at least about 2 min to go at 1 history call "
                    + "a minute (BACKFILL_HISTORY_PER_MINUTE)."), progress.param("text"));
            RunningBot.sleep(700);
            assertEquals(1, bot.fake.calls("conversations.history").size(), "the next page waits for its minute");

            clock.advance(Duration.ofSeconds(61));
            bot.fake.awaitCalls("conversations.history", 2, WAIT);
            RunningBot.sleep(700);
            assertEquals(0, bot.fake.calls("conversations.replies").size(), "the thread waits for its minute too");
            clock.advance(Duration.ofSeconds(61));
            bot.fake.awaitCall("conversations.replies", WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (bot.query("SELECT text FROM timeline_entry WHERE text LIKE 'Channel history since%'").isEmpty()
                    && System.nanoTime() < deadline) {
                RunningBot.sleep(50);
            }
            assertEquals(List.of("3"), bot.query("SELECT count(*) FROM timeline_entry WHERE ts IS NOT NULL"));
        }
    }
}
