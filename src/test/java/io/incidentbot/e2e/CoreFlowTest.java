package io.incidentbot.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static io.incidentbot.e2e.RunningBot.ackText;
import static io.incidentbot.e2e.SlackRequests.botMessage;
import static io.incidentbot.e2e.SlackRequests.message;
import static io.incidentbot.e2e.SlackRequests.messageChanged;
import static io.incidentbot.e2e.SlackRequests.messageDeleted;
import static io.incidentbot.e2e.SlackRequests.pinAdded;
import static io.incidentbot.e2e.SlackRequests.reactionAdded;
import static io.incidentbot.e2e.SlackRequests.reactionRemoved;
import static io.incidentbot.e2e.SlackRequests.threadReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core product path through the running app: open → live timeline → resolve → postmortem in Slack. */
class CoreFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";

    @TempDir
    Path dir;
    RunningBot bot;
    /** Messages are stamped just after this instant (set once the incident is open), in milliseconds. */
    long baseMicros = Instant.now().toEpochMilli() * 1000;

    @BeforeEach
    void start() throws Exception {
        bot = new RunningBot(dir);
        bot.fake.addUser(ALICE, "alice");
        bot.fake.addUser(BOB, "bob");
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    /** A valid Slack ts {@code offsetMillis} after {@link #baseMicros}. */
    private String ts(long offsetMillis) {
        long micros = baseMicros + offsetMillis * 1000;
        return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private void messagesStartNow() {
        baseMicros = Instant.now().toEpochMilli() * 1000;
    }

    @Test
    void openCreatesChannelInvitesOpenerPostsIntroAnnouncesAndConfirms() {
        long started = System.nanoTime();
        HttpResponse<String> ack = bot.command("C0GENERAL", ALICE, "open Orders API returns 502 | checkout is down for ~35% of users");
        long ackMillis = (System.nanoTime() - started) / 1_000_000;
        String reply = ackText(ack);
        assertTrue(ackMillis < 3000, "ack took " + ackMillis + " ms");
        assertTrue(reply.contains("INC-1") && reply.contains("P3 (Medium)"), reply);
        assertTrue(ack.body().contains("\"response_type\":\"ephemeral\"") || !ack.body().contains("in_channel"), ack.body());

        // stored before the ack: the incident row and its "declared" entry exist already
        assertEquals(List.of("1|Orders API returns 502|checkout is down for ~35% of users|P3|INVESTIGATING|U0ALICE"),
                bot.query("SELECT id, title, summary, severity, status, opened_by FROM incident"));
        assertEquals(List.of("LIFECYCLE|Incident declared by <@U0ALICE> (P3)"),
                bot.query("SELECT kind, text FROM timeline_entry"));

        FakeSlack.Call create = bot.fake.awaitCall("conversations.create", WAIT);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertEquals("inc-" + today + "-orders-api-returns-502", create.param("name"));
        assertTrue(List.of("false", "0").contains(create.param("is_private")), create.params().toString());

        FakeSlack.Call invite = bot.fake.awaitCall("conversations.invite", WAIT);
        String channel = invite.param("channel");
        assertEquals(ALICE, invite.param("users"));

        List<FakeSlack.Call> posts = bot.fake.awaitCalls("chat.postMessage", 3, WAIT);
        FakeSlack.Call intro = posts.get(0);
        assertEquals(channel, intro.param("channel"));
        String introBlocks = RunningBot.blocks(intro);
        for (String expected : List.of("INC-1", "Orders API returns 502", "P3 (Medium)", "Investigating", "<@U0ALICE>",
                ":pushpin:", "/incident resolve")) {
            assertTrue(introBlocks.contains(expected), "intro lacks " + expected + ": " + introBlocks);
        }
        assertEquals(channel, posts.get(1).param("channel"));
        assertTrue(posts.get(1).param("text").contains("checkout is down for ~35% of users"));
        FakeSlack.Call announcement = posts.get(2);
        assertEquals(RunningBot.ANNOUNCE_CHANNEL, announcement.param("channel"));
        assertTrue(announcement.param("text").contains("INC-1") && announcement.param("text").contains("<#" + channel + ">"));

        String confirmation = textOf(bot.fake.awaitResponses(1, WAIT).get(0));
        assertTrue(confirmation.contains("INC-1") && confirmation.contains("<#" + channel + ">"), confirmation);
        assertEquals(List.of(channel + "|inc-" + today + "-orders-api-returns-502|" + RunningBot.ANNOUNCE_CHANNEL),
                bot.query("SELECT channel_id, channel_name, announce_channel_id FROM incident"));
    }

    @Test
    void severityOptionNameTakenAndTitlesWithoutLetters() {
        bot.fake.respondNext("conversations.create", "{\"ok\":false,\"error\":\"name_taken\"}");
        String reply = ackText(bot.command("C0GENERAL", ALICE, "open --sev P1 Payments down"));
        assertTrue(reply.contains("P1 (Critical)"), reply);
        List<FakeSlack.Call> creates = bot.fake.awaitCalls("conversations.create", 2, WAIT);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertEquals("inc-" + today + "-payments-down", creates.get(0).param("name"));
        assertEquals("inc-" + today + "-payments-down-2", creates.get(1).param("name"));
        bot.fake.awaitResponses(1, WAIT);
        assertEquals(List.of("P1"), bot.query("SELECT severity FROM incident"));

        ackText(bot.command("C0GENERAL", BOB, "open 🔥🔥🔥"));
        List<FakeSlack.Call> more = bot.fake.awaitCalls("conversations.create", 3, WAIT);
        assertEquals("inc-" + today + "-2", more.get(2).param("name"));
    }

    @Test
    void timelineCapturesMessagesEditsDeletesPinsAndResolveDraftsThePostmortem() {
        String channel = bot.openIncident(ALICE, "Orders API returns 502 | checkout is down");
        bot.fake.reset();
        messagesStartNow();

        assertEquals(200, bot.event(message(channel, ALICE, ts(10), "DB CPU at 95% &amp; climbing, see <https://grafana.example/d/1|dashboard>")).statusCode());
        assertEquals(200, bot.event(botMessage(channel, "B0ALERTS", "Alerting", ts(11), "orders-db CPU &gt; 90%")).statusCode());
        assertEquals(200, bot.event(threadReply(channel, BOB, ts(12), ts(10), "acknowledged, looking at <@U0ALICE>'s graph")).statusCode());
        assertEquals(200, bot.event(message(channel, BOB, ts(13), "typo mesage")).statusCode());
        assertEquals(200, bot.event(messageChanged(channel, BOB, ts(13), "typo mesage", "rolled back deploy 4711", ts(14))).statusCode());
        assertEquals(200, bot.event(message(channel, BOB, ts(15), "secret token pasted by accident")).statusCode());
        assertEquals(200, bot.event(messageDeleted(channel, BOB, ts(16), ts(15), "secret token pasted by accident")).statusCode());
        // noise and other channels stay out
        assertEquals(200, bot.event(SlackRequests.channelJoin(channel, BOB, ts(17))).statusCode());
        assertEquals(200, bot.event(message("C0RANDOM", ALICE, ts(18), "lunch?")).statusCode());
        assertEquals(200, bot.event(botMessage(channel, FakeSlack.BOT_ID, "incident-bot", ts(19), "my own echo")).statusCode());
        JsonObject ownPost = message(channel, FakeSlack.BOT_USER_ID, ts(20), "own post via app");
        ownPost.addProperty("bot_id", FakeSlack.BOT_ID);
        ownPost.addProperty("app_id", FakeSlack.APP_ID);
        assertEquals(200, bot.event(ownPost).statusCode());

        // a retry (same event id, X-Slack-Retry-Num) and a duplicate delivery (new id, same ts) change nothing
        JsonObject first = message(channel, ALICE, ts(21), "error rate back to normal");
        String eventId = RunningBot.nextEventId();
        assertEquals(200, bot.slack.event(first, eventId).statusCode());
        assertEquals(200, bot.slack.event(first, eventId, 1).statusCode());
        assertEquals(200, bot.slack.event(first, RunningBot.nextEventId(), 2).statusCode());

        // pins: two people react, one takes it back: still pinned; a reaction on the thread reply; Slack's own pin
        bot.event(reactionAdded(channel, ALICE, "pushpin", ts(10)));
        bot.event(reactionAdded(channel, BOB, "pushpin", ts(10)));
        bot.event(reactionRemoved(channel, BOB, "pushpin", ts(10)));
        bot.event(reactionAdded(channel, BOB, "pushpin", ts(12)));
        bot.event(reactionAdded(channel, ALICE, "pushpin", ts(21)));
        bot.event(reactionRemoved(channel, ALICE, "pushpin", ts(21)));
        bot.event(reactionAdded(channel, ALICE, "eyes", ts(13)));
        bot.event(pinAdded(channel, ALICE, ts(11)));

        assertEquals(List.of("MESSAGE|" + ts(10) + "|null|U0ALICE|0",
                        "BOT_MESSAGE|" + ts(11) + "|null|null|0",
                        "MESSAGE|" + ts(12) + "|" + ts(10) + "|U0BOB|0",
                        "MESSAGE|" + ts(13) + "|null|U0BOB|0",
                        "MESSAGE|" + ts(15) + "|null|U0BOB|1",
                        "MESSAGE|" + ts(21) + "|null|U0ALICE|0"),
                bot.query("SELECT kind, ts, thread_ts, author_id, deleted FROM timeline_entry WHERE kind <> 'LIFECYCLE' ORDER BY ts"));
        assertEquals(List.of("rolled back deploy 4711|typo mesage"),
                bot.query("SELECT text, first_text FROM timeline_entry WHERE ts = '" + ts(13) + "'"));

        HttpResponse<String> resolve = bot.command(channel, ALICE, "resolve a connection pool limit of 10 & no alert on saturation");
        assertTrue(ackText(resolve).contains("Resolving *INC-1*"));
        assertEquals(List.of("RESOLVED|a connection pool limit of 10 & no alert on saturation"),
                bot.query("SELECT status, root_cause FROM incident"));

        FakeSlack.Call complete = bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        assertEquals(channel, complete.param("channel_id"));
        FakeSlack.Call getUrl = bot.fake.awaitCall("files.getUploadURLExternal", WAIT);
        assertEquals("INC-1-postmortem.md", getUrl.param("filename"));
        String fileId = bot.fake.uploads().keySet().iterator().next();
        String md = bot.fake.uploadedContent(fileId);
        assertEquals(Integer.parseInt(getUrl.param("length")), bot.fake.uploadedBytes(fileId).length);

        assertTrue(md.startsWith("# Incident: Orders API returns 502\n"), md);
        assertTrue(md.contains("**Status:** Resolved") && md.contains("**Severity:** P3 (Medium)"), md);
        assertTrue(md.contains("**Incident lead:** @alice"), md);
        assertTrue(md.contains("## Summary\ncheckout is down"), md);
        assertTrue(md.contains("## Root cause\na connection pool limit of 10 & no alert on saturation"), md);
        String timeline = md.substring(md.indexOf("## Timeline (UTC)"), md.indexOf("## Decisions during the incident"));
        List<String> lines = timeline.lines().filter(l -> l.startsWith("- ")).toList();
        assertTrue(lines.get(0).contains("Incident declared by @alice (P3)"), timeline);
        assertTrue(lines.get(1).endsWith("— @alice: DB CPU at 95% & climbing, see [dashboard](https://grafana.example/d/1) 📌"), timeline);
        assertTrue(lines.get(2).endsWith("— Alerting (bot): orders-db CPU > 90% 📌"), timeline);
        assertTrue(lines.get(3).endsWith("— ↳ @bob: acknowledged, looking at @alice's graph 📌"), timeline);
        assertTrue(lines.get(4).endsWith("— @bob: rolled back deploy 4711 _(edited)_"), timeline);
        assertTrue(lines.get(5).endsWith("— @alice: error rate back to normal"), timeline);
        assertTrue(lines.get(6).contains("Incident resolved by @alice"), timeline);
        assertEquals(7, lines.size(), timeline);
        assertFalse(md.contains("secret token"), "deleted message leaked into the draft");
        assertFalse(md.contains("lunch?") || md.contains("own post") || md.contains("my own echo"), md);
        for (String section : List.of("## Impact", "## Why? (5 whys)", "## What went well", "## What went wrong",
                "## Action items", "## Metrics", "TTD", "TTM", "TTR", "## Related", "https://grafana.example/d/1")) {
            assertTrue(md.contains(section), "draft lacks " + section);
        }
        // the draft is stored too
        assertEquals(List.of("1"), bot.query("SELECT version FROM postmortem WHERE incident_id = 1"));
        assertEquals(md, bot.query("SELECT markdown FROM postmortem").get(0));

        // the channel gets a summary message, the announcement is edited to show the resolution
        List<FakeSlack.Call> posts = bot.fake.awaitCalls("chat.postMessage", 1, WAIT);
        String summary = RunningBot.blocks(posts.get(0));
        assertTrue(summary.contains("resolved") && summary.contains("INC-1-postmortem.md"), summary);
        assertTrue(summary.contains("<@U0ALICE>"), "Slack messages mention users: " + summary);
        FakeSlack.Call update = bot.fake.awaitCall("chat.update", WAIT);
        assertEquals(RunningBot.ANNOUNCE_CHANNEL, update.param("channel"));
        assertTrue(update.param("text").contains("resolved after"), update.param("text"));
    }

    @Test
    void slackTroubleAfterTheAckIsRetriedAndNeverDelaysTheAck() {
        bot.fake.failNext("conversations.create", 503, "{\"ok\":false}", java.util.Map.of());
        bot.fake.failNext("conversations.create", 429, "{\"ok\":false,\"error\":\"ratelimited\"}",
                java.util.Map.of("Retry-After", "1"));
        long started = System.nanoTime();
        String reply = ackText(bot.command("C0GENERAL", ALICE, "open Login errors"));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 1000, "the ack waited for Slack");
        assertTrue(reply.contains("INC-1"), reply);
        List<FakeSlack.Call> creates = bot.fake.awaitCalls("conversations.create", 3, WAIT);
        assertEquals(creates.get(0).param("name"), creates.get(2).param("name"));
        String confirmation = textOf(bot.fake.awaitResponses(1, WAIT).get(0));
        assertTrue(confirmation.contains("is open"), confirmation);
    }

    @Test
    void aChannelSlackRefusesIsReportedToTheOpener() {
        bot.fake.respondNext("conversations.create", "{\"ok\":false,\"error\":\"restricted_action\"}");
        ackText(bot.command("C0GENERAL", ALICE, "open Login errors"));
        String answer = textOf(bot.fake.awaitResponses(1, WAIT).get(0));
        assertTrue(answer.contains("INC-1") && answer.contains("restricted_action"), answer);
        assertEquals(List.of("1|null"), bot.query("SELECT id, channel_id FROM incident"));
    }

    @Test
    void timelineSpanningTwoUtcDaysShowsEachDate() {
        String channel = bot.openIncident(ALICE, "Slow search");
        messagesStartNow();
        bot.event(message(channel, ALICE, ts(30), "still slow"));
        bot.event(message(channel, BOB, ts(86_400_000L), "next day: fixed by reindex"));
        ackText(bot.command(channel, ALICE, "resolve"));
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        String md = bot.fake.uploadedContent(bot.fake.uploads().keySet().iterator().next());
        LocalDate day1 = LocalDate.ofInstant(Instant.ofEpochMilli(baseMicros / 1000), ZoneOffset.UTC);
        assertTrue(md.contains("### " + day1) && md.contains("### " + day1.plusDays(1)), md);
    }

    @Test
    void badInputGetsHelpfulEphemeralAnswersAndChangesNothing() {
        String help = ackText(bot.command("C0GENERAL", ALICE, "help"));
        assertTrue(help.contains("/incident open") && help.contains("/incident resolve") && help.contains("/incident list"), help);
        // a bare /incident opens the declare form instead (see InteractionsTest)
        assertEquals(200, bot.command("C0GENERAL", ALICE, "").statusCode());
        bot.fake.awaitCall("views.open", WAIT);

        String unknown = ackText(bot.command("C0GENERAL", ALICE, "explode now"));
        assertTrue(unknown.contains("I don't know `/incident explode`") && unknown.contains("/incident open"), unknown);

        String noTitle = ackText(bot.command("C0GENERAL", ALICE, "open --sev P1"));
        assertTrue(noTitle.contains("needs a title") && noTitle.contains("/incident open <title>"), noTitle);
        String badSev = ackText(bot.command("C0GENERAL", ALICE, "open --sev P9 Something"));
        assertTrue(badSev.contains("P1, P2, P3 or P4"), badSev);

        String outside = ackText(bot.command("C0GENERAL", ALICE, "resolve it was DNS"));
        assertTrue(outside.contains("works inside an incident's channel"), outside);
        assertEquals(0, bot.count("incident"));

        String channel = bot.openIncident(ALICE, "Queue backlog");
        ackText(bot.command(channel, ALICE, "resolve"));
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        String again = ackText(bot.command(channel, ALICE, "resolve"));
        assertTrue(again.contains("already resolved"), again);
        assertEquals(1, bot.count("postmortem"));
        assertEquals(2, bot.count("timeline_entry"));
    }

    @Test
    void forgedOrStaleRequestsGet401AndLeaveNoTrace() {
        String body = SlackRequests.formEncode(SlackRequests.slashCommandFields(FakeSlack.TEAM_ID, "C0GENERAL", ALICE,
                "open Forged incident", bot.fake.responseUrl()));
        long now = Instant.now().getEpochSecond();
        assertEquals(401, bot.slack.post(body, SlackRequests.FORM, now, "v0=" + "0".repeat(64), java.util.Map.of()).statusCode());
        assertEquals(401, bot.slack.post(body, SlackRequests.FORM, now - 301,
                SlackRequests.sign(RunningBot.SIGNING_SECRET, now - 301, body), java.util.Map.of()).statusCode());
        // 5.5 minutes ahead: a loaded machine may take seconds between computing `now` and this request
        assertEquals(401, bot.slack.post(body, SlackRequests.FORM, now + 330,
                SlackRequests.sign(RunningBot.SIGNING_SECRET, now + 330, body), java.util.Map.of()).statusCode());
        assertEquals(401, bot.slack.post(body, SlackRequests.FORM, SlackRequests.OMIT_TIMESTAMP,
                SlackRequests.OMIT_SIGNATURE, java.util.Map.of()).statusCode());
        String signedForOther = SlackRequests.sign(RunningBot.SIGNING_SECRET, now, body.replace("Forged", "Real"));
        assertEquals(401, bot.slack.post(body, SlackRequests.FORM, now, signedForOther, java.util.Map.of()).statusCode());
        assertEquals(0, bot.count("incident"));
        assertTrue(bot.fake.allCalls().stream().noneMatch(c -> c.method().equals("conversations.create")));
    }

    @Test
    void healthAnswersOnceTheDatabaseIsReachable() throws Exception {
        HttpResponse<String> health = bot.get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("up", JsonParser.parseString(health.body()).getAsJsonObject().get("database").getAsString());
        assertEquals(404, bot.get("/nope").statusCode());
    }

    private static String textOf(String responseJson) {
        JsonElement e = JsonParser.parseString(responseJson);
        return e.getAsJsonObject().get("text").getAsString();
    }

    @SuppressWarnings("unused")
    private static List<String> texts(JsonArray blocks) {
        return blocks.asList().stream().map(JsonElement::toString).toList();
    }
}
