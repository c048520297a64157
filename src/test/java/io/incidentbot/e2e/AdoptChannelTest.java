package io.incidentbot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /incident open --here}: an existing channel becomes the incident's, and its history is back-filled. */
class AdoptChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String OPS = "C0OPS";

    @TempDir
    Path dir;

    private final long base = Instant.now().getEpochSecond() - 1800;

    private String ts(int offsetSeconds) {
        return (base + offsetSeconds) + ".000100";
    }

    private String page1() {
        return """
                {"ok":true,"has_more":true,"response_metadata":{"next_cursor":"c2"},"messages":[
                 {"type":"message","user":"U0ALICE","text":"checkout p99 is 8s &amp; rising","ts":"%s",
                  "reactions":[{"name":"pushpin","users":["U0BOB"],"count":1}]},
                 {"type":"message","user":"U0BOB","text":"looking at the DB","ts":"%s","thread_ts":"%s","reply_count":2},
                 {"type":"message","subtype":"channel_join","user":"U0CAROL","text":"<@U0CAROL> has joined the channel","ts":"%s"}
                ]}""".formatted(ts(60), ts(70), ts(70), ts(80));
    }

    private String page2() {
        return """
                {"ok":true,"has_more":false,"response_metadata":{"next_cursor":""},"messages":[
                 {"type":"message","subtype":"bot_message","bot_id":"B0ALERT","username":"Alertmanager","text":"DB CPU > 90%%","ts":"%s"},
                 {"type":"message","bot_id":"BBOT","user":"UBOT","text":"an earlier post of ours","ts":"%s"}
                ]}""".formatted(ts(90), ts(100));
    }

    private String replies() {
        return """
                {"ok":true,"has_more":false,"messages":[
                 {"type":"message","user":"U0BOB","text":"looking at the DB","ts":"%s","thread_ts":"%s","reply_count":2},
                 {"type":"message","user":"U0ALICE","text":"pool is at 10/10","ts":"%s","thread_ts":"%s"},
                 {"type":"message","user":"U0BOB","text":"raising it to 50","ts":"%s","thread_ts":"%s"}
                ]}""".formatted(ts(70), ts(70), ts(75), ts(70), ts(85), ts(70));
    }

    private static String hhmm(long epochSecond) {
        return DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(Instant.ofEpochSecond(epochSecond));
    }

    @Test
    void theChannelBecomesTheIncidentsAndItsHistoryIsBackfilledOnce() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            bot.fake.failNext("conversations.history", 429, "{\"ok\":false,\"error\":\"ratelimited\"}", Map.of("Retry-After", "1"));
            bot.fake.respondNext("conversations.history", page1());
            bot.fake.respondNext("conversations.history", page2());
            bot.fake.respondNext("conversations.replies", replies());

            String reply = ackText(bot.command(OPS, "U0ALICE", "open --here --since " + hhmm(base) + " Checkout slow"));
            assertTrue(reply.contains("*INC-1*") && reply.contains("now lives in this channel"), reply);
            assertEquals(List.of("1|" + OPS), bot.query("SELECT id, channel_id FROM incident"));

            List<FakeSlack.Call> history = bot.fake.awaitCalls("conversations.history", 3, WAIT);
            assertEquals(OPS, history.get(1).param("channel"));
            assertTrue(history.get(1).param("oldest").startsWith(Long.toString(base / 60 * 60)), history.get(1).params().toString());
            assertEquals("c2", history.get(2).param("cursor"));
            assertEquals(ts(70), bot.fake.awaitCall("conversations.replies", WAIT).param("ts"));

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (bot.query("SELECT text FROM timeline_entry WHERE text LIKE 'Channel history since%'").isEmpty()
                    && System.nanoTime() < deadline) {
                RunningBot.sleep(50);
            }
            assertEquals(List.of(
                            ts(60) + "|U0ALICE|MESSAGE|null",
                            ts(70) + "|U0BOB|MESSAGE|" + ts(70),
                            ts(75) + "|U0ALICE|MESSAGE|" + ts(70),
                            ts(85) + "|U0BOB|MESSAGE|" + ts(70),
                            ts(90) + "|null|BOT_MESSAGE|null"),
                    bot.query("SELECT ts, author_id, kind, thread_ts FROM timeline_entry WHERE ts IS NOT NULL ORDER BY ts"));
            assertEquals(List.of("U0BOB"), bot.query("SELECT substr(source, 10) FROM pin_mark WHERE ts = '" + ts(60) + "'"));
            assertTrue(bot.query("SELECT text FROM timeline_entry WHERE kind = 'LIFECYCLE'").stream()
                    .anyMatch(t -> t.contains("back-filled (5 messages)")));

            // the progress message ends up saying it is done
            List<FakeSlack.Call> updates = bot.fake.awaitCalls("chat.update", 1, WAIT);
            RunningBot.sleep(200);
            updates = bot.fake.calls("chat.update");
            assertTrue(updates.get(updates.size() - 1).param("text").contains("Back-filled this channel's history"),
                    updates.toString());
            // three pages read within a second: one progress edit after the first, then the final one
            // (chat.update is Tier 3; edits are coalesced to one per 5 s)
            assertEquals(2, updates.size(), updates.toString());

            // live capture of a back-filled message changes nothing; a new one is added
            bot.event(SlackRequests.message(OPS, "U0ALICE", ts(60), "checkout p99 is 8s &amp; rising"));
            bot.event(SlackRequests.message(OPS, "U0ALICE", Instant.now().getEpochSecond() + ".000300", "rolled back"));
            assertEquals(6, Integer.parseInt(bot.query("SELECT count(*) FROM timeline_entry WHERE ts IS NOT NULL").get(0)));

            String again = ackText(bot.command(OPS, "U0BOB", "open --here Something else"));
            assertTrue(again.contains("already belongs to *INC-1*"), again);
            assertEquals(1, bot.count("incident"));
        }
    }

    @Test
    void aBackfillInterruptedHalfWayResumesAfterARestart() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            bot.fake.respondNext("conversations.history", page1());
            bot.fake.respondNext("conversations.history", "{\"ok\":false,\"error\":\"internal_error\"}");
            ackText(bot.command(OPS, "U0ALICE", "open --here --since " + hhmm(base) + " Checkout slow"));
            bot.fake.awaitCalls("conversations.history", 2, WAIT);
            RunningBot.sleep(300);
            assertEquals(List.of("HISTORY|c2|" + ts(70) + "|2"), bot.query("SELECT phase, page_cursor, threads, messages FROM backfill_job"));
        }
        try (RunningBot restarted = RunningBot.startingWith(dir, fake -> {
            fake.respondNext("conversations.history", page2());
            fake.respondNext("conversations.replies", replies());
        })) {
            FakeSlack.Call resumed = restarted.fake.awaitCall("conversations.history", WAIT);
            assertEquals("c2", resumed.param("cursor"));
            restarted.fake.awaitCall("conversations.replies", WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!restarted.query("SELECT phase FROM backfill_job").equals(List.of("DONE")) && System.nanoTime() < deadline) {
                RunningBot.sleep(50);
            }
            assertEquals(List.of("DONE|5"), restarted.query("SELECT phase, messages FROM backfill_job"));
            assertEquals(5, Integer.parseInt(restarted.query("SELECT count(*) FROM timeline_entry WHERE ts IS NOT NULL").get(0)));
        }
    }

    @Test
    void sinceWithoutHereOrABadTimeIsExplained() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            assertTrue(ackText(bot.command(OPS, "U0ALICE", "open --since 10:00 Foo")).contains("goes with `--here`"));
            assertTrue(ackText(bot.command(OPS, "U0ALICE", "open --here --since lunch Foo")).contains("UTC time"));
            assertEquals(0, bot.count("incident"));
        }
    }
}
