package io.incidentbot.e2e;

import io.incidentbot.testing.MutableClock;

import io.incidentbot.config.LearningConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The learning loop through the running app with an injected clock: a P1 from resolve to the
 * unpublished-postmortem reminders, publishing (blocked by the review, then {@code --anyway}), the
 * share post, the channel archive and the six-month review that finds a repeat.
 */
class LearningLoopTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String ALICE = "U0ALICE";
    static final String BOB = "U0BOB";
    static final String SHARE = "C0SHARE";
    static final LearningConfig LEARNING = new LearningConfig(SHARE, 7, LearningConfig.DEFAULT_TAGS, 6);

    @TempDir
    Path dir;

    static List<FakeSlack.Call> posts(RunningBot bot, String channel, String containing) {
        return bot.fake.calls("chat.postMessage").stream()
                .filter(c -> channel.equals(c.param("channel")) && c.param("text").contains(containing)).toList();
    }

    static FakeSlack.Call awaitPost(RunningBot bot, String channel, String containing) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<FakeSlack.Call> found = posts(bot, channel, containing);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            RunningBot.sleep(20);
        }
        throw new AssertionError("no post in " + channel + " containing \"" + containing + "\"; calls: "
                + bot.fake.calls("chat.postMessage"));
    }

    static String run(RunningBot bot, String channel, String user, String text) {
        return ackText(bot.command(channel, user, text));
    }

    /** Resolves and waits until the draft postmortem is stored and posted. */
    static void resolve(RunningBot bot, String channel, String user, String rootCause) {
        int uploads = bot.fake.calls("files.completeUploadExternal").size();
        assertTrue(run(bot, channel, user, "resolve " + rootCause).contains("Resolving"));
        bot.fake.awaitCalls("files.completeUploadExternal", uploads + 1, WAIT);
    }

    static String day(MutableClock clock) {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate() + " " + clock.instant().atZone(ZoneOffset.UTC).getDayOfWeek();
    }

    @Test
    void aP1FromResolveThroughRemindersPublishingArchiveAndTheSixMonthReview() throws Exception {
        // Day 1 is Thursday 2030-03-07.
        MutableClock clock = new MutableClock(Instant.parse("2030-03-07T09:00:00Z"));
        String channel;
        try (RunningBot bot = RunningBot.withLearning(dir, RunningBot.ANNOUNCE_CHANNEL, clock, LEARNING)) {
            bot.fake.addUser(ALICE, "alice");
            bot.fake.addUser(BOB, "bob");
            channel = bot.openIncident(ALICE, "--sev P1 Orders API returns 502 | checkout is down for 35% of users");
            assertTrue(run(bot, channel, ALICE, "tag db deploy").contains("tagged db, deploy"));
            run(bot, channel, ALICE, "action Add an alert on DB pool usage above 80% <@U0BOB|bob> due 2030-04-01");
            run(bot, channel, ALICE, "action improve caching");
            run(bot, channel, ALICE, "note <@U0BOB|bob> forgot to raise the pool limit");
            assertTrue(run(bot, channel, ALICE, "publish").contains("still investigating"), "publish comes after resolve");
            clock.advance(Duration.ofHours(1));
            resolve(bot, channel, ALICE, "the DB connection pool was exhausted by a slow orders query");
            String draft = bot.query("SELECT markdown FROM postmortem WHERE incident_id = 1").get(0);
            assertTrue(draft.contains("**Tags:** db, deploy"), draft);

            // Days 1-7: not yet a week since resolve.
            for (int d = 1; d <= 7; d++) {
                bot.remind();
                assertEquals(0, posts(bot, ALICE, "not published").size(), "no reminder on " + day(clock));
                clock.advance(Duration.ofDays(1));
            }
            // Day 8 (Thursday): one reminder to the lead, however often the scheduler runs.
            clock.advance(Duration.ofMinutes(5));
            bot.remind();
            bot.remind();
            List<FakeSlack.Call> reminders = posts(bot, ALICE, "not published");
            assertEquals(1, reminders.size(), "one reminder on day 8, " + day(clock));
            String text = reminders.get(0).param("text");
            assertTrue(text.contains("INC-1") && text.contains("P1 (Critical)") && text.contains("7 days ago")
                    && text.contains("/incident publish") && text.contains("<#" + channel + ">"), text);
        }
        try (RunningBot bot = RunningBot.withLearning(dir, RunningBot.ANNOUNCE_CHANNEL, clock, LEARNING)) {
            bot.fake.addUser(ALICE, "alice");
            bot.fake.addUser(BOB, "bob");
            bot.remind();
            assertEquals(0, posts(bot, ALICE, "not published").size(), "a restart does not repeat today's reminder");

            clock.advance(Duration.ofDays(1)); // Friday
            bot.remind();
            assertEquals(1, posts(bot, ALICE, "not published").size(), "each weekday: " + day(clock));
            clock.advance(Duration.ofDays(1)); // Saturday
            bot.remind();
            clock.advance(Duration.ofDays(1)); // Sunday
            bot.remind();
            assertEquals(1, posts(bot, ALICE, "not published").size(), "no reminders at the weekend");
            clock.advance(Duration.ofDays(1)); // Monday 2030-03-18

            // The review blocks publishing and says how to override.
            String blocked = run(bot, channel, ALICE, "publish");
            assertTrue(blocked.contains("is not published") && blocked.contains("forgot to raise the pool limit")
                    && blocked.contains("Action item 2 (\"improve caching\"): no owner")
                    && blocked.contains("/incident publish --anyway"), blocked);
            assertEquals(List.of("null"), bot.query("SELECT published_at FROM incident_learning WHERE incident_id = 1"));
            assertEquals(0, bot.fake.calls("files.completeUploadExternal").size());

            String publishing = run(bot, channel, ALICE, "publish --anyway");
            assertTrue(publishing.contains("Publishing the postmortem of *INC-1*") && publishing.contains("<#" + SHARE + ">"),
                    publishing);
            FakeSlack.Call share = awaitPost(bot, SHARE, "Postmortem published");
            String summary = share.param("text");
            assertTrue(summary.contains("INC-1 · Orders API returns 502") && summary.contains("P1 (Critical)")
                    && summary.contains("checkout is down for 35% of users")
                    && summary.contains("Root cause: the DB connection pool was exhausted by a slow orders query")
                    && summary.contains("Tags: db, deploy") && summary.contains("Action items: 0 of 2 done")
                    && summary.contains("<https://acme.slack.com/archives/" + channel + "/p")
                    // v2: publishing --anyway adds a timeline entry, so the final text is a new version of the draft
                    && summary.contains("INC-1-postmortem.md (v2)>") && summary.contains("<#" + channel + ">"), summary);
            FakeSlack.Call announced = awaitPost(bot, channel, "is published (v2)");
            assertTrue(announced.param("text").contains("review findings (`--anyway`)"), announced.param("text"));
            FakeSlack.Call upload = bot.fake.awaitCall("files.completeUploadExternal", WAIT);
            assertTrue(upload.param("files").contains("published, v2"), upload.param("files"));
            // The timeline entry of --anyway changed the text since the resolve draft: a new version is published.
            assertEquals(List.of("2|1|2"), bot.query("SELECT published_version, published_anyway, "
                    + "(SELECT max(version) FROM postmortem WHERE incident_id = 1) FROM incident_learning"));

            bot.remind();
            clock.advance(Duration.ofDays(1));
            bot.remind();
            assertEquals(1, posts(bot, ALICE, "not published").size(), "no reminders once published");

            // Later drafts are new versions; the published one is kept.
            int uploads = bot.fake.calls("files.completeUploadExternal").size();
            run(bot, channel, ALICE, "postmortem");
            bot.fake.awaitCalls("files.completeUploadExternal", uploads + 1, WAIT);
            assertEquals(List.of("1", "2", "3"), bot.query("SELECT version FROM postmortem WHERE incident_id = 1 ORDER BY version"));
            assertEquals(List.of("2"), bot.query("SELECT published_version FROM incident_learning WHERE incident_id = 1"));

            // The channel is archived once, 7 days after publishing.
            clock.advance(Duration.ofDays(5)); // published + 6 days
            bot.remind();
            assertEquals(0, bot.fake.calls("conversations.archive").size());
            clock.advance(Duration.ofDays(1).plusMinutes(1));
            bot.remind();
            bot.remind();
            List<FakeSlack.Call> archived = bot.fake.calls("conversations.archive");
            assertEquals(1, archived.size());
            assertEquals(channel, archived.get(0).param("channel"));
            assertFalse(bot.query("SELECT archived_at FROM incident_learning WHERE incident_id = 1").get(0).equals("null"));

            // Two months later: a repeat (shared tag, similar root cause), a look-alike without a shared tag,
            // and an unrelated incident with a shared tag.
            clock.advance(Duration.ofDays(60));
            String repeat = openWithChannel(bot, BOB, "--sev P2 Orders API 502 again", "C2001");
            run(bot, repeat, BOB, "tag db");
            resolve(bot, repeat, BOB, "a slow orders query exhausted the DB connection pool");
            String lookAlike = openWithChannel(bot, BOB, "--sev P3 Orders API 502 in staging", "C2002");
            run(bot, lookAlike, BOB, "tag network");
            resolve(bot, lookAlike, BOB, "a slow orders query exhausted the DB connection pool");
            String unrelated = openWithChannel(bot, BOB, "--sev P3 Disk full on the log host", "C2003");
            run(bot, unrelated, BOB, "tag db");
            resolve(bot, unrelated, BOB, "log rotation was disabled");
            run(bot, channel, ALICE, "done 1");

            // Six months after publishing (2030-03-18 + 6 months = 2030-09-18), once, to the lead and the share channel.
            clock = advanceTo(clock, "2030-09-17T12:00:00Z");
            bot.remind();
            assertEquals(0, posts(bot, SHARE, "6-month review").size(), "not before six months");
        }
        try (RunningBot bot = RunningBot.withLearning(dir, RunningBot.ANNOUNCE_CHANNEL, clock, LEARNING)) {
            clock.advance(Duration.ofDays(1));
            bot.remind();
            bot.remind();
            List<FakeSlack.Call> reviews = posts(bot, SHARE, "6-month review of INC-1");
            assertEquals(1, reviews.size(), "the review is posted once: " + bot.fake.calls("chat.postMessage"));
            assertEquals(1, posts(bot, ALICE, "6-month review of INC-1").size(), "and sent to the lead");
            String review = reviews.get(0).param("text");
            assertTrue(review.contains("Action items: 1 of 2 done (50%)"), review);
            assertTrue(review.contains(":white_check_mark: #1 Add an alert on DB pool usage above 80% — <@U0BOB>, due 2030-04-01 — done after"),
                    review);
            long age = Duration.between(Instant.parse("2030-03-07T09:00:00Z"), clock.instant()).toDays();
            assertTrue(review.contains(":x: #2 improve caching — no owner — open for " + age + " days"), review);
            assertTrue(review.contains("INC-2 · Orders API 502 again") && review.contains("tags: db"), review);
            assertFalse(review.contains("INC-3") || review.contains("INC-4"), "only later incidents with a shared tag "
                    + "and a similar root cause: " + review);
            assertTrue(review.contains("a repeat means the actions of INC-1 did not work"), review);
            assertFalse(bot.query("SELECT reviewed_at FROM incident_learning WHERE incident_id = 1").get(0).equals("null"));
        }
        try (RunningBot bot = RunningBot.withLearning(dir, RunningBot.ANNOUNCE_CHANNEL, clock, LEARNING)) {
            clock.advance(Duration.ofDays(1));
            bot.remind();
            assertEquals(0, posts(bot, SHARE, "6-month review").size(), "a restart does not post it again");
            assertEquals(0, bot.fake.calls("conversations.archive").size(), "nor archive again");
        }
    }

    /**
     * Opens an incident whose channel gets a given id: a restarted bot talks to a new FakeSlack, whose
     * channel ids start again where the first one's did.
     */
    static String openWithChannel(RunningBot bot, String user, String text, String channelId) {
        bot.fake.respondNext("conversations.create", "{\"ok\":true,\"channel\":{\"id\":\"" + channelId
                + "\",\"name\":\"inc-" + channelId.toLowerCase(java.util.Locale.ROOT) + "\"}}");
        return bot.openIncident(user, text);
    }

    private static MutableClock advanceTo(MutableClock clock, String instant) {
        Duration d = Duration.between(clock.instant(), Instant.parse(instant));
        assertFalse(d.isNegative(), "the clock only moves forward");
        clock.advance(d);
        return clock;
    }
}
