package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static io.incidentbot.e2e.SlackRequests.message;
import static io.incidentbot.e2e.SlackRequests.messageChanged;
import static io.incidentbot.e2e.SlackRequests.reactionAdded;
import static io.incidentbot.e2e.SlackRequests.reactionRemoved;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Promise: each message is in the timeline exactly once, and pins end in a consistent state, under
 * Slack's retries (same event_id with X-Slack-Retry-Num), duplicate deliveries (a new event_id for the
 * same channel+ts) and concurrent delivery of the same event on several threads at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceTest {
    private static final int THREADS = 8;
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";

    @TempDir
    static Path dir;
    RunningBot bot;
    ExecutorService pool;
    String channel;
    long baseMicros;

    @BeforeAll
    void start() throws Exception {
        bot = new RunningBot(dir);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    /** Each test works in an incident of its own. */
    @BeforeEach
    void openIncident(org.junit.jupiter.api.TestInfo test) {
        channel = bot.openIncident(ALICE, "Checkout latency in " + test.getDisplayName());
        baseMicros = Instant.now().toEpochMilli() * 1000;
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        bot.close();
    }

    private String ts(int n) {
        long micros = baseMicros + n * 1000L;
        return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /** Sends {@code THREADS} requests released at the same instant; returns their status codes. */
    private List<Integer> concurrently(IntFunction<HttpResponse<String>> send) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                go.await();
                return send.apply(n).statusCode();
            }));
        }
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : results) {
            codes.add(f.get());
        }
        return codes;
    }

    private static List<Integer> allOk() {
        return java.util.Collections.nCopies(THREADS, 200);
    }

    private List<String> rows(String ts) {
        return bot.query("SELECT text, first_text, deleted FROM timeline_entry WHERE channel_id = '" + channel
                + "' AND ts = '" + ts + "'");
    }

    private int messagesInChannel() {
        return Integer.parseInt(bot.query("SELECT count(*) FROM timeline_entry WHERE channel_id = '" + channel + "'").get(0));
    }

    private int pinMarks(String ts) {
        return Integer.parseInt(bot.query("SELECT count(*) FROM pin_mark WHERE channel_id = '" + channel
                + "' AND ts = '" + ts + "'").get(0));
    }

    @Test
    void sameEventOnManyThreadsAndRetriesIsStoredOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            String ts = ts(round);
            JsonObject event = message(channel, ALICE, ts, "message " + round);
            String eventId = RunningBot.nextEventId();
            // the original and Slack's retries 1..3 of it, all at once
            assertEquals(allOk(), concurrently(n -> bot.slack.event(event, eventId, n % 4)));
            assertEquals(List.of("message " + round + "|null|0"), rows(ts));
        }
        assertEquals(10, messagesInChannel());
    }

    @Test
    void duplicatesWithNewEventIdsAreStoredOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            String ts = ts(round);
            JsonObject event = message(channel, BOB, ts, "duplicate " + round);
            assertEquals(allOk(), concurrently(n -> bot.slack.event(event, RunningBot.nextEventId())));
            assertEquals(List.of("duplicate " + round + "|null|0"), rows(ts));
        }
        assertEquals(10, messagesInChannel());
    }

    @Test
    void concurrentEditsKeepTheFirstTextOnce() throws Exception {
        String ts = ts(1);
        assertEquals(200, bot.event(message(channel, ALICE, ts, "frist draft")).statusCode());
        JsonObject edit = messageChanged(channel, ALICE, ts, "frist draft", "first draft", ts(2));
        String eventId = RunningBot.nextEventId();
        assertEquals(allOk(), concurrently(n -> n % 2 == 0
                ? bot.slack.event(edit, eventId, n % 4)
                : bot.slack.event(edit, RunningBot.nextEventId())));
        assertEquals(List.of("first draft|frist draft|0"), rows(ts));
    }

    @Test
    void concurrentReactionsLeaveAConsistentPinState() throws Exception {
        String ts = ts(1);
        assertEquals(200, bot.event(message(channel, ALICE, ts, "rolled back deploy 4711")).statusCode());

        // the same reaction_added event on every thread, half as retries of one event id, half as duplicates
        JsonObject added = reactionAdded(channel, BOB, "pushpin", ts);
        String addId = RunningBot.nextEventId();
        assertEquals(allOk(), concurrently(n -> n % 2 == 0
                ? bot.slack.event(added, addId, n % 4)
                : bot.slack.event(added, RunningBot.nextEventId())));
        assertEquals(1, pinMarks(ts));

        // two people pin at once, then one of them takes it back, concurrently and repeatedly: still pinned
        assertEquals(allOk(), concurrently(n -> bot.slack.event(reactionAdded(channel, ALICE, "pushpin", ts),
                RunningBot.nextEventId())));
        assertEquals(2, pinMarks(ts));
        JsonObject removed = reactionRemoved(channel, BOB, "pushpin", ts);
        assertEquals(allOk(), concurrently(n -> bot.slack.event(removed, RunningBot.nextEventId(), n % 4)));
        assertEquals(List.of("source=reaction:" + ALICE), bot.query(
                "SELECT 'source=' || source FROM pin_mark WHERE ts = '" + ts + "'"));

        // the last pin removed by many deliveries at once: unpinned, and only once
        JsonObject lastRemoved = reactionRemoved(channel, ALICE, "pushpin", ts);
        String removeId = RunningBot.nextEventId();
        assertEquals(allOk(), concurrently(n -> bot.slack.event(lastRemoved, removeId, n % 4)));
        assertEquals(0, pinMarks(ts));
        // a late retry of the very first reaction_added does not pin it again
        assertEquals(200, bot.slack.event(added, addId, 3).statusCode());
        assertEquals(0, pinMarks(ts));
        assertEquals(List.of("rolled back deploy 4711|null|0"), rows(ts));
    }
}
