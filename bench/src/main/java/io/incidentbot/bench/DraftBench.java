package io.incidentbot.bench;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.postmortem.PostmortemDrafter;
import io.incidentbot.postmortem.PostmortemRenderer;
import io.incidentbot.postmortem.TtrTargets;
import io.incidentbot.outbox.Backoff;
import io.incidentbot.outbox.Outbox;
import io.incidentbot.outbox.OutboxWorker;
import io.incidentbot.outbox.SlackJob;
import io.incidentbot.flow.PostmortemPublisher;
import io.incidentbot.slack.inbound.SlackApp;
import io.incidentbot.slackapi.SlackGateway;
import io.incidentbot.slackapi.SlackLane;
import io.incidentbot.store.Database;
import io.incidentbot.store.JooqActionItemRepository;
import io.incidentbot.store.JooqIncidentRepository;
import io.incidentbot.store.JooqOutboxRepository;
import io.incidentbot.store.JooqPostmortemRepository;
import io.incidentbot.store.JooqTimelineRepository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times the postmortem draft of a huge incident: builds it in a fresh SQLite file through the bot's own
 * {@link IncidentService} and jOOQ repositories (N messages over three days with realistic lengths,
 * 10% thread replies, 5% from bots, 2% edited, 1% deleted, 1% pinned, plus lifecycle entries and action
 * items), then does what {@code PostmortemPublisher.publish} does — load the timeline, render the
 * Markdown with {@link PostmortemRenderer}, store the draft — once to warm up and five times measured.
 * Run it with {@code -Xmx256m}. Prints one {@code DRAFT ...} line.
 *
 * <p>Usage: {@code DraftBench <entries> <sqlite file>}
 */
public final class DraftBench {
    private static final String[] USERS = {"U0ALICE", "U0BOB", "U0CAROL", "U0DAVE", "U0ERIN", "U0FRANK"};
    private static final Map<String, String> NAMES = Map.of("U0ALICE", "alice", "U0BOB", "bob", "U0CAROL", "carol",
            "U0DAVE", "dave", "U0ERIN", "erin", "U0FRANK", "frank");

    /** A clock the builder moves forward. */
    static final class SettableClock extends Clock {
        volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
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
            return now;
        }
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        Files.deleteIfExists(file);
        Instant t0 = Instant.parse("2026-05-09T23:30:00Z");
        SettableClock clock = new SettableClock(t0);
        try (Database db = Database.open("jdbc:sqlite:" + file)) {
            IncidentService service = new IncidentService(new JooqIncidentRepository(db), new JooqTimelineRepository(db),
                    new JooqPostmortemRepository(db), new JooqActionItemRepository(db), db, clock);
            long b0 = System.nanoTime();
            Incident incident = build(service, db, clock, n, t0);
            long built = (System.nanoTime() - b0) / 1_000_000;
            System.out.println("built " + n + " messages in " + built + " ms");

            PostmortemRenderer renderer = new PostmortemRenderer(id -> id == null ? "" : NAMES.getOrDefault(id, id));
            int runs = 5;
            long[] load = new long[runs];
            long[] render = new long[runs];
            int chars = 0;
            int entries = 0;
            for (int i = -1; i < runs; i++) { // i == -1: the warm-up draft
                long a = System.nanoTime();
                Incident current = service.find(incident.id()).orElseThrow();
                List<TimelineEntry> timeline = service.timeline(current);
                List<PostmortemRenderer.PastIncident> earlier = service.earlierIncidents(current, 200).stream()
                        .map(past -> new PostmortemRenderer.PastIncident(past, service.actions(past))).toList();
                long b = System.nanoTime();
                String markdown = renderer.render(new PostmortemRenderer.Input(current, timeline, service.actions(current), earlier));
                long c = System.nanoTime();
                if (i >= 0) {
                    load[i] = b - a;
                    render[i] = c - b;
                }
                chars = markdown.length();
                entries = timeline.size();
            }
            long[] total = new long[runs];
            for (int i = 0; i < runs; i++) {
                total[i] = load[i] + render[i];
            }
            // Then what /incident resolve does next, once: publish (draft, store, queue the Slack posts)
            // and deliver the file to a fake Slack on loopback, all in this -Xmx256m JVM.
            String store;
            try (FakeSlackApi slack = new FakeSlackApi()) {
                SlackGateway gateway = new SlackGateway(SlackApp.slackClient(slack.apiUrl()), "xoxb-bench",
                        Duration.ofMillis(100));
                Outbox outbox = new Outbox(new JooqOutboxRepository(db), Clock.systemUTC());
                OutboxWorker worker = new OutboxWorker(outbox, List.of(new SlackLane(gateway, service)),
                        (incidentId, text) -> outbox.add(incidentId, new SlackJob.Notice(text)),
                        new OutboxWorker.Settings(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5)),
                                Duration.ofSeconds(30), true));
                PostmortemPublisher publisher = new PostmortemPublisher(service,
                        new PostmortemDrafter(service, id -> id == null ? "" : NAMES.getOrDefault(id, id),
                                TtrTargets.defaults()), outbox, db);
                long s0 = System.nanoTime();
                int version = publisher.publish(service.find(incident.id()).orElseThrow());
                long s1 = System.nanoTime();
                worker.start();
                long deadline = System.nanoTime() + 120_000_000_000L;
                while ((outbox.pending() > 0 || slack.largestUpload() == 0) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long s2 = System.nanoTime();
                worker.close(Duration.ofSeconds(2));
                store = slack.largestUpload() == 0 ? "publish stored v" + version + " but the upload did not arrive"
                        + " (outbox failed " + outbox.failed() + ")"
                        : String.format(Locale.ROOT, "publish (draft + store v%d + queue) %d ms, then Slack upload of "
                                + "%,d bytes %d ms", version, (s1 - s0) / 1_000_000, slack.largestUpload(),
                        (s2 - s1) / 1_000_000);
            } catch (OutOfMemoryError e) {
                store = "publishing it FAILED: OutOfMemoryError (" + e.getMessage() + ")";
            }
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "DRAFT %,d timeline entries -> %,d chars of Markdown; median of %d after a warm-up, "
                            + "max heap %d MB: %d ms (load %d ms + render %d ms), slowest %d ms; %s%n",
                    entries, chars, runs, rt.maxMemory() / (1024 * 1024), median(total), median(load), median(render),
                    Arrays.stream(total).max().orElse(0) / 1_000_000, store);
        }
    }

    private static long median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1_000_000;
    }

    static Incident build(IncidentService service, Database db, SettableClock clock, int n, Instant t0) {
        SplittableRandom rnd = new SplittableRandom(42);
        Incident incident = service.open(new IncidentService.OpenRequest(Payloads.TEAM, "U0ALICE",
                "Orders API returns 502", "checkout is down for ~35% of users", Severity.P1));
        service.bindChannel(incident, Payloads.CHANNEL, "inc-2026-05-09-orders-api-returns-502");
        incident = service.find(incident.id()).orElseThrow();
        long span = 72L * 3600 * 1_000_000; // three days, in microseconds
        List<String> recentTopLevel = new ArrayList<>();
        List<String> all = new ArrayList<>(n);
        int batch = 5_000;
        for (int from = 0; from < n; from += batch) {
            int start = from;
            Incident inc = incident;
            db.atomically(() -> {
                for (int i = start; i < Math.min(n, start + batch); i++) {
                    long micros = t0.getEpochSecond() * 1_000_000L + 60_000_000L + span * i / n + rnd.nextInt(1000);
                    String ts = String.format("%d.%06d", micros / 1_000_000L, micros % 1_000_000L);
                    String threadTs = null;
                    if (rnd.nextInt(100) < 10 && !recentTopLevel.isEmpty()) {
                        threadTs = recentTopLevel.get(rnd.nextInt(recentTopLevel.size()));
                    } else {
                        recentTopLevel.add(ts);
                        if (recentTopLevel.size() > 50) {
                            recentTopLevel.remove(0);
                        }
                    }
                    boolean bot = rnd.nextInt(100) < 5;
                    String text = bot ? alert(rnd) : Payloads.text(rnd);
                    List<String> files = rnd.nextInt(200) == 0 ? List.of("grafana-" + i + ".png") : List.of();
                    service.recordMessage(new IncomingMessage(Payloads.TEAM, Payloads.CHANNEL, ts, threadTs,
                            bot ? null : USERS[rnd.nextInt(USERS.length)], bot ? "Alertmanager" : null, text, files));
                    all.add(ts);
                    if (i % 10_000 == 5_000) { // a status change now and then
                        clock.now = Instant.ofEpochSecond(micros / 1_000_000L);
                        Incident current = service.find(inc.id()).orElseThrow();
                        service.addNote(current, "U0ALICE", clock.now, "checked the dashboards, error rate " + (i % 97) + "%");
                    }
                }
                return null;
            });
        }
        // 2% edited, 1% deleted, 1% pinned (by ts of existing messages)
        db.atomically(() -> {
            for (int i = 0; i < n; i++) {
                String ts = all.get(i);
                int p = rnd.nextInt(100);
                if (p < 2) {
                    service.recordEdit("EvE" + i, new IncomingMessage(Payloads.TEAM, Payloads.CHANNEL, ts, null,
                            USERS[i % USERS.length], null, Payloads.text(rnd) + " (corrected)", List.of()),
                            io.incidentbot.incident.SlackTs.toInstant(ts).plusSeconds(30));
                } else if (p < 3) {
                    service.recordDelete("EvD" + i, Payloads.TEAM, Payloads.CHANNEL, ts);
                } else if (p < 4) {
                    service.pin("EvP" + i, Payloads.TEAM, null, Payloads.CHANNEL, ts, USERS[i % USERS.length]);
                }
            }
            return null;
        });
        Instant end = t0.plusSeconds(72L * 3600 + 120);
        clock.now = end.minusSeconds(3600);
        Incident current = service.find(incident.id()).orElseThrow();
        current = service.changeStatus(current, "U0ALICE", Status.MONITORING);
        for (int a = 0; a < 6; a++) {
            service.addAction(current, "U0BOB", "Add an alert on connection pool saturation for service " + a,
                    USERS[a % USERS.length], LocalDate.of(2026, 6, 1 + a));
        }
        clock.now = end;
        return service.resolve(service.find(incident.id()).orElseThrow(), "U0ALICE",
                "the pool limit of 10 connections was reached under peak load");
    }

    private static String alert(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder("[FIRING:1] HighErrorRate orders-api (severity=page)\n```\n");
        int lines = 3 + rnd.nextInt(20);
        for (int i = 0; i < lines; i++) {
            sb.append("2026-05-10T0").append(rnd.nextInt(10)).append(":1").append(rnd.nextInt(10))
                    .append(":22Z ERROR upstream connect error or disconnect/reset before headers. reset reason: ")
                    .append("connection termination pod=orders-api-7d9f").append(rnd.nextInt(1000)).append('\n');
        }
        return sb.append("```").toString();
    }
}
