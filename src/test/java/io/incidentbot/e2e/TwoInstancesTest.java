package io.incidentbot.e2e;

import io.incidentbot.testing.MutableClock;

import com.google.gson.JsonObject;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.incidentbot.e2e.RunningBot.ackText;
import static io.incidentbot.e2e.SlackRequests.message;
import static io.incidentbot.e2e.SlackRequests.reactionAdded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two bot processes (replicas) on one PostgreSQL database, as behind a load balancer: Slack's
 * retries of an event may reach the other replica, even while the first is still storing it. Each
 * event must take effect once, whichever replica gets it and however the deliveries interleave.
 */
class TwoInstancesTest {
    private static final String ALICE = "U0ALICE";
    private static final int EVENTS = 20;

    @Test
    void twoReplicasOnOneDatabaseDoNotDoubleActOnRetriedEvents() throws Exception {
        TestDatabases.TestDb db = TestDatabases.postgres();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RunningBot a = new RunningBot(db); RunningBot b = new RunningBot(db)) {
            a.fake.addUser(ALICE, "alice");
            b.fake.addUser(ALICE, "alice");
            String channel = a.openIncident(ALICE, "--sev P2 Orders API returns 502");

            // every event is delivered to both replicas at the same moment: once as the original, once as
            // Slack's retry (X-Slack-Retry-Num: 1), plus a late second retry to replica A
            List<String> tss = new ArrayList<>();
            List<Callable<HttpResponse<String>>> deliveries = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < EVENTS; i++) {
                String ts = SlackRequests.newTs();
                tss.add(ts);
                JsonObject event = i % 2 == 0
                        ? message(channel, ALICE, ts, "status line " + i)
                        : reactionAdded(channel, ALICE, "pushpin", tss.get(i - 1));
                String eventId = RunningBot.nextEventId();
                deliveries.add(racing(go, () -> a.slack.event(event, eventId)));
                deliveries.add(racing(go, () -> b.slack.event(event, eventId, 1)));
            }
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (var d : deliveries) {
                answers.add(pool.submit(d));
            }
            go.countDown();
            for (var f : answers) {
                assertEquals(200, f.get(60, TimeUnit.SECONDS).statusCode(), "both replicas ack every delivery");
            }

            assertEquals(EVENTS / 2, a.count("timeline_entry WHERE kind = 'MESSAGE'"), "each message stored once");
            assertEquals(EVENTS / 2, a.count("pin_mark"), "each pin recorded once");
            assertEquals(EVENTS / 2, a.count("processed_event"), "each pin's event id applied once (messages dedup by their ts)");

            // Commands reach whichever replica; per-incident numbers are not taken twice
            List<Future<String>> actions = new ArrayList<>();
            CountDownLatch go2 = new CountDownLatch(1);
            for (int i = 0; i < 6; i++) {
                RunningBot bot = i % 2 == 0 ? a : b;
                String what = "Add alert number " + i;
                actions.add(pool.submit(racing(go2, () -> ackText(bot.command(channel, ALICE, "action " + what)))));
            }
            go2.countDown();
            for (var f : actions) {
                assertTrue(f.get(60, TimeUnit.SECONDS).contains("Action item"), "every action item is accepted");
            }
            assertEquals(List.of("1", "2", "3", "4", "5", "6"),
                    a.query("SELECT number FROM action_item ORDER BY number"));

            // resolving on both at once: one wins, the other is told it is resolved already
            CountDownLatch go3 = new CountDownLatch(1);
            var ra = pool.submit(racing(go3, () -> ackText(a.command(channel, ALICE, "resolve pool exhausted"))));
            var rb = pool.submit(racing(go3, () -> ackText(b.command(channel, ALICE, "resolve pool exhausted"))));
            go3.countDown();
            String[] replies = {ra.get(60, TimeUnit.SECONDS), rb.get(60, TimeUnit.SECONDS)};
            assertEquals(1, a.count("timeline_entry WHERE text LIKE 'Incident resolved by%'"),
                    "resolved once: " + String.join(" / ", replies));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void remindersGoOutOnceWhateverTheNumberOfReplicas() throws Exception {
        TestDatabases.TestDb db = TestDatabases.postgres();
        MutableClock clock = new MutableClock(Instant.parse("2030-03-10T09:00:00Z"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (RunningBot a = new RunningBot(db, clock); RunningBot b = new RunningBot(db, clock)) {
            String channel = a.openIncident(ALICE, "Queue backlog");
            ackText(b.command(channel, ALICE, "action Add a queue depth alert <@U0BOB|bob> due 2030-03-09"));
            clock.advance(Duration.ofMinutes(31));
            for (int round = 0; round < 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                var ra = pool.submit(racing(go, () -> a.app.reminders().checkNow()));
                var rb = pool.submit(racing(go, () -> b.app.reminders().checkNow()));
                go.countDown();
                assertTrue(ra.get(60, TimeUnit.SECONDS) | rb.get(60, TimeUnit.SECONDS), "someone ran the pass");
            }
            a.awaitOutboxDone(); // the reminders are queued in the outbox; either replica may deliver them
            b.awaitOutboxDone();
            assertEquals(1, posts(a, channel, "No update") + posts(b, channel, "No update"),
                    "one nudge for the half hour, from one replica");
            assertEquals(1, posts(a, "U0BOB", "past due") + posts(b, "U0BOB", "past due"),
                    "one reminder for the day, from one replica");
        } finally {
            pool.shutdownNow();
        }
    }

    private static int posts(RunningBot bot, String channel, String containing) {
        return (int) bot.fake.calls("chat.postMessage").stream()
                .filter(c -> channel.equals(c.param("channel")) && c.param("text").contains(containing)).count();
    }

    /** Waits for the start signal, so the deliveries really overlap. */
    private static <T> Callable<T> racing(CountDownLatch go, Callable<T> work) {
        return () -> {
            go.await();
            return work.call();
        };
    }
}
