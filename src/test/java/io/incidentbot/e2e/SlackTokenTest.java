package io.incidentbot.e2e;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token Slack refuses is said to be wrong, not an outage; over HTTP the bot listens at once while
 * Slack is unreachable, keeps trying, and {@code /health} says where Slack stands ({@code "slack"}).
 */
class SlackTokenTest {
    private static final String ALICE = "U0ALICE";
    private static final String TOKEN = "web-access-token-0123456789abcdef";

    @TempDir
    Path dir;
    RunningBot bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private String slackHealth() throws Exception {
        HttpResponse<String> health = bot.get("/health");
        assertEquals(200, health.statusCode(), "healthy while the database answers: " + health.body());
        return JsonParser.parseString(health.body()).getAsJsonObject().get("slack").getAsString();
    }

    @Test
    void aRefusedTokenIsNamedInRepliesAndHealthWhilePagesAreStillServed() throws Exception {
        for (String error : new String[]{"invalid_auth", "token_revoked"}) {
            java.nio.file.Files.createDirectories(dir.resolve(error));
            bot = RunningBot.startingWith(dir.resolve(error), TOKEN, fake -> fake.refuseBotToken(error));
            assertEquals("token_refused", slackHealth());
            String reply = ackText(bot.command("C0GENERAL", ALICE, "open Payments down"));
            assertEquals("Slack refused SLACK_BOT_TOKEN (" + error + "): copy the Bot User OAuth Token from your app's "
                    + "OAuth & Permissions page, or reinstall the app", reply);
            long began = System.nanoTime();
            HttpResponse<String> page = bot.get("/", "Authorization", "Bearer " + TOKEN);
            assertEquals(200, page.statusCode(), page.body());
            assertTrue((System.nanoTime() - began) / 1_000_000 < 2_000, "pages do not wait for Slack");
            assertEquals(0, bot.count("incident"), "nothing was declared");
            bot.close();
            bot = null;
        }
    }

    @Test
    void withSlackUnreachableItListensAtOnceAndConnectsWhenSlackIsBack() throws Exception {
        bot = RunningBot.startingWith(dir, fake -> fake.outage(true));
        // auth.test is tried 4 times with back-off (0.5 + 1 + 2 s) before Slack counts as unreachable:
        // start-up returned before those attempts were over, and health answered at once.
        assertTrue(bot.authTestsWhenStarted < 4, "start-up waited for " + bot.authTestsWhenStarted + " auth.test calls");
        assertEquals("unreachable", slackHealth());
        String reply = ackText(bot.command("C0GENERAL", ALICE, "open Payments down"));
        assertTrue(reply.startsWith("I can't reach Slack"), reply);

        bot.fake.outage(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!slackHealth().equals("ok") && System.nanoTime() < deadline) {
            RunningBot.sleep(100);
        }
        assertEquals("ok", slackHealth(), "it kept trying");
        reply = ackText(bot.command("C0GENERAL", ALICE, "open Payments down"));
        assertTrue(reply.contains("INC-1"), reply);
    }

    @Test
    void withSlackUnreachableAPageAsksForAPersonsNameOnceAMinuteAtMost() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("pages"));
        bot = new RunningBot(dir.resolve("pages"), RunningBot.ANNOUNCE_CHANNEL, TOKEN);
        bot.fake.addUser(ALICE, "alice");
        String channel = bot.openIncident(ALICE, "Payments down");
        bot.event(SlackRequests.message(channel, "U0BOB", SlackRequests.newTs(), "looking at the gateway"));
        bot.fake.outage(true);
        assertEquals(200, bot.get("/incidents/1", "Authorization", "Bearer " + TOKEN).statusCode());
        int asked = bot.fake.calls("users.info").size();
        long began = System.nanoTime();
        HttpResponse<String> again = bot.get("/incidents/1", "Authorization", "Bearer " + TOKEN);
        long millis = (System.nanoTime() - began) / 1_000_000;
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("U0BOB"), "shown by id while Slack cannot name them");
        assertEquals(asked, bot.fake.calls("users.info").size(), "a failed name is not asked again at once");
        assertTrue(millis < 2_000, "the second view took " + millis + " ms");
    }
}
