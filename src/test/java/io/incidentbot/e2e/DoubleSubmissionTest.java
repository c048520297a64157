package io.incidentbot.e2e;

import io.incidentbot.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.incidentbot.e2e.RunningBot.ackText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: double submissions do not double-act. Slack does not retry slash commands, but people
 * press Enter twice and proxies replay requests: a replay (same trigger_id) and the same person
 * declaring the same title within 10 s create one incident and one channel; the second answer names
 * the first incident.
 */
class DoubleSubmissionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(Instant.now());
    RunningBot bot;

    @BeforeEach
    void start() throws Exception {
        bot = new RunningBot(dir, RunningBot.ANNOUNCE_CHANNEL, clock);
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    private LinkedHashMap<String, String> openFields(String user, String text) {
        return SlackRequests.slashCommandFields(FakeSlack.TEAM_ID, "C0GENERAL", user, "open " + text,
                bot.fake.responseUrl());
    }

    /** Waits for the channels of {@code incidents} incidents to be set up, then a little more for strays. */
    private void assertChannelsCreated(int incidents) {
        bot.fake.awaitCalls("conversations.create", incidents, WAIT);
        RunningBot.sleep(300);
        assertEquals(incidents, bot.fake.calls("conversations.create").size(), bot.fake.allCalls().toString());
        assertEquals(incidents, bot.count("incident"));
    }

    @Test
    void aReplayedRequestWithTheSameTriggerIdOpensOneIncident() {
        LinkedHashMap<String, String> fields = openFields(ALICE, "Orders API returns 502");
        assertTrue(ackText(bot.slack.slashCommand(fields)).contains("Declaring *INC-1*"));
        String again = ackText(bot.slack.slashCommand(fields));
        assertTrue(again.contains("You just declared *INC-1*") && again.contains("did not open a second"), again);
        assertChannelsCreated(1);

        // still a replay after the 10 s title window: the trigger_id is remembered longer
        clock.advance(Duration.ofSeconds(30));
        String later = ackText(bot.slack.slashCommand(fields));
        assertTrue(later.contains("*INC-1*") && later.contains("<#C"), later);
        assertChannelsCreated(1);
        assertEquals(List.of("Incident declared by <@U0ALICE> (P3)"), bot.query("SELECT text FROM timeline_entry"));
    }

    @Test
    void concurrentReplaysOpenOneIncident() throws Exception {
        LinkedHashMap<String, String> fields = openFields(ALICE, "Payments down");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> acks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                acks.add(pool.submit(() -> {
                    go.await();
                    return bot.slack.slashCommand(fields);
                }));
            }
            go.countDown();
            int declaring = 0;
            for (Future<HttpResponse<String>> ack : acks) {
                String text = ackText(ack.get());
                assertTrue(text.contains("*INC-1*"), text);
                declaring += text.contains("Declaring") ? 1 : 0;
            }
            assertEquals(1, declaring);
        } finally {
            pool.shutdownNow();
        }
        assertChannelsCreated(1);
    }

    @Test
    void theSamePersonOpeningTheSameTitleWithin10sOpensOneIncident() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // Enter pressed twice (two requests, two trigger ids), at the same moment, spelled a bit differently
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> acks = new ArrayList<>();
            for (String title : List.of("Orders API returns 502", "orders  API returns 502 ", "ORDERS API RETURNS 502",
                    "Orders API returns 502")) {
                acks.add(pool.submit(() -> {
                    go.await();
                    return bot.command("C0GENERAL", ALICE, "open " + title);
                }));
            }
            go.countDown();
            List<String> texts = new ArrayList<>();
            for (Future<HttpResponse<String>> ack : acks) {
                texts.add(ackText(ack.get()));
            }
            assertEquals(1, texts.stream().filter(t -> t.contains("Declaring *INC-1*")).count(), texts.toString());
            assertEquals(3, texts.stream().filter(t -> t.contains("You just declared *INC-1*")).count(), texts.toString());
        } finally {
            pool.shutdownNow();
        }
        assertChannelsCreated(1);

        clock.advance(Duration.ofSeconds(9));
        assertTrue(ackText(bot.command("C0GENERAL", ALICE, "open Orders API returns 502")).contains("*INC-1*"));
        // someone else, or another title, is another incident
        assertTrue(ackText(bot.command("C0GENERAL", BOB, "open Orders API returns 502")).contains("Declaring *INC-2*"));
        assertTrue(ackText(bot.command("C0GENERAL", ALICE, "open Orders API returns 503")).contains("Declaring *INC-3*"));
        assertChannelsCreated(3);

        // after 10 s it is a new incident on purpose
        clock.advance(Duration.ofSeconds(11));
        assertTrue(ackText(bot.command("C0GENERAL", ALICE, "open Orders API returns 502")).contains("Declaring *INC-4*"));
        assertChannelsCreated(4);
    }
}
