package io.incidentbot.e2e;

import io.incidentbot.testing.MutableClock;

import io.incidentbot.config.LearningConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.incidentbot.e2e.LearningLoopTest.ALICE;
import static io.incidentbot.e2e.LearningLoopTest.BOB;
import static io.incidentbot.e2e.LearningLoopTest.WAIT;
import static io.incidentbot.e2e.LearningLoopTest.posts;
import static io.incidentbot.e2e.LearningLoopTest.resolve;
import static io.incidentbot.e2e.LearningLoopTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tags, near misses, closing without a postmortem and the stats, through the running app. */
class LearningCommandsTest {
    @TempDir
    Path dir;

    private static String draft(RunningBot bot, String channel, long incidentId) {
        int uploads = bot.fake.calls("files.completeUploadExternal").size();
        run(bot, channel, ALICE, "postmortem");
        bot.fake.awaitCalls("files.completeUploadExternal", uploads + 1, WAIT);
        return bot.query("SELECT markdown FROM postmortem WHERE incident_id = " + incidentId + " ORDER BY version DESC").get(0);
    }

    @Test
    void tagsFromTheConfiguredListShowInTheDraftAndCanBeListedAndRemoved() throws Exception {
        LearningConfig learning = new LearningConfig(null, 7, List.of("db", "payments", "deploy"), 6);
        try (RunningBot bot = RunningBot.withLearning(dir, RunningBot.ANNOUNCE_CHANNEL, new MutableClock(Instant.now()), learning)) {
            String channel = bot.openIncident(ALICE, "Card payments time out");
            assertTrue(run(bot, channel, ALICE, "tags").contains("has no tags yet"));
            String tagged = run(bot, channel, ALICE, "tag payments, #DB");
            assertTrue(tagged.contains("tagged payments, db") && tagged.contains("Tags now: db, payments"), tagged);
            String unknown = run(bot, channel, ALICE, "tag deploy network");
            assertTrue(unknown.contains("Unknown tag `network`") && unknown.contains("db, payments, deploy")
                    && unknown.contains("Nothing was tagged"), unknown);
            assertTrue(run(bot, channel, ALICE, "tag db").contains("already had db"));
            assertTrue(run(bot, channel, ALICE, "tag").contains("Which tags?"));
            assertEquals(List.of("1|db|U0ALICE", "1|payments|U0ALICE"),
                    bot.query("SELECT incident_id, tag, tagged_by FROM incident_tag ORDER BY tag"));
            String listed = run(bot, channel, ALICE, "tags");
            assertTrue(listed.contains("is tagged db, payments") && listed.contains("Tags there are: db, payments, deploy"), listed);

            String md = draft(bot, channel, 1);
            assertTrue(md.contains("**Channel:** #inc-") && md.contains("\n**Tags:** db, payments\n"), md);

            assertTrue(run(bot, channel, ALICE, "untag db").contains("Removed db"));
            assertEquals(List.of("U0ALICE"), bot.query("SELECT author_id FROM timeline_entry WHERE text = "
                    + "'Tag db removed by <@U0ALICE>'"), "the timeline says who removed the tag");
            resolve(bot, channel, ALICE, "the card processor's pool was too small");
            assertTrue(run(bot, channel, ALICE, "tag deploy").contains("Tags now: deploy, payments"), "tags work after resolve");
            assertTrue(run(bot, "C0GENERAL", ALICE, "tags").contains("works inside an incident's channel"));
            assertTrue(run(bot, channel, ALICE, "help").contains("`/incident tag <db|payments|deploy> …`"));
        }
    }

    @Test
    void aNearMissHasNoAnnouncementNoSeverityAndAShortDraft() throws Exception {
        // ARCHIVE_AFTER_DAYS=0 keeps channels open.
        LearningConfig learning = new LearningConfig("C0SHARE", 0, LearningConfig.DEFAULT_TAGS, 6);
        MutableClock clock = new MutableClock(Instant.parse("2030-05-06T09:00:00Z"));
        try (RunningBot bot = RunningBot.withLearning(dir, RunningBot.ANNOUNCE_CHANNEL, clock, learning)) {
            String reply = run(bot, "C0GENERAL", ALICE, "open --near-miss Migration almost dropped the orders table "
                    + "| a migration meant for staging ran against prod");
            assertTrue(reply.contains("Recording *INC-1* as a near miss") && reply.contains("no announcement"), reply);
            bot.fake.awaitCall("conversations.create", WAIT);
            FakeSlack.Call topic = bot.fake.awaitCall("conversations.setTopic", WAIT);
            assertTrue(topic.param("topic").contains("INC-1 · near miss · lead <@U0ALICE>"), topic.param("topic"));
            bot.fake.awaitResponses(1, WAIT);
            String channel = bot.query("SELECT channel_id FROM incident WHERE id = 1").get(0);
            assertTrue(posts(bot, channel, "near miss, recorded by <@U0ALICE>").size() == 1);
            assertEquals(0, posts(bot, RunningBot.ANNOUNCE_CHANNEL, "").size(), "no announcement for a near miss");
            assertEquals(List.of("1|null"), bot.query("SELECT near_miss, potential_severity FROM incident_learning"));
            assertTrue(bot.query("SELECT text FROM timeline_entry").contains("Near miss recorded by <@U0ALICE>"));

            run(bot, channel, ALICE, "action Add a prod-guard to the migration runner <@U0BOB|bob> due 2030-06-01");
            String md = draft(bot, channel, 1);
            assertTrue(md.startsWith("# Near miss: Migration almost dropped the orders table\n"), md);
            assertTrue(md.contains("**Severity:** near miss\n"), md);
            assertTrue(md.contains("## What almost happened\na migration meant for staging ran against prod"), md);
            assertTrue(md.contains("## What caught it\n_TODO:") && md.contains("## What to change\n_TODO:"), md);
            assertTrue(md.contains("## Timeline (UTC)") && md.contains("| 1 | Add a prod-guard to the migration runner | @")
                    && md.contains("## Review before publishing"), md);
            assertFalse(md.contains("## Why? (5 whys)") || md.contains("## Metrics") || md.contains("## Impact"), md);

            // A near miss with a severity shows it as the potential one; it never has to be published.
            String second = run(bot, "C0GENERAL", BOB, "open --sev P2 --near-miss Expired TLS cert caught by a canary");
            assertTrue(second.contains("*INC-2* as a near miss (potential P2)"), second);
            bot.fake.awaitCalls("conversations.create", 2, WAIT);
            bot.fake.awaitResponses(2, WAIT);
            String channel2 = bot.query("SELECT channel_id FROM incident WHERE id = 2").get(0);
            resolve(bot, channel2, BOB, "");
            String md2 = bot.query("SELECT markdown FROM postmortem WHERE incident_id = 2").get(0);
            assertTrue(md2.contains("**Severity:** near miss (potential P2)"), md2);
            clock.advance(Duration.ofDays(10));
            bot.remind();
            assertEquals(0, posts(bot, BOB, "not published").size(), "near misses need no published postmortem");
            assertTrue(run(bot, channel2, BOB, "close-without-postmortem the canary did its job; nothing to change")
                    .contains("closed without a postmortem"));

            // Published near misses are shared as such; with ARCHIVE_AFTER_DAYS=0 the channel stays open.
            resolve(bot, channel, ALICE, "the migration runner had no environment check");
            assertTrue(run(bot, channel, ALICE, "publish").contains("Publishing"));
            FakeSlack.Call share = LearningLoopTest.awaitPost(bot, "C0SHARE", "Near-miss write-up published");
            assertTrue(share.param("text").contains("— near miss,"), share.param("text"));
            clock.advance(Duration.ofDays(30));
            bot.remind();
            assertEquals(0, bot.fake.calls("conversations.archive").size(), "ARCHIVE_AFTER_DAYS=0 keeps it open");
        }
    }

    @Test
    void onlyMinorIncidentsMayBeClosedWithoutAPostmortem() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-05-06T09:00:00Z"));
        try (RunningBot bot = RunningBot.withLearning(dir, RunningBot.ANNOUNCE_CHANNEL, clock, LearningConfig.defaults())) {
            String p1 = bot.openIncident(ALICE, "--sev P1 Checkout down");
            resolve(bot, p1, ALICE, "a bad deploy");
            String refused = run(bot, p1, ALICE, "close-without-postmortem nothing to learn");
            assertTrue(refused.contains("P1 (Critical)") && refused.contains("P1 and P2 postmortems must be published")
                    && refused.contains("/incident publish"), refused);
            assertEquals(List.of(), bot.query("SELECT closed_at FROM incident_learning WHERE closed_at IS NOT NULL"));

            String p3 = bot.openIncident(ALICE, "Flaky search suggestions");
            assertTrue(run(bot, p3, ALICE, "close-without-postmortem known issue").contains("Resolve it first"));
            resolve(bot, p3, ALICE, "a known flaky dependency");
            assertTrue(run(bot, p3, ALICE, "close-without-postmortem").contains("Say why"));
            String closed = run(bot, p3, ALICE, "close-without-postmortem known flaky dependency, tracked in OPS-12");
            assertTrue(closed.contains("*INC-2* is closed without a postmortem: known flaky dependency, tracked in OPS-12")
                    && closed.contains("archived in 7 days"), closed);
            assertEquals(List.of("U0ALICE|known flaky dependency, tracked in OPS-12"),
                    bot.query("SELECT closed_by, closed_reason FROM incident_learning WHERE incident_id = 2"));
            assertTrue(run(bot, p3, ALICE, "close-without-postmortem again").contains("already closed"));

            clock.advance(Duration.ofDays(7).plusMinutes(1));
            bot.remind();
            List<FakeSlack.Call> archived = bot.fake.calls("conversations.archive");
            assertEquals(1, archived.size(), "the closed incident's channel is archived; the unpublished P1's is not");
            assertEquals(p3, archived.get(0).param("channel"));
            assertEquals(1, posts(bot, ALICE, "not published").size(), "the P1 lead is reminded instead");
        }
    }

    @Test
    void statsShowActionItemCompletionPerQuarterAndIncidentsPerTagPerMonth() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-02-10T09:00:00Z"));
        try (RunningBot bot = RunningBot.withLearning(dir, RunningBot.ANNOUNCE_CHANNEL, clock, LearningConfig.defaults())) {
            assertTrue(run(bot, "C0GENERAL", ALICE, "stats").contains("No action items yet"));
            String first = bot.openIncident(ALICE, "Orders DB failover");
            run(bot, first, ALICE, "tag db deploy");
            run(bot, first, ALICE, "action Add a failover drill to the runbook <@U0BOB|bob> due 2030-03-01");
            run(bot, first, ALICE, "action Alert on replica lag above 30s <@U0BOB|bob> due 2030-03-01");
            run(bot, first, ALICE, "done 1");
            resolve(bot, first, ALICE, "the replica was not promoted automatically");

            clock.advance(Duration.ofDays(60)); // 2030-04-11: the second quarter
            String second = bot.openIncident(ALICE, "Orders DB disk full");
            run(bot, second, ALICE, "tag db");
            run(bot, second, ALICE, "action Alert on disk usage above 80% <@U0BOB|bob> due 2030-05-01");
            String third = bot.openIncident(BOB, "Deploy stuck");
            run(bot, third, BOB, "tag deploy");

            String stats = run(bot, "C0GENERAL", ALICE, "stats");
            assertTrue(stats.contains("• 2030-Q1: 1 of 2 done (50%)\n• 2030-Q2: 0 of 1 done (0%)"), stats);
            assertTrue(stats.contains("• 2030-02: db 1 · deploy 1\n• 2030-04: db 1 · deploy 1"), stats);
        }
    }
}
