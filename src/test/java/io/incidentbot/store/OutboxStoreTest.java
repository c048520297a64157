package io.incidentbot.store;

import io.incidentbot.incident.OutboxRepository.Job;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox table: due jobs in order per incident, one claimer per job, retries, failures, across reopening. */
class OutboxStoreTest {
    private static final Instant NOW = Instant.parse("2026-05-09T23:30:00Z");

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

    private List<Long> dueIds(Instant at) {
        return outbox.due(at, 10).stream().map(Job::id).toList();
    }

    @Test
    void anIncidentsJobsRunInOrderOthersDoNotWait() {
        long a1 = outbox.add("post", 1L, "{\"n\":1}", NOW);
        long a2 = outbox.add("upload", 1L, "{\"n\":2}", NOW);
        long b1 = outbox.add("post", 2L, "{}", NOW);
        long free = outbox.add("respond", null, "{}", NOW);
        assertEquals(List.of(a1, b1, free), dueIds(NOW));
        assertEquals(4, outbox.pending());

        outbox.retryLater(a1, NOW.plusSeconds(2), "chat.postMessage: Slack did not answer");
        assertEquals(List.of(b1, free), dueIds(NOW), "a2 waits behind a1");
        assertEquals(Optional.of(NOW), outbox.nextDue());
        assertEquals(List.of(a1, b1, free), dueIds(NOW.plusSeconds(2)));

        outbox.done(a1);
        assertEquals(List.of(a2, b1, free), dueIds(NOW.plusSeconds(2)));
        outbox.failed(a2, NOW, "chat.postMessage failed: is_archived");
        assertEquals(List.of(b1, free), dueIds(NOW.plusSeconds(2)));
        assertEquals(2, outbox.pending());
        assertEquals(1, outbox.failedCount());
    }

    @Test
    void oneClaimerPerJobAndReleasedJobsAreDueAgain() {
        long id = outbox.add("post", 7L, "{}", NOW);
        Job job = outbox.due(NOW, 1).get(0);
        assertEquals(id, outbox.due(NOW, 1).get(0).id(), "a second worker may read it too");
        Instant lease = NOW.plus(Duration.ofMinutes(5));
        assertTrue(outbox.claim(id, job.dueAt(), lease));
        assertFalse(outbox.claim(id, job.dueAt(), lease), "the second worker must not run it too");
        assertEquals(List.of(), dueIds(NOW.plusSeconds(60)), "taken while its lease lasts");
        assertEquals(List.of(id), dueIds(lease), "a worker that died leaves it to be retried");

        outbox.release(id, NOW);
        Job again = outbox.due(NOW, 1).get(0);
        assertEquals(0, again.attempts());
        assertTrue(outbox.claim(id, again.dueAt(), lease));
    }

    @Test
    void pendingJobsSurviveReopeningTheDatabase() {
        long id = outbox.add("upload", 3L, "{\"content\":\"# Incident: 🔥\"}", NOW);
        outbox.retryLater(id, NOW.plusSeconds(4), "files.getUploadURLExternal failed: service_unavailable");
        db.close();
        db = Database.open(TestDatabases.forFolder(dir).url());
        outbox = new JooqOutboxRepository(db);
        Job job = outbox.due(NOW.plusSeconds(4), 1).get(0);
        assertEquals(List.of("upload", "{\"content\":\"# Incident: 🔥\"}", "1"),
                List.of(job.kind(), job.payload(), Integer.toString(job.attempts())));
    }
}
