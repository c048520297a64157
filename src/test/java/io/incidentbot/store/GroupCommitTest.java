package io.incidentbot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentRepository.NewIncident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: concurrent writers share commits, and each still returns only after its own work is stored. */
class GroupCommitTest {
    private static final Instant NOW = Instant.parse("2026-05-09T14:23:00Z");

    @TempDir
    Path dir;

    /** Records the batches it is given; can hold the first one until released, so that others queue up. */
    private static final class RecordingExecutor implements GroupCommit.Executor {
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger alone = new AtomicInteger();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean failEveryCommit;

        @Override
        public void runTogether(List<Runnable> items) {
            batchSizes.add(items.size());
            items.forEach(Runnable::run);
            if (failEveryCommit) {
                throw new IllegalStateException("disk I/O error");
            }
        }

        @Override
        public void runAlone(Runnable item) {
            firstStarted.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            alone.incrementAndGet();
            item.run();
            if (failEveryCommit) {
                throw new IllegalStateException("disk I/O error");
            }
        }
    }

    @Test
    void concurrentMessagesAreAllStoredOnce() throws Exception {
        TestDatabases.TestDb testDb = TestDatabases.forFolder(dir);
        try (Database db = Database.open(testDb.url())) {
            JooqIncidentRepository incidents = new JooqIncidentRepository(db);
            IncidentService service = new IncidentService(incidents, new JooqTimelineRepository(db),
                    new JooqPostmortemRepository(db), new JooqActionItemRepository(db), db, Clock.fixed(NOW, ZoneOffset.UTC));
            Incident incident = incidents.create(new NewIncident("T1", "Orders API returns 502", null, Severity.P2, "U1", NOW));
            incidents.bindChannel(incident.id(), "C1", "inc-orders");

            int threads = 32;
            int perThread = 200;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> stored = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                stored.add(pool.submit(() -> {
                    int mine = 0;
                    for (int i = 0; i < perThread; i++) {
                        String ts = String.format("1778336580.%03d%03d", thread, i);
                        // every message twice: the redelivery must change nothing
                        for (int delivery = 0; delivery < 2; delivery++) {
                            if (service.recordMessage(new IncomingMessage("T1", "C1", ts, null, "U" + thread,
                                    null, "message " + i + " from " + thread, List.of()))) {
                                mine++;
                            }
                        }
                    }
                    return mine;
                }));
            }
            int acknowledged = 0;
            for (Future<Integer> f : stored) {
                acknowledged += f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertEquals(threads * perThread, acknowledged, "each message is new exactly once");
            List<TimelineEntry> entries = service.timeline(incident).stream()
                    .filter(e -> e.kind() != TimelineEntry.Kind.LIFECYCLE).toList();
            assertEquals(threads * perThread, entries.size());
        }
    }

    @Test
    void waitingWorkIsRunInOneBatch() throws Exception {
        RecordingExecutor executor = new RecordingExecutor();
        try (GroupCommit group = new GroupCommit(executor, Duration.ofSeconds(5))) {
            ExecutorService pool = Executors.newFixedThreadPool(11);
            Future<Integer> first = pool.submit(() -> group.submit(() -> 0));
            assertTrue(executor.firstStarted.await(5, TimeUnit.SECONDS));
            List<Future<Integer>> rest = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                int n = i;
                rest.add(pool.submit(() -> group.submit(() -> n)));
            }
            awaitQueued(group, 10);
            executor.release.countDown();

            assertEquals(0, first.get(5, TimeUnit.SECONDS));
            for (int i = 0; i < rest.size(); i++) {
                assertEquals(i + 1, rest.get(i).get(5, TimeUnit.SECONDS), "each caller gets its own result");
            }
            assertEquals(List.of(10), executor.batchSizes, "the ten waiting writes shared one transaction");
            pool.shutdown();
        }
    }

    @Test
    void aFailingItemDoesNotUndoTheOthersOfItsBatch() throws Exception {
        RecordingExecutor executor = new RecordingExecutor();
        List<String> committed = Collections.synchronizedList(new ArrayList<>());
        try (GroupCommit group = new GroupCommit(executor, Duration.ofSeconds(5))) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            Future<String> first = pool.submit(() -> group.submit(() -> "first"));
            assertTrue(executor.firstStarted.await(5, TimeUnit.SECONDS));
            List<Future<String>> rest = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                String name = "item" + i;
                rest.add(pool.submit(() -> group.submit(() -> {
                    if (name.equals("item3")) {
                        throw new IllegalArgumentException("item3 is malformed");
                    }
                    committed.add(name);
                    return name;
                })));
            }
            awaitQueued(group, 5);
            executor.release.countDown();

            assertEquals("first", first.get(5, TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) {
                Future<String> f = rest.get(i);
                if (i == 2) {
                    var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
                    assertEquals("item3 is malformed", e.getCause().getMessage());
                } else {
                    assertEquals("item" + (i + 1), f.get(5, TimeUnit.SECONDS));
                }
            }
            assertEquals(List.of(5), executor.batchSizes, "tried together first");
            assertEquals(1 + 5, executor.alone.get(), "then, after the failure, each alone");
            pool.shutdown();
        }
    }

    @Test
    void aFailedCommitFailsEveryWaiter() throws Exception {
        RecordingExecutor executor = new RecordingExecutor();
        executor.failEveryCommit = true;
        executor.release.countDown();
        try (GroupCommit group = new GroupCommit(executor, Duration.ofSeconds(5))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                all.add(pool.submit(() -> group.submit(() -> n)));
            }
            for (Future<Integer> f : all) {
                var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
                assertEquals("disk I/O error", e.getCause().getMessage());
            }
            pool.shutdown();
        }
    }

    @Test
    void aClosedWriterRefusesAtOnce() {
        RecordingExecutor executor = new RecordingExecutor();
        executor.release.countDown();
        GroupCommit group = new GroupCommit(executor, Duration.ofSeconds(1));
        group.close();
        var e = assertThrows(IllegalStateException.class, () -> group.submit(() -> 1));
        assertTrue(e.getMessage().contains("closing"), e.getMessage());
    }

    private static void awaitQueued(GroupCommit group, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (group.queued() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, group.queued(), "writes waiting for the writer");
    }
}
