package io.incidentbot.e2e;

import io.incidentbot.testing.MutableClock;

import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * PagerDuty down for ten minutes (its fake answering 503), on an injected clock so the test takes
 * seconds: the incident's Slack posts go out at once, the page is tried again at least every minute
 * and goes out when PagerDuty is back, also when the bot was restarted in between; Retry-After is
 * waited out; {@code /metrics} counts the calls by result. SQLite only (the outbox logic is the same
 * on PostgreSQL; CI time is not).
 */
class PagerDutyOutageTest {
    private static final String ALICE = "U0ALICE";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    RunningBot bot;
    FakePagerDuty pagerDuty;
    MutableClock clock;
    TestDatabases.TestDb db;
    Map<String, String> settings;

    @BeforeEach
    void setUp() {
        assumeFalse(TestDatabases.onPostgres(), "outage tests run on SQLite only");
        clock = new MutableClock(Instant.now());
        pagerDuty = new FakePagerDuty();
        db = TestDatabases.sqlite(dir);
        settings = Map.of("PAGERDUTY_ROUTING_KEY", FakePagerDuty.ROUTING_KEY,
                "PAGERDUTY_EVENTS_URL", pagerDuty.eventsUrl());
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (pagerDuty != null) {
            pagerDuty.close();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            RunningBot.sleep(20);
        }
    }

    /** Waits until the page's failed attempt is recorded (its next try set on the clock as it was then). */
    private void awaitRecorded() {
        await("the attempt recorded", () -> bot.query("SELECT count(*) FROM outbox WHERE lane = 'pagerduty' "
                + "AND lease_owner IS NOT NULL").get(0).equals("0"));
    }

    private String metrics() throws Exception {
        return bot.get("/metrics").body();
    }

    @Test
    void slackGoesOutAtOnceAndThePageWhenPagerDutyRecoversAcrossARestart() throws Exception {
        pagerDuty.outage(503, null);
        bot = RunningBot.withIntegrations(db, clock, settings);
        String channel = bot.openIncident(ALICE, "--sev P1 Orders API returns 502");
        long id = Long.parseLong(bot.query("SELECT max(id) FROM incident").get(0));
        await("the first page attempt", () -> pagerDuty.requests() >= 1);

        // the incident's Slack work is not behind the page: an update posts at once
        RunningBot.ackText(bot.command(channel, ALICE, "update Rolling back the deploy"));
        await("the update in the channel", () -> bot.fake.calls("chat.postMessage").stream()
                .anyMatch(c -> channel.equals(c.param("channel")) && String.valueOf(c.param("text")).contains("Rolling back")));

        // ten minutes of outage: PagerDuty is tried again at least once a minute, never given up
        for (int minute = 1; minute <= 10; minute++) {
            int before = pagerDuty.requests();
            awaitRecorded();
            clock.advance(Duration.ofSeconds(61));
            await("an attempt in minute " + minute, () -> pagerDuty.requests() > before);
        }
        assertEquals(List.of(), pagerDuty.events());
        String during = metrics();
        assertTrue(during.contains("incidentbot_integration_calls_total{integration=\"pagerduty\",operation=\"trigger\","
                + "result=\"unavailable\"}"), during);
        assertEquals("0", bot.query("SELECT count(*) FROM incident_page WHERE delivered_at IS NOT NULL").get(0));

        // the bot restarts while PagerDuty is still down, then PagerDuty recovers
        bot.close();
        bot = null;
        int beforeRestart = pagerDuty.requests();
        bot = RunningBot.withIntegrations(db, clock, settings);
        await("an attempt after the restart", () -> pagerDuty.requests() > beforeRestart);
        pagerDuty.recover();
        awaitRecorded();
        clock.advance(Duration.ofSeconds(61));
        FakePagerDuty.Event page = pagerDuty.awaitEvents(1, WAIT).get(0);
        assertEquals("trigger", page.action());
        assertEquals("incident-bot/" + FakeSlack.TEAM_ID + "/INC-" + id, page.dedupKey());
        assertTrue(page.body().toString().contains(channel), "the page links to the channel: " + page.body());
        await("the page in the timeline", () -> bot.query("SELECT text FROM timeline_entry WHERE incident_id = " + id)
                .stream().anyMatch(t -> t.contains("Paged the on-call through PagerDuty")));
        String after = metrics();
        assertTrue(after.contains("incidentbot_integration_calls_total{integration=\"pagerduty\",operation=\"trigger\","
                + "result=\"ok\"} 1.0"), after);
        RunningBot.sleep(300);
        assertEquals(1, pagerDuty.events().size(), "paged once");
    }

    @Test
    void retryAfterIsWaitedOut() throws Exception {
        pagerDuty.outage(429, 30);
        bot = RunningBot.withIntegrations(db, clock, settings);
        bot.openIncident(ALICE, "--sev P1 Checkout fails");
        await("the first attempt", () -> pagerDuty.requests() >= 1);
        pagerDuty.recover();
        awaitRecorded();
        clock.advance(Duration.ofSeconds(20));
        RunningBot.sleep(2_500); // the worker looks at least every second
        assertEquals(List.of(), pagerDuty.events(), "not before the 30 s PagerDuty asked for");
        clock.advance(Duration.ofSeconds(11));
        pagerDuty.awaitEvents(1, WAIT);
        String text = metrics();
        assertTrue(text.contains("result=\"rate_limited\""), text);
    }
}
