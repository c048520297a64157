package io.incidentbot.e2e;

import io.incidentbot.testing.MutableClock;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.incidentbot.cli.App;
import io.incidentbot.slackapi.Pacer;
import io.incidentbot.config.Config;
import io.incidentbot.config.IntegrationsConfig;
import io.incidentbot.config.LearningConfig;
import io.incidentbot.postmortem.TtrTargets;
import io.incidentbot.testing.TestDatabases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real app on a random port with its own database, talking to a {@link FakeSlack};
 * {@link #slack} sends it correctly signed requests the way Slack does. The database is an SQLite
 * file in the test's folder, or, in the PostgreSQL run of the suite, a PostgreSQL schema of its own
 * (see {@link TestDatabases}).
 */
final class RunningBot implements AutoCloseable {
    static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String ANNOUNCE_CHANNEL = "C0ANNOUNCE";
    private static final AtomicInteger EVENT_IDS = new AtomicInteger();

    /** Set by {@link #startingWith}: scripts the fake Slack before the app starts talking to it. */
    private static final ThreadLocal<java.util.function.Consumer<FakeSlack>> BEFORE_START = new ThreadLocal<>();

    final FakeSlack fake = prepared(new FakeSlack());

    private static FakeSlack prepared(FakeSlack fake) {
        java.util.function.Consumer<FakeSlack> setup = BEFORE_START.get();
        if (setup != null) {
            setup.accept(fake);
        }
        return fake;
    }

    /** As {@link #startingWith(Path, java.util.function.Consumer)}, with the web pages on ({@code webAccessToken}). */
    static RunningBot startingWith(Path dir, String webAccessToken, java.util.function.Consumer<FakeSlack> beforeStart)
            throws Exception {
        BEFORE_START.set(beforeStart);
        try {
            return new RunningBot(dir, ANNOUNCE_CHANNEL, webAccessToken);
        } finally {
            BEFORE_START.remove();
        }
    }

    /** A bot whose fake Slack is scripted before start-up (for work the app resumes as it starts). */
    static RunningBot startingWith(Path dir, java.util.function.Consumer<FakeSlack> beforeStart) throws Exception {
        BEFORE_START.set(beforeStart);
        try {
            return new RunningBot(dir);
        } finally {
            BEFORE_START.remove();
        }
    }
    final TestDatabases.TestDb db;
    final App app;
    /** How long App.start took (it must not wait for Slack). */
    final long startMillis;
    /** How many auth.test calls Slack had seen when App.start returned. */
    final int authTestsWhenStarted;
    final SlackRequests slack;
    private final HttpClient http = HttpClient.newHttpClient();

    RunningBot(Path dir) throws Exception {
        this(dir, ANNOUNCE_CHANNEL);
    }

    RunningBot(Path dir, String announceChannel) throws Exception {
        this(dir, announceChannel, Clock.systemUTC(), null);
    }

    /** With the web pages on: {@code webAccessToken} is the app's WEB_ACCESS_TOKEN (null: pages off). */
    RunningBot(Path dir, String announceChannel, String webAccessToken) throws Exception {
        this(dir, announceChannel, Clock.systemUTC(), webAccessToken);
    }

    /** With a clock of the test's own (e.g. {@link MutableClock}) for everything but request signatures. */
    RunningBot(Path dir, String announceChannel, Clock clock) throws Exception {
        this(dir, announceChannel, clock, null);
    }

    RunningBot(Path dir, String announceChannel, Clock clock, String webAccessToken) throws Exception {
        this(TestDatabases.forFolder(dir), announceChannel, clock, webAccessToken, LearningConfig.defaults(), true);
    }

    /** With the learning loop's settings (share channel, archive delay, tags, review delay). */
    static RunningBot withLearning(Path dir, String announceChannel, Clock clock, LearningConfig learning)
            throws Exception {
        return new RunningBot(dir, announceChannel, clock, null, learning);
    }

    RunningBot(Path dir, String announceChannel, Clock clock, String webAccessToken, LearningConfig learning)
            throws Exception {
        this(TestDatabases.forFolder(dir), announceChannel, clock, webAccessToken, learning, true);
    }

    /** With Sign in with Slack ({@code signIn}) and, when not null, the admin WEB_ACCESS_TOKEN. */
    static RunningBot withSignIn(Path dir, String webAccessToken, io.incidentbot.config.SignInConfig signIn) throws Exception {
        return new RunningBot(TestDatabases.forFolder(dir), ANNOUNCE_CHANNEL, Clock.systemUTC(), webAccessToken,
                LearningConfig.defaults(), true, signIn);
    }

    /** With METRICS_ENABLED=false. */
    static RunningBot withoutMetrics(Path dir) throws Exception {
        return new RunningBot(TestDatabases.forFolder(dir), ANNOUNCE_CHANNEL, Clock.systemUTC(), null,
                LearningConfig.defaults(), false);
    }

    /** On a given database, e.g. one that another running bot uses too. */
    RunningBot(TestDatabases.TestDb db) throws Exception {
        this(db, Clock.systemUTC());
    }

    /** On a given database, with a clock of the test's own. */
    RunningBot(TestDatabases.TestDb db, Clock clock) throws Exception {
        this(db, ANNOUNCE_CHANNEL, clock, null, LearningConfig.defaults(), true);
    }

    /**
     * Over Socket Mode: SLACK_APP_TOKEN set and no signing secret; the fake's apps.connections.open
     * hands out {@code server}'s URL. {@link #slack} still posts signed requests to POST /slack/events.
     */
    static RunningBot socketMode(Path dir, FakeSocketModeServer server) throws Exception {
        return socketMode(dir, server, fake -> { });
    }

    /** Over Socket Mode, with the fake Slack scripted before start-up. */
    static RunningBot socketMode(Path dir, FakeSocketModeServer server,
                                 java.util.function.Consumer<FakeSlack> beforeStart) throws Exception {
        BEFORE_START.set(fake -> {
            fake.useSocketMode(server.url());
            beforeStart.accept(fake);
        });
        try {
            return new RunningBot(TestDatabases.forFolder(dir), ANNOUNCE_CHANNEL, Clock.systemUTC(), null,
                    LearningConfig.defaults(), true, null, APP_TOKEN);
        } finally {
            BEFORE_START.remove();
        }
    }

    static final String APP_TOKEN = "xapp-1-A0APP-1234-abcdef";

    private RunningBot(TestDatabases.TestDb db, String announceChannel, Clock clock, String webAccessToken,
                       LearningConfig learning, boolean metrics) throws Exception {
        this(db, announceChannel, clock, webAccessToken, learning, metrics, null);
    }

    private RunningBot(TestDatabases.TestDb db, String announceChannel, Clock clock, String webAccessToken,
                       LearningConfig learning, boolean metrics, io.incidentbot.config.SignInConfig signIn) throws Exception {
        this(db, announceChannel, clock, webAccessToken, learning, metrics, signIn, null);
    }

    private RunningBot(TestDatabases.TestDb db, String announceChannel, Clock clock, String webAccessToken,
                       LearningConfig learning, boolean metrics, io.incidentbot.config.SignInConfig signIn, String appToken)
            throws Exception {
        this(db, announceChannel, clock, webAccessToken, learning, metrics, signIn, appToken, IntegrationsConfig.off());
    }

    /**
     * With integrations configured from {@code settings} (ALERT_INTAKE_TOKEN, PAGERDUTY_ROUTING_KEY,
     * WEBHOOK_URLS…, read as the bot reads its environment), on {@code db} (e.g. a restarted bot's).
     */
    static RunningBot withIntegrations(TestDatabases.TestDb db, Clock clock, Map<String, String> settings)
            throws Exception {
        return new RunningBot(db, ANNOUNCE_CHANNEL, clock, null, LearningConfig.defaults(), true, null, null,
                IntegrationsConfig.fromSettings(settings));
    }

    private RunningBot(TestDatabases.TestDb db, String announceChannel, Clock clock, String webAccessToken,
                       LearningConfig learning, boolean metrics, io.incidentbot.config.SignInConfig signIn, String appToken,
                       IntegrationsConfig integrations) throws Exception {
        this(db, announceChannel, clock, webAccessToken, learning, metrics, signIn, appToken, integrations,
                Config.DEFAULT_BACKFILL_HISTORY_PER_MINUTE);
    }

    /** With BACKFILL_HISTORY_PER_MINUTE at {@code backfillPerMinute}, on {@code clock}. */
    static RunningBot withBackfillPace(Path dir, Clock clock, int backfillPerMinute) throws Exception {
        return new RunningBot(TestDatabases.forFolder(dir), ANNOUNCE_CHANNEL, clock, null, LearningConfig.defaults(), true,
                null, null, IntegrationsConfig.off(), backfillPerMinute);
    }

    private RunningBot(TestDatabases.TestDb db, String announceChannel, Clock clock, String webAccessToken,
                       LearningConfig learning, boolean metrics, io.incidentbot.config.SignInConfig signIn, String appToken,
                       IntegrationsConfig integrations, int backfillPerMinute) throws Exception {
        this.db = db;
        Config config = new Config("xoxb-test-token", appToken == null ? SIGNING_SECRET : null, 0, fake.apiUrl(),
                db.url(), announceChannel, "pushpin", webAccessToken, TtrTargets.defaults(), learning, metrics,
                signIn, appToken, integrations, backfillPerMinute);
        long began = System.nanoTime();
        // Slack's tiers, a minute in a second: the pacing runs, without making tests wait minutes
        app = App.start(config, clock, Pacer.slackTiersTimes(60));
        startMillis = (System.nanoTime() - began) / 1_000_000;
        authTestsWhenStarted = fake.calls("auth.test").size();
        slack = new SlackRequests("http://127.0.0.1:" + app.port(), SIGNING_SECRET);
        awaitSlackAnswered();
    }

    /**
     * Start-up no longer waits for auth.test (HTTP mode): the tests wait, up to 10 s, until the bot has
     * Slack's first answer (ok, unreachable or token_refused), so their first request finds it known.
     */
    private void awaitSlackAnswered() {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!get("/health").body().contains("\"slack\":\"connecting\"")) {
                    return;
                }
            } catch (Exception e) {
                return;
            }
            sleep(10);
        }
    }

    /** Sends {@code /incident <text>} as {@code user} in {@code channel}; returns the ack. */
    HttpResponse<String> command(String channel, String user, String text) {
        return slack.slashCommand(FakeSlack.TEAM_ID, channel, user, text, fake.responseUrl());
    }

    /** The ephemeral text of a slash command's ack. */
    static String ackText(HttpResponse<String> ack) {
        assertEquals(200, ack.statusCode(), () -> "ack was " + ack.statusCode() + ": " + ack.body());
        JsonObject body = JsonParser.parseString(ack.body()).getAsJsonObject();
        return body.get("text").getAsString();
    }

    HttpResponse<String> event(JsonObject event) {
        return slack.event(event, nextEventId());
    }

    static String nextEventId() {
        return "Ev" + System.nanoTime() + "x" + EVENT_IDS.incrementAndGet();
    }

    /** Opens an incident and waits until its channel exists; returns the channel id. */
    String openIncident(String user, String text) {
        int before = fake.calls("conversations.create").size();
        int responses = fake.responses().size();
        String reply = ackText(command("C0GENERAL", user, "open " + text));
        if (!reply.contains("Declaring")) {
            throw new AssertionError("open was not accepted: " + reply);
        }
        List<FakeSlack.Call> creates = fake.awaitCalls("conversations.create", before + 1, Duration.ofSeconds(10));
        // the channel is bound once the intro has been posted to it
        String channel = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (channel == null && System.nanoTime() < deadline) {
            channel = query("SELECT channel_id FROM incident WHERE id = (SELECT max(id) FROM incident)").get(0);
            if (channel.equals("null")) {
                channel = null;
                sleep(20);
            }
        }
        if (channel == null) {
            throw new AssertionError("channel never bound; create calls: " + creates);
        }
        fake.awaitResponses(responses + 1, Duration.ofSeconds(10));
        return channel;
    }

    /** A Block Kit parameter as Slack would read it (Gson escapes &lt; &gt; &amp; as \\u003c …). */
    static String blocks(FakeSlack.Call call) {
        return call.param("blocks").replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
                .replace("\\u003d", "=").replace("\\u0027", "'");
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET with headers given as name, value, name, value… (redirects are not followed). */
    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (headers.length > 0) {
            rb.headers(headers);
        }
        return http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** Reads the bot's database directly (a separate connection, as an operator would). */
    List<String> query(String sql) {
        return db.query(sql);
    }

    int count(String table) {
        return db.count(table);
    }

    /**
     * Sends {@code count} messages to {@code channel} as Slack does in a burst (16 deliveries at once),
     * a millisecond apart from now on, with {@code text} for each index; returns once every one was acked 200.
     */
    void burstOfMessages(String channel, String user, int count, java.util.function.IntFunction<String> text)
            throws Exception {
        long baseMicros = java.time.Instant.now().toEpochMilli() * 1000;
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Integer>> acks = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                long micros = baseMicros + i * 1_000L;
                String ts = String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
                String body = text.apply(i);
                acks.add(senders.submit(() -> event(SlackRequests.message(channel, user, ts, body)).statusCode()));
            }
            for (java.util.concurrent.Future<Integer> ack : acks) {
                if (ack.get() != 200) {
                    throw new AssertionError("a message of the burst was answered " + ack.get());
                }
            }
        } finally {
            senders.shutdown();
        }
    }

    /** One reminders pass, then waits until what it queued in the outbox has reached the fake Slack. */
    void remind() {
        app.reminders().checkNow();
        awaitOutboxDone();
    }

    void awaitOutboxDone() {
        if (!outboxDoneWithin(Duration.ofSeconds(20))) {
            throw new AssertionError("the outbox still has " + app.outboxPending() + " jobs after 20 s");
        }
    }

    /** Waits until the outbox has no job left to do (background writes have settled); false if it still has after {@code max}. */
    boolean outboxDoneWithin(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (app.outboxPending() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(10);
        }
        return true;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        app.close();
        fake.close();
    }
}
