package io.incidentbot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.RunningBot.ANNOUNCE_CHANNEL;
import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /incident open --private} and {@code open --here} in a private channel: a private channel,
 * never a word in the announcement channel (open, status changes, resolve), and {@code list} names the
 * incident only inside its own channel.
 */
class PrivateIncidentTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SECRET_TITLE = "Credential leak in CI logs";

    @TempDir
    Path dir;

    @Test
    void aPrivateIncidentGetsAPrivateChannelAndIsNeverAnnounced() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            String channel = bot.openIncident("U0ALICE", "--private --sev P1 " + SECRET_TITLE);

            FakeSlack.Call create = bot.fake.awaitCall("conversations.create", WAIT);
            assertTrue(List.of("1", "true").contains(create.param("is_private")), "is_private: " + create);
            FakeSlack.Call invite = bot.fake.awaitCall("conversations.invite", WAIT);
            assertEquals(channel, invite.param("channel"));
            assertTrue(invite.param("users").contains("U0ALICE"), invite.toString());
            assertEquals(List.of("1|1"), bot.query("SELECT id, CASE WHEN is_private THEN 1 ELSE 0 END FROM incident"));
            awaitPost(bot, channel, "This incident is *private*");

            // status changes and resolve: told in the channel, never in the announcement channel
            ackText(bot.command(channel, "U0ALICE", "status identified"));
            ackText(bot.command(channel, "U0ALICE", "severity P2"));
            ackText(bot.command(channel, "U0ALICE", "update Keys rotated, auditing access"));
            ackText(bot.command(channel, "U0ALICE", "resolve a token was printed by a debug step"));
            bot.fake.awaitCall("files.completeUploadExternal", WAIT);

            // a public incident is announced as usual: once its announcement is there, the outbox got past
            // everything queued for the private one
            bot.openIncident("U0BOB", "Checkout slow");
            awaitPost(bot, ANNOUNCE_CHANNEL, "Checkout slow");
            RunningBot.sleep(300); // notifier work runs on its own pool: give a stray announcement time to show

            List<FakeSlack.Call> toAnnounce = bot.fake.allCalls().stream()
                    .filter(c -> ANNOUNCE_CHANNEL.equals(c.param("channel"))).toList();
            assertEquals(1, toAnnounce.size(), "only the public incident reaches the announcement channel: " + toAnnounce);
            assertFalse(toAnnounce.get(0).toString().contains("Credential"), toAnnounce.toString());
            assertTrue(bot.fake.calls("chat.update").isEmpty(), "no announcement to edit: " + bot.fake.calls("chat.update"));
            assertTrue(bot.fake.allCalls().stream().noneMatch(c -> c.toString().contains("Credential")
                    && !channel.equals(c.param("channel")) && !c.method().startsWith("files.")),
                    "the private title goes nowhere but its own channel");
        }
    }

    @Test
    void listNamesAPrivateIncidentOnlyInsideItsChannel() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            String secret = bot.openIncident("U0ALICE", "--private " + SECRET_TITLE);
            bot.openIncident("U0BOB", "Checkout slow");

            String elsewhere = ackText(bot.command("C0GENERAL", "U0CAROL", "list"));
            assertTrue(elsewhere.contains("Checkout slow"), elsewhere);
            assertFalse(elsewhere.contains("Credential"), elsewhere);
            assertFalse(elsewhere.contains("INC-1*"), elsewhere);
            assertTrue(elsewhere.contains("1 private incident not shown"), elsewhere);

            String inside = ackText(bot.command(secret, "U0ALICE", "list"));
            assertTrue(inside.contains(SECRET_TITLE) && inside.contains("Checkout slow"), inside);
            assertFalse(inside.contains("not shown"), inside);

            // an incident command typed outside an incident channel lists open incidents: not this one
            String notHere = ackText(bot.command("C0GENERAL", "U0CAROL", "note hello"));
            assertTrue(notHere.contains("Checkout slow"), notHere);
            assertFalse(notHere.contains("Credential"), notHere);
        }
    }

    @Test
    void adoptingAPrivateChannelMakesThePrivateIncident() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            // Slack names a private channel "privategroup" in slash commands
            Map<String, String> fields = SlackRequests.slashCommandFields(FakeSlack.TEAM_ID, "C0SECRET", "U0ALICE",
                    "open --here Payroll export exposed", bot.fake.responseUrl());
            fields.put("channel_name", "privategroup");
            String reply = ackText(bot.slack.slashCommand(fields));
            assertTrue(reply.contains("now lives in this channel"), reply);
            assertEquals(List.of("1|1"), bot.query("SELECT id, CASE WHEN is_private THEN 1 ELSE 0 END FROM incident"));
            awaitPost(bot, "C0SECRET", "This incident is *private*");

            // otherwise conversations.info tells, after the ack: still never announced
            SlackSignInFake slack = new SlackSignInFake(bot.fake);
            slack.privateChannel("C0HUSH", "sec-response");
            reply = ackText(bot.command("C0HUSH", "U0BOB", "open --here Suspicious logins"));
            assertTrue(reply.contains("*INC-2*"), reply);
            awaitPost(bot, "C0HUSH", "This incident is *private*");
            assertEquals(List.of("2|1"), bot.query(
                    "SELECT id, CASE WHEN is_private THEN 1 ELSE 0 END FROM incident WHERE id = 2"));
            // "privategroup" is not a channel's name: Slack's own name (conversations.info) is kept instead
            assertEquals(List.of("channel-c0secret"), bot.query("SELECT channel_name FROM incident WHERE id = 1"));

            bot.openIncident("U0BOB", "Checkout slow");
            awaitPost(bot, ANNOUNCE_CHANNEL, "Checkout slow");
            List<FakeSlack.Call> toAnnounce = bot.fake.allCalls().stream()
                    .filter(c -> ANNOUNCE_CHANNEL.equals(c.param("channel"))).toList();
            assertEquals(1, toAnnounce.size(), toAnnounce.toString());
        }
    }

    @Test
    void aPublishedPrivatePostmortemIsNotShared() throws Exception {
        String share = "C0LEARN";
        try (RunningBot bot = RunningBot.withLearning(dir, ANNOUNCE_CHANNEL, java.time.Clock.systemUTC(),
                new io.incidentbot.config.LearningConfig(share, 7, io.incidentbot.config.LearningConfig.DEFAULT_TAGS, 6))) {
            String secret = bot.openIncident("U0ALICE", "--private --sev P3 " + SECRET_TITLE);
            ackText(bot.command(secret, "U0ALICE", "resolve a token was printed by a debug step"));
            String reply = ackText(bot.command(secret, "U0ALICE", "publish --anyway"));
            assertTrue(reply.contains("not shared: the incident is private"), reply);
            awaitPost(bot, secret, "is published (v");

            // the same for a public incident reaches the share channel, after the private one was done
            String open = bot.openIncident("U0BOB", "--sev P3 Checkout slow");
            ackText(bot.command(open, "U0BOB", "resolve cache stampede"));
            ackText(bot.command(open, "U0BOB", "publish --anyway"));
            awaitPost(bot, share, "Checkout slow");

            List<FakeSlack.Call> shared = bot.fake.allCalls().stream().filter(c -> share.equals(c.param("channel"))).toList();
            assertEquals(1, shared.size(), shared.toString());
            assertFalse(shared.get(0).toString().contains("Credential"), shared.toString());
        }
    }

    /** Waits for a chat.postMessage to {@code channel} whose text contains {@code text}. */
    private static void awaitPost(RunningBot bot, String channel, String text) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean seen = bot.fake.calls("chat.postMessage").stream()
                    .anyMatch(c -> channel.equals(c.param("channel")) && c.param("text") != null
                            && c.param("text").contains(text));
            if (seen) {
                return;
            }
            RunningBot.sleep(20);
        }
        throw new AssertionError("no post to " + channel + " containing \"" + text + "\": "
                + bot.fake.calls("chat.postMessage"));
    }
}
