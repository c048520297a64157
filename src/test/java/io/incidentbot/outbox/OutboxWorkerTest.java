package io.incidentbot.outbox;

import io.incidentbot.incident.OutboxRepository;
import io.incidentbot.store.Database;
import io.incidentbot.store.JooqOutboxRepository;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox worker with lanes of its own on a real database: order per incident and lane, lanes
 * and families independent, rate limits waited out in full, refusals and crashes given up and told
 * once, operator errors told at once while retrying, jobs left by a crash taken back at start.
 */
class OutboxWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A test family: each step is named; its lane is {@code test} or {@code test:<key>}. */
    sealed interface TestJob extends OutboxJob permits Step {
    }

    record Step(String name, String key) implements TestJob {
        @Override
        public String lane() {
            return key == null ? "test" : "test:" + key;
        }
    }

    /** A second family whose calls hang until released. */
    sealed interface SlowJob extends OutboxJob permits Hang {
    }

    record Hang(String name) implements SlowJob {
        @Override
        public String lane() {
            return "slow";
        }
    }

    /** The real clock plus an offset the test can move forward. */
    static final class JumpingClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void jump(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /** Runs steps; a step fails with what the test queued for its name, in order. */
    final class TestLane implements LaneHandler<TestJob> {
        final List<String> done = new CopyOnWriteArrayList<>();
        final Map<String, Deque<Throwable>> failures = new ConcurrentHashMap<>();

        void failNext(String name, Throwable... ts) {
            failures.computeIfAbsent(name, n -> new ArrayDeque<>()).addAll(List.of(ts));
        }

        @Override
        public String family() {
            return "test";
        }

        @Override
        public Class<TestJob> jobType() {
            return TestJob.class;
        }

        @Override
        public void run(Delivery<TestJob> delivery) throws Exception {
            Step step = (Step) delivery.job();
            Deque<Throwable> queued = failures.get(step.name());
            Throwable next = queued == null ? null : queued.pollFirst();
            if (next instanceof Exception e) {
                throw e;
            }
            if (next instanceof Error e) {
                throw e;
            }
            done.add(step.name());
        }

        @Override
        public Verdict judge(Exception failure) {
            String m = failure.getMessage();
            if (m.startsWith("wait ")) {
                return new Verdict.WaitFor(Duration.ofSeconds(Long.parseLong(m.substring(5))), "asked to wait");
            }
            if (m.equals("down")) {
                return new Verdict.Retry("the vendor is down");
            }
            if (m.equals("token")) {
                return new Verdict.NeedsOperator("the vendor said `invalid_auth`", "set a new token");
            }
            if (m.equals("no")) {
                return new Verdict.Refused("the vendor said `no`");
            }
            return null;
        }

        @Override
        public String describe(TestJob job, String incident) {
            return "Doing " + ((Step) job).name() + " for " + incident;
        }

        @Override
        public String remedy(TestJob job) {
            return "`/incident again` tries again";
        }
    }

    final class SlowLane implements LaneHandler<SlowJob> {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public String family() {
            return "slow";
        }

        @Override
        public Class<SlowJob> jobType() {
            return SlowJob.class;
        }

        @Override
        public void run(Delivery<SlowJob> delivery) throws InterruptedException {
            started.countDown();
            release.await(30, TimeUnit.SECONDS);
        }

        @Override
        public Verdict judge(Exception failure) {
            return new Verdict.Retry(failure.toString());
        }

        @Override
        public String describe(SlowJob job, String incident) {
            return null;
        }
    }

    @TempDir
    Path dir;
    Database db;
    OutboxRepository repo;
    final JumpingClock clock = new JumpingClock();
    Outbox outbox;
    final TestLane lane = new TestLane();
    final SlowLane slow = new SlowLane();
    final List<String> notices = new CopyOnWriteArrayList<>();
    OutboxWorker worker;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.forFolder(dir).url());
        repo = new JooqOutboxRepository(db);
        outbox = new Outbox(repo, clock);
    }

    private void startWorker() {
        worker = new OutboxWorker(outbox, List.of(lane, slow), (incident, text) -> notices.add(incident + ": " + text),
                new OutboxWorker.Settings(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                        Duration.ofSeconds(1), !TestDatabases.onPostgres()));
        worker.start();
    }

    @AfterEach
    void close() {
        slow.release.countDown();
        if (worker != null) {
            worker.close(Duration.ofSeconds(1));
        }
        db.close();
    }

    @Test
    void anIncidentsJobsRunInOrderPerLaneAndAnOutageInOneLaneDelaysNoOther() throws Exception {
        lane.failNext("a1", new RuntimeException("down"), new RuntimeException("down"), new RuntimeException("down"));
        outbox.add(1L, new Step("a1", "a"));
        outbox.add(1L, new Step("a2", "a"));
        outbox.add(1L, new Step("b1", "b"));
        outbox.add(2L, new Step("c1", "a"));
        outbox.add(1L, new Hang("stuck"));
        outbox.add(1L, new Step("b2", "b"));
        startWorker();
        assertTrue(slow.started.await(10, TimeUnit.SECONDS));

        awaitTrue(() -> lane.done.containsAll(List.of("a1", "a2", "b1", "b2", "c1")));
        List<String> order = new ArrayList<>(lane.done);
        assertTrue(order.indexOf("a1") < order.indexOf("a2"), order.toString());
        assertTrue(order.indexOf("b1") < order.indexOf("b2"), order.toString());
        assertTrue(order.indexOf("b2") < order.indexOf("a1"), "lane b did not wait for lane a's retries: " + order);
        assertTrue(order.indexOf("c1") < order.indexOf("a1"), "incident 2 did not wait for incident 1: " + order);
        awaitTrue(() -> repo.pending() == 1); // only the hanging job of the other family is left
        assertEquals(List.of(), notices, "retried trouble is not told");
        slow.release.countDown();
        awaitTrue(() -> repo.pending() == 0);
    }

    @Test
    void aRateLimitIsWaitedOutInFullWithoutCountingAnAttempt() throws Exception {
        lane.failNext("post", new RuntimeException("wait 60"));
        startWorker();
        outbox.add(1L, new Step("post", null));
        awaitTrue(() -> row().map(job -> job.dueAt().isAfter(job.createdAt().plusSeconds(50))).orElse(false));
        OutboxRepository.Job waiting = row().orElseThrow();
        assertEquals(0, waiting.attempts());
        long waits = Duration.between(waiting.createdAt(), waiting.dueAt()).toSeconds();
        assertTrue(waits >= 60 && waits <= 75, "waits " + waits + " s after it was queued");
        Thread.sleep(1_500);
        assertEquals(List.of(), lane.done, "not before Slack's 60 s");

        clock.jump(Duration.ofSeconds(61));
        awaitTrue(() -> lane.done.equals(List.of("post")));
        assertEquals(List.of(), notices);
    }

    @Test
    void aRefusalIsGivenUpAtOnceToldOnceAndHoldsUpNothing() throws Exception {
        lane.failNext("share", new RuntimeException("no"));
        outbox.add(7L, new Step("share", null));
        outbox.add(7L, new Step("after", null));
        startWorker();
        awaitTrue(() -> lane.done.contains("after"));
        awaitTrue(() -> notices.size() == 1);
        assertEquals(List.of("7: :warning: Doing share for INC-7 failed: the vendor said `no` — `/incident again` "
                + "tries again."), notices);
        // the worker removes a done job just after its handler returns
        awaitTrue(() -> repo.lanes().equals(List.of(new OutboxRepository.LaneCount("test", 0, 1))));
        assertEquals("the vendor said `no`", repo.recentFailures(1).get(0).error());
    }

    @Test
    void anErrorIsTriedThreeTimesThenGivenUpAndToldOnceWhileTheWorkerGoesOn() throws Exception {
        lane.failNext("draft", new OutOfMemoryError("Java heap space"), new OutOfMemoryError("Java heap space"),
                new OutOfMemoryError("Java heap space"));
        lane.failNext("bug", new IllegalStateException("a bug"));
        outbox.add(3L, new Step("draft", null));
        outbox.add(4L, new Step("bug", null));
        startWorker();
        awaitTrue(() -> repo.failedCount() == 1 && lane.done.contains("bug"));
        awaitTrue(() -> notices.size() == 1);
        assertEquals(List.of("3: :warning: Doing draft for INC-3 failed: java.lang.OutOfMemoryError: Java heap space — "
                + "`/incident again` tries again."), notices);
        assertEquals(List.of("bug"), lane.done, "one unexpected failure is tried again, and then it worked");

        outbox.add(3L, new Step("next", null));
        awaitTrue(() -> lane.done.contains("next"));
        assertEquals(1, notices.size());
    }

    @Test
    void whatOnlyAnOperatorCanFixIsToldAtItsFirstOccurrenceAndRetriedUntilFixed() throws Exception {
        lane.failNext("upload", new RuntimeException("token"), new RuntimeException("token"),
                new RuntimeException("token"), new RuntimeException("token"));
        outbox.add(9L, new Step("upload", null));
        startWorker();
        awaitTrue(() -> lane.done.contains("upload"));
        assertEquals(List.of("9: :warning: Doing upload for INC-9 is held up: the vendor said `invalid_auth`. To fix: "
                + "set a new token. It is tried again until then."), notices);
        awaitTrue(() -> repo.pending() == 0);
    }

    /** SQLite: the only process takes back its own jobs at start, however long their lease. */
    @Test
    void jobsLeftTakenByACrashAreTakenBackAtStart() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(TestDatabases.onPostgres(), "SQLite has one process");
        long id = outbox.add(5L, new Step("upload", null));
        Instant now = clock.instant();
        assertTrue(repo.claim(id, "the-process-before-the-crash", now, now.plus(Duration.ofMinutes(5))));
        long started = System.nanoTime();
        startWorker();
        awaitTrue(() -> lane.done.contains("upload"));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(), "taken back at start");
    }

    /** PostgreSQL: replicas share the database; a crashed one's job is taken when its lease lapses, not before. */
    @Test
    void aCrashedReplicasJobIsTakenWhenItsLeaseLapses() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabases.onPostgres(), "replicas run on PostgreSQL");
        long id = outbox.add(5L, new Step("upload", null));
        Instant now = clock.instant();
        assertTrue(repo.claim(id, "a-replica-that-crashed", now, now.plusSeconds(3)));
        long started = System.nanoTime();
        startWorker();
        awaitTrue(() -> lane.done.contains("upload"));
        long took = System.nanoTime() - started;
        assertTrue(took >= Duration.ofMillis(2_500).toNanos(), "taken while the other replica still held it");
        assertTrue(took < Duration.ofSeconds(8).toNanos(), "took " + took / 1_000_000 + " ms");
    }

    /** The test lane's one job, as stored. */
    private java.util.Optional<OutboxRepository.Job> row() {
        return repo.due(List.of("test"), clock.instant().plus(Duration.ofDays(1)), 1).stream().findFirst();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }
}
