package io.incidentbot.e2e;

import io.incidentbot.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scheduler with an injected clock: nudges for updates and daily reminders of overdue action items. */
class RemindersTest {
    @TempDir
    Path dir;

    private static List<FakeSlack.Call> posts(RunningBot bot, String channel, String containing) {
        return bot.fake.calls("chat.postMessage").stream()
                .filter(c -> channel.equals(c.param("channel")) && c.param("text").contains(containing)).toList();
    }

    @Test
    void anIncidentWithoutUpdatesIsNudgedOncePerHalfHour() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (RunningBot bot = new RunningBot(dir, RunningBot.ANNOUNCE_CHANNEL, clock)) {
            String channel = bot.openIncident("U0ALICE", "Search is slow");
            bot.remind();
            assertEquals(0, posts(bot, channel, "No update").size(), "too early");

            clock.advance(Duration.ofMinutes(31));
            bot.remind();
            bot.remind();
            List<FakeSlack.Call> nudges = posts(bot, channel, "No update");
            assertEquals(1, nudges.size(), "one nudge per period");
            assertTrue(nudges.get(0).param("text").contains("<@U0ALICE>") && nudges.get(0).param("text").contains("31 minutes"));

            clock.advance(Duration.ofMinutes(30));
            bot.remind();
            assertEquals(2, posts(bot, channel, "No update").size());

            ackText(bot.command(channel, "U0ALICE", "update reindexing, 50% done"));
            clock.advance(Duration.ofMinutes(20));
            bot.remind();
            assertEquals(2, posts(bot, channel, "No update").size(), "an update resets the timer");
            clock.advance(Duration.ofMinutes(11));
            bot.remind();
            assertEquals(3, posts(bot, channel, "No update").size());

            ackText(bot.command(channel, "U0ALICE", "resolve"));
            clock.advance(Duration.ofHours(2));
            bot.remind();
            assertEquals(3, posts(bot, channel, "No update").size(), "resolved incidents are left alone");
        }
    }

    @Test
    void overdueActionItemsReachTheirOwnersOnceADayAcrossRestarts() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-03-10T09:00:00Z"));
        String channel;
        try (RunningBot bot = new RunningBot(dir, RunningBot.ANNOUNCE_CHANNEL, clock)) {
            channel = bot.openIncident("U0ALICE", "Queue backlog");
            ackText(bot.command(channel, "U0ALICE", "action Add a queue depth alert <@U0BOB|bob> due 2030-03-09"));
            ackText(bot.command(channel, "U0ALICE", "action Document the replay procedure <@U0BOB|bob> due 2030-04-01"));
            ackText(bot.command(channel, "U0ALICE", "action Load test consumers <@U0CAROL|carol> due 2030-03-01"));
            ackText(bot.command(channel, "U0ALICE", "done 3"));
            bot.remind();
            List<FakeSlack.Call> dms = posts(bot, "U0BOB", "past due");
            assertEquals(1, dms.size());
            assertTrue(dms.get(0).param("text").contains("INC-1 #1") && dms.get(0).param("text").contains("queue depth alert"));
            assertTrue(!dms.get(0).param("text").contains("replay procedure"), "not yet due");
            assertEquals(0, posts(bot, "U0CAROL", "past due").size(), "done items are not reminded");
            bot.remind();
            assertEquals(1, posts(bot, "U0BOB", "past due").size());
        }
        try (RunningBot restarted = new RunningBot(dir, RunningBot.ANNOUNCE_CHANNEL, clock)) {
            restarted.remind();
            assertEquals(0, posts(restarted, "U0BOB", "past due").size(), "a restart does not repeat today's reminder");
            clock.advance(Duration.ofDays(1));
            restarted.remind();
            assertEquals(1, posts(restarted, "U0BOB", "past due").size(), "the next day it comes again");
        }
    }
}
