package io.incidentbot.e2e;

import io.incidentbot.metrics.BotMetrics;
import io.incidentbot.slack.inbound.SlackApp;
import io.incidentbot.slackapi.Pacer;
import io.incidentbot.slackapi.SlackGateway;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: the bot paces its own Web API calls to Slack's rate tiers, so one burst of work (a
 * resolve that looks up 124 people's names) never runs into 429s. Checked against a fake Slack
 * that refuses what Slack refuses (more calls in a minute than the tier allows), with the minute
 * shortened to three seconds on both sides so the test takes seconds.
 */
class SlackPacingTest {
    /** Tier 4, as users.info is. */
    private static final int USERS_INFO_PER_MINUTE = 100;
    /** A minute in three seconds: short enough for a test, long enough that a loaded machine's delays stay small in it. */
    private static final double MINUTE_IN_A_SECOND = 20;
    private static final int PARTICIPANTS = 128;

    @Test
    void aBurstOfNameLookupsStaysWithinItsTierAndEveryLookupSucceeds() throws Exception {
        try (FakeSlack fake = new FakeSlack()) {
            for (int i = 0; i < PARTICIPANTS; i++) {
                fake.addUser(user(i), "Person " + i);
            }
            fake.enforceTier("users.info", USERS_INFO_PER_MINUTE, MINUTE_IN_A_SECOND);
            SlackGateway slack = new SlackGateway(SlackApp.slackClient(fake.apiUrl()), "xoxb-test", Duration.ofMillis(50),
                    BotMetrics.disabled(), Pacer.slackTiersTimes(MINUTE_IN_A_SECOND));

            long started = System.nanoTime();
            List<String> names = lookUpAtOnce(slack);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            for (int i = 0; i < PARTICIPANTS; i++) {
                assertEquals("Person " + i, names.get(i), "every name arrives, none replaced by its id");
            }
            assertEquals(0, fake.rateRefusals("users.info"), "Slack never had to refuse a call");
            assertEquals(PARTICIPANTS, fake.calls("users.info").size(), "one call per person, none repeated");
            // 128 calls at 100 a (shortened) minute cannot take less than a minute's worth
            long minuteMillis = (long) (60_000 / MINUTE_IN_A_SECOND);
            assertTrue(took.toMillis() >= minuteMillis * (PARTICIPANTS - USERS_INFO_PER_MINUTE) / USERS_INFO_PER_MINUTE,
                    "paced: " + took);
        }
    }

    /** The control: the same burst without pacing is refused, so the test above can fail. */
    @Test
    void theFakeRefusesABurstBeyondTheTierAsSlackDoes() throws Exception {
        try (FakeSlack fake = new FakeSlack()) {
            fake.addUser(user(0), "Person 0");
            fake.enforceTier("users.info", USERS_INFO_PER_MINUTE, MINUTE_IN_A_SECOND);
            HttpClient http = HttpClient.newHttpClient();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < PARTICIPANTS; i++) {
                burst.add(http.sendAsync(HttpRequest.newBuilder(URI.create(fake.apiUrl() + "users.info"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", "Bearer xoxb-test")
                        .POST(HttpRequest.BodyPublishers.ofString("user=" + user(0))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int refused = 0;
            String retryAfter = null;
            for (var pending : burst) {
                HttpResponse<String> r = pending.get();
                if (r.statusCode() == 429) {
                    refused++;
                    retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                }
            }
            assertTrue(refused > 0, "a burst of " + PARTICIPANTS + " within a (shortened) minute is refused in part");
            assertTrue(retryAfter != null && retryAfter.matches("[1-3]"), "whole seconds within the window, as Slack sends them: "
                    + retryAfter);
        }
    }

    private static List<String> lookUpAtOnce(SlackGateway slack) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<String>> lookups = new ArrayList<>();
            for (int i = 0; i < PARTICIPANTS; i++) {
                String id = user(i);
                lookups.add(pool.submit(() -> slack.displayName(id)));
            }
            List<String> names = new ArrayList<>();
            for (Future<String> f : lookups) {
                names.add(f.get());
            }
            return names;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String user(int i) {
        return String.format("U0P%05d", i);
    }
}
