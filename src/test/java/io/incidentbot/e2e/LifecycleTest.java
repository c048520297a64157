package io.incidentbot.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lifecycle commands through the running app: each is stored, told to Slack, and shows in the draft. */
class LifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;
    RunningBot bot;
    String channel;

    @BeforeEach
    void start() throws Exception {
        bot = new RunningBot(dir);
        bot.fake.addUser(ALICE, "alice");
        bot.fake.addUser(BOB, "bob");
        channel = bot.openIncident(ALICE, "Checkout latency | p99 above 5s");
        bot.fake.reset();
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private String run(String text) {
        return ackText(bot.command(channel, ALICE, text));
    }

    private String announceTs() {
        return bot.query("SELECT announce_ts FROM incident WHERE id = 1").get(0);
    }

    private List<String> lifecycle() {
        return bot.query("SELECT text FROM timeline_entry WHERE kind = 'LIFECYCLE' ORDER BY occurred_at, id");
    }

    private String draft() {
        int before = bot.fake.uploads().size();
        ackText(bot.command(channel, ALICE, "postmortem"));
        bot.fake.awaitCalls("files.completeUploadExternal", 1, WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bot.fake.uploads().size() <= before && System.nanoTime() < deadline) {
            RunningBot.sleep(20);
        }
        List<String> versions = bot.query("SELECT markdown FROM postmortem ORDER BY version DESC");
        bot.fake.reset();
        return versions.get(0);
    }

    @Test
    void statusChangesUpdateTheAnnouncementTopicAndRecordMitigation() {
        assertTrue(run("status identified").contains("now identified"));
        FakeSlack.Call update = bot.fake.awaitCall("chat.update", WAIT);
        assertEquals(RunningBot.ANNOUNCE_CHANNEL, update.param("channel"));
        assertEquals(announceTs(), update.param("ts"));
        assertTrue(update.param("text").contains("Identified"), update.param("text"));
        FakeSlack.Call topic = bot.fake.awaitCall("conversations.setTopic", WAIT);
        assertEquals(channel, topic.param("channel"));
        assertTrue(topic.param("topic").contains("P3 (Medium) · Identified · lead <@U0ALICE>"), topic.param("topic"));
        // notices go under the announcement, never as new top-level posts there
        List<FakeSlack.Call> posts = bot.fake.awaitCalls("chat.postMessage", 2, WAIT);
        assertTrue(posts.stream().filter(p -> RunningBot.ANNOUNCE_CHANNEL.equals(p.param("channel")))
                .allMatch(p -> announceTs().equals(p.param("thread_ts"))), posts.toString());
        assertEquals(List.of("null"), bot.query("SELECT mitigated_at FROM incident"));

        run("status monitoring");
        String mitigated = bot.query("SELECT mitigated_at FROM incident").get(0);
        assertFalse(mitigated.equals("null"));
        run("status identified");
        run("status monitoring");
        assertEquals(List.of(mitigated), bot.query("SELECT mitigated_at FROM incident"), "first move to monitoring counts");
        assertTrue(lifecycle().contains("Status → monitoring (set by <@U0ALICE>)"), lifecycle().toString());
        assertTrue(lifecycle().contains("Mitigated (first move to monitoring)"));

        assertTrue(run("status sleeping").contains("investigating, identified, monitoring or resolved"));
        assertTrue(run("status resolved").contains("Resolving *INC-1*"));
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        assertEquals(List.of("RESOLVED"), bot.query("SELECT status FROM incident"));
        assertTrue(run("status identified").contains("is resolved"));
    }

    @Test
    void severityShowsTheDefinitionAndEscalationsReplyUnderTheAnnouncement() {
        String reply = run("severity P1");
        assertTrue(reply.contains("P1 (Critical)") && reply.contains("major user impact or money lost"), reply);
        FakeSlack.Call update = bot.fake.awaitCall("chat.update", WAIT);
        assertTrue(update.param("text").contains("P1 (Critical)"), update.param("text"));
        long threadReplies = bot.fake.awaitCalls("chat.postMessage", 2, WAIT).stream()
                .filter(p -> announceTs().equals(p.param("thread_ts")) && p.param("text").contains("Escalated")).count();
        assertEquals(1, threadReplies);
        assertEquals(List.of("P1"), bot.query("SELECT severity FROM incident"));
        assertTrue(lifecycle().contains("Severity P3 → P1 (set by <@U0ALICE>)"));

        bot.fake.reset();
        run("severity P4");
        bot.fake.awaitCall("chat.update", WAIT);
        RunningBot.sleep(200);
        assertTrue(bot.fake.calls("chat.postMessage").stream().noneMatch(p -> p.param("text").contains("Escalated")));
        String bad = run("severity urgent");
        assertTrue(bad.contains("P1, P2, P3 or P4") && bad.contains("minimal impact, internal only"), bad);
    }

    @Test
    void rolesInviteThePersonAndTheLeadShowsEverywhere() {
        String reply = run("role comms <@U0BOB|bob>");
        assertTrue(reply.contains("<@U0BOB> is now communications lead"), reply);
        FakeSlack.Call invite = bot.fake.awaitCall("conversations.invite", WAIT);
        assertEquals(BOB, invite.param("users"));
        assertEquals(List.of("U0BOB"), bot.query("SELECT comms_id FROM incident"));

        run("role lead <@U0BOB|bob>");
        FakeSlack.Call update = bot.fake.awaitCall("chat.update", WAIT);
        assertTrue(update.param("text").contains("lead <@U0BOB>"), update.param("text"));
        assertEquals(List.of("U0BOB"), bot.query("SELECT lead_id FROM incident"));
        assertTrue(draft().contains("**Incident lead:** @bob"));

        assertTrue(run("role boss <@U0BOB|bob>").contains("lead, comms or scribe"));
        assertTrue(run("role scribe bob").contains("Mention the person with @"));
    }

    @Test
    void notesMilestonesUpdatesSectionsAndActionsShapeTheDraft() {
        Instant now = Instant.now();
        String tenMinutesAgo = HHMM.format(now.minus(10, ChronoUnit.MINUTES));
        String twentyMinutesAgo = HHMM.format(now.minus(20, ChronoUnit.MINUTES));
        assertTrue(run("note " + tenMinutesAgo + " error rate started climbing").contains("Added"));
        assertTrue(run("started " + twentyMinutesAgo).contains("Start of impact"));
        assertTrue(run("detected " + tenMinutesAgo).contains("Detection"));
        assertTrue(run("mitigated").contains("Mitigation"));
        assertTrue(run("started 25:99").contains("UTC time like"));
        assertTrue(run("note").contains("What should the note say"));

        assertTrue(run("update Rolled back deploy 4711; latency recovering").contains("Update posted"));
        List<FakeSlack.Call> posts = bot.fake.awaitCalls("chat.postMessage", 2, WAIT);
        assertTrue(posts.stream().anyMatch(p -> channel.equals(p.param("channel")) && p.param("text").contains("Rolled back")));
        assertTrue(posts.stream().anyMatch(p -> announceTs().equals(p.param("thread_ts")) && p.param("text").contains("Rolled back")));
        assertFalse(bot.query("SELECT last_update_at FROM incident").get(0).equals("null"));

        run("set impact ~35% of checkouts took over 5s for 20 minutes");
        run("set rootcause the cache TTL was set to 0 by a config change");
        run("set summary Checkout latency spiked after a config change");
        assertTrue(run("set colour blue").contains("Usage"));

        String added = run("action Add an alert on cache hit ratio < 80% <@U0BOB|bob> due 2030-06-01");
        assertTrue(added.contains("Action item *1*") && added.contains("<@U0BOB>") && added.contains("due 2030-06-01"), added);
        String vague = run("action improve caching");
        assertTrue(vague.contains("Action item *2*") && vague.contains("no owner") && vague.contains("improve"), vague);
        assertTrue(run("actions").contains("Add an alert on cache hit ratio"));
        assertTrue(run("done 2").contains("is done"));
        assertTrue(run("done 2").contains("no open action item 2"));
        assertTrue(run("done two").contains("Give its number"));
        run("action Rewrite the cache layer <@U0BOB|bob> due 2030-09-01");
        String dropped = run("drop 3 the new alert covers it");
        assertTrue(dropped.contains("Action item 3") && dropped.contains("is dropped"), dropped);
        assertTrue(run("drop 3").contains("no open action item 3"), "a dropped item is not open");
        assertTrue(run("done 3").contains("no open action item 3"), "nor can it be done");
        assertTrue(run("drop").contains("Which item?"));
        String list = run("actions");
        assertTrue(list.contains(":heavy_minus_sign: *3* Rewrite the cache layer") && list.contains("(dropped)"), list);
        assertTrue(bot.query("SELECT text FROM timeline_entry WHERE kind = 'LIFECYCLE'").stream()
                .anyMatch(t -> t.startsWith("Action item 3 dropped (<@U0ALICE>): the new alert covers it")));

        String md = draft();
        String timeline = md.substring(md.indexOf("## Timeline"), md.indexOf("## Root cause"));
        assertTrue(timeline.contains("- " + tenMinutesAgo + " — :memo: @alice: error rate started climbing")
                || timeline.contains("- " + tenMinutesAgo + " — 📝 @alice: error rate started climbing"), timeline);
        assertTrue(timeline.indexOf("error rate started climbing") < timeline.indexOf("Start of impact set"),
                "the backdated note sorts by its own time: " + timeline);
        assertTrue(md.contains("## Impact\n~35% of checkouts took over 5s for 20 minutes"), md);
        assertTrue(md.contains("## Root cause\nthe cache TTL was set to 0 by a config change"), md);
        assertTrue(md.contains("## Summary\nCheckout latency spiked after a config change"), md);
        assertTrue(md.contains("| 1 | Add an alert on cache hit ratio < 80% | @bob | 2030-06-01 | open |"), md);
        assertTrue(md.contains("| 2 | improve caching | _TODO: @owner_ | _TODO: YYYY-MM-DD_ | done |"), md);
        assertTrue(md.contains("| 3 | Rewrite the cache layer | @bob | 2030-09-01 | dropped |"), md);
        assertTrue(md.contains("TTD (start of impact → detection): 10m"), md);
        assertEquals(1, bot.query("SELECT version FROM postmortem").size());
    }

    @Test
    void postmortemRedraftsAsNewVersionsAndReopenReopens() {
        run("resolve");
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        bot.fake.reset();
        assertTrue(run("set impact checkout slow for 1 in 3 users").contains("saved"));
        String v2 = draft();
        assertTrue(v2.contains("checkout slow for 1 in 3 users"));
        assertEquals(List.of("1", "2"), bot.query("SELECT version FROM postmortem ORDER BY version"));

        assertTrue(run("reopen").contains("open again"));
        assertEquals(List.of("INVESTIGATING|null"), bot.query("SELECT status, resolved_at FROM incident"));
        bot.fake.awaitCall("chat.update", WAIT);
        assertTrue(run("reopen").contains("is not resolved"));
        assertTrue(lifecycle().contains("Incident reopened by <@U0ALICE>"));
    }

    @Test
    void theDraftLinksSimilarPastIncidentsAndFlagsBlameForReview() {
        run("action Add a cache TTL lint <@U0BOB|bob> due 2030-01-01");
        run("resolve the cache TTL was set to zero by a config change");
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        bot.fake.reset();

        String second = bot.openIncident(BOB, "Checkout latency again");
        ackText(bot.command(second, BOB, "note <@U0ALICE|alice> forgot to warm the cache"));
        ackText(bot.command(second, BOB, "action improve caching"));
        ackText(bot.command(second, BOB, "resolve cache TTL zero after the config rollout"));
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        String md = bot.query("SELECT markdown FROM postmortem WHERE incident_id = 2").get(0);
        String similar = md.substring(md.indexOf("## Similar past incidents"), md.indexOf("## Review before publishing"));
        assertTrue(similar.contains("INC-1 — Checkout latency") && similar.contains("0 of 1 done"), similar);
        String review = md.substring(md.indexOf("## Review before publishing"));
        assertTrue(review.contains("@alice forgot to warm the cache") && review.contains("Describe the gap"), review);
        assertTrue(review.contains("Action item 1 (\"improve caching\"): no owner"), review);
    }

    @Test
    void customerNoteLeavesOutInternalNames() {
        run("set summary <@U0BOB|bob> saw orders-db-2 in #inc-x run out of connections");
        String note = run("customer-note");
        assertTrue(note.contains("Customer-facing note for INC-1") && note.contains("UTC"), note);
        assertFalse(note.contains("U0BOB") || note.contains("bob") || note.contains("orders-db-2") || note.contains("#inc-"), note);
    }

    @Test
    void incidentCommandsOutsideAnIncidentChannelSayWhereToTypeThem() {
        for (String command : List.of("status identified", "severity P1", "role lead <@U0BOB|bob>", "note hi",
                "started 10:00", "update hi", "set impact x", "postmortem", "reopen", "action x", "actions", "done 1")) {
            String reply = ackText(bot.command("C0GENERAL", ALICE, command));
            assertTrue(reply.contains("works inside an incident's channel") && reply.contains("INC-1"), command + " → " + reply);
        }
        assertEquals(1, lifecycle().size());
    }
}
