package io.incidentbot.store;

import io.incidentbot.incident.OutboxRepository.Job;
import io.incidentbot.incident.OutboxRepository.LaneCount;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox table: due jobs in order per incident and lane, lanes independent of each other, one
 * claimer per job with a lease, retries, failures, across reopening.
 */
class OutboxStoreTest {
    private static final Instant NOW = Instant.parse("2026-05-09T23:30:00Z");
    private static final Set<String> SLACK = Set.of("slack");
    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Database db;
    JooqOutboxRepository outbox;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.forFolder(dir).url());
        outbox = new JooqOutboxRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<Long> dueIds(Set<String> families, Instant at) {
        return outbox.due(families, at, 10).stream().map(Job::id).toList();
    }

    @Test
    void anIncidentsJobsRunInOrderOthersDoNotWait() {
        long a1 = outbox.add("slack", "post", 1L, "{\"n\":1}", NOW);
        long a2 = outbox.add("slack", "upload", 1L, "{\"n\":2}", NOW);
        long b1 = outbox.add("slack", "post", 2L, "{}", NOW);
        long free = outbox.add("slack", "respond", null, "{}", NOW);
        assertEquals(List.of(a1, b1, free), dueIds(SLACK, NOW));
        assertEquals(4, outbox.pending());

        outbox.retryLater(a1, NOW.plusSeconds(2), "chat.postMessage: Slack did not answer", true, false);
        assertEquals(List.of(b1, free), dueIds(SLACK, NOW), "a2 waits behind a1");
        assertEquals(Optional.of(NOW), outbox.nextDue(SLACK));
        assertEquals(List.of(a1, b1, free), dueIds(SLACK, NOW.plusSeconds(2)));

        outbox.done(a1);
        assertEquals(List.of(a2, b1, free), dueIds(SLACK, NOW.plusSeconds(2)));
        outbox.failed(a2, NOW, "chat.postMessage failed: is_archived");
        assertEquals(List.of(b1, free), dueIds(SLACK, NOW.plusSeconds(2)));
        assertEquals(2, outbox.pending());
        assertEquals(1, outbox.failedCount());
    }

    @Test
    void lanesNeverWaitForEachOther() {
        long slack = outbox.add("slack", "post", 1L, "{}", NOW);
        long notice = outbox.add("slack:notices", "notice", 1L, "{}", NOW);
        long hookA = outbox.add("webhook:https://a.example/hook", "deliver", 1L, "{}", NOW);
        long hookA2 = outbox.add("webhook:https://a.example/hook", "deliver", 1L, "{}", NOW);
        long hookB = outbox.add("webhook:https://b.example/hook", "deliver", 1L, "{}", NOW);
        outbox.retryLater(slack, NOW.plus(Duration.ofHours(1)), "Slack is down", true, false);
        outbox.retryLater(hookA, NOW.plus(Duration.ofHours(1)), "a.example is down", true, false);

        assertEquals(List.of(notice), dueIds(SLACK, NOW), "the slack family: its notices lane goes on");
        assertEquals(List.of(hookB), dueIds(Set.of("webhook"), NOW), "b's lane goes on; a's second waits for a's first");
        assertEquals(List.of(), dueIds(Set.of("webhooks"), NOW), "a family is matched by its whole name");
        assertEquals(List.of(notice, hookB), dueIds(Set.of("slack", "webhook"), NOW));
        assertTrue(outbox.claim(hookB, "me", NOW, NOW.plus(LEASE)));
        outbox.done(hookB);
        outbox.failed(hookA, NOW, "410 Gone");
        assertEquals(List.of(notice, hookA2), dueIds(Set.of("slack", "webhook"), NOW));

        assertEquals(List.of(new LaneCount("slack", 1, 0), new LaneCount("slack:notices", 1, 0),
                new LaneCount("webhook:https://a.example/hook", 1, 1)), outbox.lanes());
        assertEquals(List.of("webhook:https://a.example/hook|deliver|1|410 Gone"), outbox.recentFailures(5).stream()
                .map(f -> f.lane() + "|" + f.kind() + "|" + f.incidentId() + "|" + f.error()).toList());
    }

    @Test
    void oneClaimerPerJobWhileItsLeaseLastsAndRenewalsKeepIt() {
        long id = outbox.add("slack", "post", 7L, "{}", NOW);
        assertEquals(List.of(id), dueIds(SLACK, NOW), "a second worker may read it too");
        assertTrue(outbox.claim(id, "replica-a", NOW, NOW.plus(LEASE)));
        assertFalse(outbox.claim(id, "replica-b", NOW, NOW.plus(LEASE)), "the second worker must not run it too");
        assertEquals(Optional.of(NOW.plus(LEASE)), outbox.nextDue(SLACK), "next due when the lease ends");
        long next = outbox.add("slack", "post", 7L, "{}", NOW);
        assertEquals(List.of(), dueIds(SLACK, NOW.plusSeconds(10)), "taken, and its incident's next job waits for it");

        assertTrue(outbox.renew(id, "replica-a", NOW.plusSeconds(20).plus(LEASE)));
        assertFalse(outbox.renew(id, "replica-b", NOW.plusSeconds(20).plus(LEASE)), "only its holder renews it");
        assertEquals(List.of(), dueIds(SLACK, NOW.plus(LEASE)), "renewed: still taken");

        Instant lapsed = NOW.plusSeconds(20).plus(LEASE);
        assertEquals(List.of(id), dueIds(SLACK, lapsed), "its holder died: the job is free again");
        assertTrue(outbox.claim(id, "replica-b", lapsed, lapsed.plus(LEASE)));
        assertFalse(outbox.renew(id, "replica-a", lapsed.plus(LEASE)), "the dead holder lost it");

        outbox.release(id, lapsed);
        Job again = outbox.due(SLACK, lapsed, 1).get(0);
        assertEquals(List.of(id, 0L), List.of(again.id(), (long) again.attempts()));
        outbox.done(id);
        assertEquals(List.of(next), dueIds(SLACK, lapsed));
    }

    @Test
    void aSoleUserTakesBackEveryLeaseAndRetryAtStart() {
        long taken = outbox.add("slack", "upload", 3L, "{}", NOW);
        long waiting = outbox.add("slack", "post", 4L, "{}", NOW);
        long failed = outbox.add("slack", "post", 5L, "{}", NOW);
        assertTrue(outbox.claim(taken, "before-the-crash", NOW, NOW.plus(LEASE)));
        outbox.retryLater(waiting, NOW.plus(Duration.ofMinutes(5)), "Slack is down", true, false);
        outbox.failed(failed, NOW, "is_archived");

        Instant restart = NOW.plusSeconds(1);
        assertEquals(2, outbox.resumeAll(restart));
        assertEquals(List.of(taken, waiting), dueIds(SLACK, restart));
        assertEquals(List.of(0, 1), outbox.due(SLACK, restart, 10).stream().map(Job::attempts).toList());
        assertEquals(1, outbox.failedCount());
    }

    @Test
    void waitingOutARateLimitIsNotAnAttemptAndCrashesAreCounted() {
        long id = outbox.add("slack", "post", 1L, "{}", NOW);
        outbox.retryLater(id, NOW.plusSeconds(60), "Retry-After: 60", false, false);
        outbox.retryLater(id, NOW.plusSeconds(60), "OutOfMemoryError", true, true);
        Job job = outbox.due(SLACK, NOW.plusSeconds(60), 1).get(0);
        assertEquals(List.of(1, 1), List.of(job.attempts(), job.crashes()));
        assertFalse(job.reported());
        outbox.markReported(id, NOW);
        assertTrue(outbox.due(SLACK, NOW.plusSeconds(60), 1).get(0).reported());
    }

    @Test
    void aNewerJobReplacesTheWaitingOnesOfItsKind() {
        long first = outbox.add("slack", "progress", 1L, "{\"n\":1}", NOW);
        long second = outbox.add("slack", "progress", 1L, "{\"n\":2}", NOW);
        long other = outbox.add("slack", "post", 1L, "{}", NOW);
        long elsewhere = outbox.add("slack", "progress", 2L, "{}", NOW);
        assertTrue(outbox.claim(first, "me", NOW, NOW.plus(LEASE)));
        assertEquals(1, outbox.dropWaiting("slack", 1L, "progress"), "the running one stays");
        assertEquals(List.of(elsewhere), dueIds(SLACK, NOW));
        outbox.done(first);
        assertEquals(List.of(other, elsewhere), dueIds(SLACK, NOW));
        assertFalse(dueIds(SLACK, NOW).contains(second));
    }

    @Test
    void pendingJobsSurviveReopeningTheDatabase() {
        long id = outbox.add("slack", "upload", 3L, "{\"content\":\"# Incident: 🔥\"}", NOW);
        outbox.retryLater(id, NOW.plusSeconds(4), "files.getUploadURLExternal failed: service_unavailable", true, false);
        db.close();
        db = Database.open(TestDatabases.forFolder(dir).url());
        outbox = new JooqOutboxRepository(db);
        Job job = outbox.due(SLACK, NOW.plusSeconds(4), 1).get(0);
        assertEquals(List.of("slack", "upload", "{\"content\":\"# Incident: 🔥\"}", "1"),
                List.of(job.lane(), job.kind(), job.payload(), Integer.toString(job.attempts())));
    }
}
