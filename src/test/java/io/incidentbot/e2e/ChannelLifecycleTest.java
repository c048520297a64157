package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: whatever happens to an incident's channel — renamed, archived, unarchived, deleted, the
 * bot removed or added back, public ({@code channel_*}) or private ({@code group_*}) — the incident
 * stays consistent: each is one lifecycle entry (once, whatever Slack redelivers), the stored channel
 * name follows renames, messages are still captured after an unarchive, and the bot stops posting
 * where it no longer can (outbox jobs for that channel fail clearly instead of retrying forever).
 */
class ChannelLifecycleTest {
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    RunningBot bot;
    String channel;

    @BeforeEach
    void start() throws Exception {
        bot = new RunningBot(dir);
        channel = bot.openIncident(ALICE, "Checkout errors");
        OutboxTest.awaitOutbox(bot.baseUrl(), 0, 0);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    void renameArchiveUnarchiveAndDeleteAreRecordedAndTheIncidentKeepsWorking() throws Exception {
        String renameId = SlackRequests.newEventId();
        assertEquals(200, bot.slack.event(channelRename("channel_rename", channel, "inc-checkout-renamed"), renameId).statusCode());
        assertEquals(200, bot.slack.event(channelRename("channel_rename", channel, "inc-checkout-renamed"), renameId, 1)
                .statusCode(), "Slack's retry of the same event");
        assertEquals(200, send(channelRename("channel_rename", channel, "inc-checkout-renamed")).statusCode(),
                "the same name again (e.g. channel_rename and group_rename) changes nothing");
        assertEquals(List.of("inc-checkout-renamed|ACTIVE"), bot.query("SELECT channel_name, channel_state FROM incident"));

        assertEquals(200, send(simple("channel_archive", channel, "user", BOB)).statusCode());
        assertEquals(List.of("ARCHIVED"), bot.query("SELECT channel_state FROM incident"));
        assertEquals(200, send(simple("channel_unarchive", channel, "user", ALICE)).statusCode());
        assertEquals(List.of("ACTIVE"), bot.query("SELECT channel_state FROM incident"));

        // messages after the unarchive are captured as before
        String ts = SlackRequests.newTs();
        assertEquals(200, send(SlackRequests.message(channel, BOB, ts, "back from the archive")).statusCode());
        assertEquals(List.of("back from the archive|U0BOB"),
                bot.query("SELECT text, author_id FROM timeline_entry WHERE ts = '" + ts + "'"));

        // the stored name shows wherever the bot names the channel, e.g. the postmortem draft
        assertTrue(ackText(bot.command(channel, ALICE, "postmortem")).contains("INC-1"));
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        assertTrue(bot.fake.uploads().values().stream().anyMatch(d -> d.contains("#inc-checkout-renamed")),
                bot.fake.uploads().toString());

        assertEquals(200, send(simple("channel_deleted", channel, null, null)).statusCode());
        assertEquals(List.of("DELETED"), bot.query("SELECT channel_state FROM incident"));
        assertEquals(200, send(simple("channel_unarchive", channel, "user", ALICE)).statusCode(),
                "a deleted channel stays deleted");

        assertEquals(List.of(
                "Channel renamed to #inc-checkout-renamed|null",
                "Channel archived by <@U0BOB>|U0BOB",
                "Channel unarchived by <@U0ALICE>|U0ALICE",
                "Channel deleted|null"), channelEntries());

        // the record keeps working: still listed, still open
        assertTrue(ackText(bot.command("C0GENERAL", ALICE, "list")).contains("INC-1"));
        assertEquals(List.of("INVESTIGATING"), bot.query("SELECT status FROM incident"));
    }

    @Test
    void privateChannelEventsAreRecordedToo() {
        assertEquals(200, send(channelRename("group_rename", channel, "inc-private-renamed")).statusCode());
        assertEquals(200, send(simple("group_archive", channel, null, null)).statusCode());
        assertEquals(200, send(simple("group_unarchive", channel, null, null)).statusCode());
        assertEquals(200, send(simple("group_left", channel, "actor_id", ALICE)).statusCode());
        assertEquals(List.of("inc-private-renamed|BOT_REMOVED"), bot.query("SELECT channel_name, channel_state FROM incident"));
        assertEquals(List.of(
                "Channel renamed to #inc-private-renamed|null",
                "Channel archived|null",
                "Channel unarchived|null",
                "Bot removed from the channel by <@U0ALICE>|U0ALICE"), channelEntries());
    }

    @Test
    void aRemovedBotStopsPostingThereAndItsPendingJobsFailClearly() throws Exception {
        // Slack is briefly unable to take posts, so the resolution's draft post waits in the outbox
        bot.fake.respondAlways("chat.postMessage", "{\"ok\":false,\"error\":\"ratelimited\"}");
        assertTrue(ackText(bot.command(channel, ALICE, "resolve bad deploy")).contains("INC-1"));
        bot.fake.awaitCall("chat.postMessage", WAIT);

        // the bot is removed: Slack tells it twice (channel_left to the bot, member_left_channel to the channel)
        assertEquals(200, send(simple("channel_left", channel, "actor_id", BOB)).statusCode());
        assertEquals(200, send(memberLeft(channel, FakeSlack.BOT_USER_ID)).statusCode());
        assertEquals(List.of("BOT_REMOVED"), bot.query("SELECT channel_state FROM incident"));
        bot.fake.reset();

        // the jobs for the channel give up with a clear reason instead of retrying forever
        OutboxTest.awaitOutbox(bot.baseUrl(), 0, 2);
        List<String> errors = bot.query("SELECT kind, last_error FROM outbox ORDER BY id");
        assertEquals(2, errors.size(), errors.toString());
        errors.forEach(e -> assertTrue(e.endsWith("the incident channel is closed to the bot (it was removed from it); not sent"), e));
        RunningBot.sleep(300);
        assertTrue(bot.fake.allCalls().stream().noneMatch(c -> channel.equals(c.param("channel"))
                || channel.equals(c.param("channel_id"))), "nothing was sent to the channel: " + bot.fake.allCalls());

        // invited back: it posts there again
        assertEquals(200, send(SlackRequests.memberJoinedChannel(channel, FakeSlack.BOT_USER_ID, ALICE)).statusCode());
        assertEquals(List.of("ACTIVE"), bot.query("SELECT channel_state FROM incident"));
        assertEquals(List.of(
                "Bot removed from the channel by <@U0BOB>|U0BOB",
                "Bot added back to the channel by <@U0ALICE>|U0ALICE"), channelEntries());
    }

    @Test
    void eventsForOtherChannelsOrWithoutAChannelChangeNothing() {
        String before = String.join("\n", bot.query("SELECT * FROM incident")) + bot.count("timeline_entry");
        for (JsonObject event : List.of(simple("channel_archive", "C0ELSEWHERE", "user", BOB),
                channelRename("channel_rename", "C0ELSEWHERE", "random"),
                simple("channel_left", "C0ELSEWHERE", "actor_id", BOB),
                memberLeft(channel, BOB), // a person leaving is not the bot being removed
                simple("channel_deleted", null, null, null),
                channelRename("channel_rename", channel, "x".repeat(500)), // no Slack channel has such a name
                simple("group_rename", channel, null, null))) { // a rename without the new name
            assertEquals(200, send(event).statusCode(), event.toString());
        }
        assertEquals(before, String.join("\n", bot.query("SELECT * FROM incident")) + bot.count("timeline_entry"));
    }

    private HttpResponse<String> send(JsonObject event) {
        return bot.slack.event(event, SlackRequests.newEventId());
    }

    /** Lifecycle entries about the channel, as text|author. */
    private List<String> channelEntries() {
        return bot.query("SELECT text, author_id FROM timeline_entry WHERE kind = 'LIFECYCLE' AND (text LIKE 'Channel %' "
                + "OR text LIKE 'Bot %') ORDER BY id");
    }

    /** {@code channel_rename} / {@code group_rename} as Slack sends them: the channel is an object with its new name. */
    private static JsonObject channelRename(String type, String channel, String newName) {
        JsonObject c = new JsonObject();
        c.addProperty("id", channel);
        c.addProperty("name", newName);
        c.addProperty("name_normalized", newName);
        c.addProperty("created", 1_700_000_000L);
        c.addProperty("is_channel", type.startsWith("channel"));
        c.addProperty("is_mpim", false);
        JsonObject e = new JsonObject();
        e.addProperty("type", type);
        e.add("channel", c);
        e.addProperty("event_ts", SlackRequests.newTs());
        return e;
    }

    /**
     * {@code channel_archive} {@code {channel, user}}, {@code channel_unarchive}, {@code channel_deleted}
     * {@code {channel}}, {@code channel_left} / {@code group_left} {@code {channel, actor_id}}, {@code group_*}.
     */
    private static JsonObject simple(String type, String channel, String userField, String user) {
        JsonObject e = new JsonObject();
        e.addProperty("type", type);
        if (channel != null) {
            e.addProperty("channel", channel);
        }
        if (userField != null) {
            e.addProperty(userField, user);
        }
        e.addProperty("event_ts", SlackRequests.newTs());
        return e;
    }

    /** {@code member_left_channel} from Slack's shape (MemberLeftChannelPayload.json). */
    private static JsonObject memberLeft(String channel, String user) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("user", user);
        overrides.put("channel", channel);
        overrides.put("channel_type", "C");
        overrides.put("team", FakeSlack.TEAM_ID);
        overrides.put("event_ts", SlackRequests.newTs());
        return SlackRequests.fillShape("MemberLeftChannelPayload.json", overrides);
    }
}
