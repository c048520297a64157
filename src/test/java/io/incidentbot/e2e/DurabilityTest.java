package io.incidentbot.e2e;

import org.junit.jupiter.api.AfterEach;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: every event acknowledged with 200 is in the database, even when the process is killed
 * with SIGKILL right after. The bot runs as a real child JVM; events stream in from several threads
 * while it is killed; it is restarted on the same SQLite file and every acked message must be there.
 */
class DurabilityTest {
    @BeforeAll
    static void sqliteOnly() {
        Assumptions.assumeFalse(TestDatabases.onPostgres(), "kill -9 durability is about the bot's SQLite file (PostgreSQL keeps its own WAL); runs in the default pass");
    }

    private static final int EVENTS = 300;
    private static final int KILL_AFTER_ACKS = 150;
    private static final String ALICE = "U0ALICE";

    @TempDir
    Path dir;
    final FakeSlack fake = new FakeSlack();
    ChildBot bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        fake.close();
    }

    @Test
    void everyAckedEventSurvivesKill9() throws Exception {
        bot = new ChildBot(dir, fake).start();
        String channel = openIncident(bot.slack());

        // ts values are unique per event, so each acked event maps to exactly one expected row
        long base = Instant.now().toEpochMilli() * 1000;
        List<String> tss = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            long micros = base + i * 1000L;
            tss.add(String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000));
        }
        SlackRequests slack = bot.slack();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        for (int i = 0; i < EVENTS; i++) {
            String ts = tss.get(i);
            int n = i;
            senders.execute(() -> {
                try {
                    HttpResponse<String> r = slack.event(SlackRequests.message(channel, ALICE, ts, "line " + n),
                            RunningBot.nextEventId());
                    if (r.statusCode() == 200) {
                        acked.add(ts);
                    }
                } catch (RuntimeException connectionLost) {
                    failed.incrementAndGet();
                }
            });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acked.size() < KILL_AFTER_ACKS && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        bot.kill9(); // SIGKILL while the other senders are still sending
        senders.shutdown();
        assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
        Set<String> ackedAtKill = new HashSet<>(acked);
        assertTrue(ackedAtKill.size() >= KILL_AFTER_ACKS, "only " + ackedAtKill.size() + " events were acked");
        System.out.printf("DurabilityTest: %d of %d events acked before SIGKILL, %d sends cut off by it%n",
                ackedAtKill.size(), EVENTS, failed.get());

        bot.start(); // same database file, after a crash
        Set<String> stored = new HashSet<>(bot.query(
                "SELECT ts FROM timeline_entry WHERE channel_id = '" + channel + "' AND kind = 'MESSAGE'"));
        Set<String> lost = new HashSet<>(ackedAtKill);
        lost.removeAll(stored);
        assertEquals(Set.of(), lost, "acked but lost after kill -9 (" + ackedAtKill.size() + " acked, "
                + failed.get() + " sends cut off)");
        for (String ts : ackedAtKill) {
            assertEquals(List.of("line " + tss.indexOf(ts)),
                    bot.query("SELECT text FROM timeline_entry WHERE ts = '" + ts + "'"));
        }
        assertEquals("ok", healthStatus(bot));

        // the restarted bot goes on recording into the same incident
        long micros = base + EVENTS * 1000L + 1000;
        String after = String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
        assertEquals(200, bot.slack().event(SlackRequests.message(channel, ALICE, after, "after the crash"),
                RunningBot.nextEventId()).statusCode());
        assertEquals(List.of("after the crash"), bot.query("SELECT text FROM timeline_entry WHERE ts = '" + after + "'"));
    }

    /** Opens an incident through the child and waits until its channel is bound. */
    private String openIncident(SlackRequests slack) throws InterruptedException {
        HttpResponse<String> ack = slack.slashCommand(FakeSlack.TEAM_ID, "C0GENERAL", ALICE, "open Disk full on db-1",
                fake.responseUrl());
        assertEquals(200, ack.statusCode(), ack.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> rows = bot.query("SELECT channel_id FROM incident WHERE channel_id IS NOT NULL");
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the incident's channel was never bound; log:\n" + bot.logText());
    }

    static String healthStatus(ChildBot bot) throws Exception {
        HttpResponse<String> r = bot.get("/health");
        assertEquals(200, r.statusCode(), r.body());
        return com.google.gson.JsonParser.parseString(r.body()).getAsJsonObject().get("status").getAsString();
    }
}
