package io.incidentbot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.incidentbot.e2e.RunningBot.ackText;
import static io.incidentbot.e2e.SlackRequests.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics} of the running app, after real signed Slack traffic and injected Slack failures. */
class MetricsEndpointTest {
    private static final String ALICE = "U0ALICE";
    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    @TempDir
    Path dir;

    @Test
    void countsWhatTheBotDidWithoutAWordOfIncidentText() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            bot.fake.addUser(ALICE, "alice");
            // Slack fails once with 503 while the channel is created, and says ok:false to the invite
            bot.fake.failNext("conversations.create", 503, "{\"ok\":false}", Map.of());
            bot.fake.respondNext("conversations.invite", "{\"ok\":false,\"error\":\"already_in_channel\"}");
            String channel = bot.openIncident(ALICE, "--sev P2 Secret project Kestrel leaks | customer list exposed");
            bot.fake.awaitCalls("conversations.invite", 1, Duration.ofSeconds(10));

            String eventId = RunningBot.nextEventId();
            var event = message(channel, ALICE, SlackRequests.newTs(), "the password is hunter2");
            assertEquals(200, bot.slack.event(event, eventId).statusCode());
            assertEquals(200, bot.slack.event(event, eventId, 1).statusCode(), "Slack's retry is acked too");

            HttpResponse<String> r = bot.get("/metrics");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    r.headers().toString());
            String text = r.body();

            assertEquals(1.0, value(text, "incidentbot_incidents_open", "severity", "P2"), text);
            assertEquals(0.0, value(text, "incidentbot_incidents_open", "severity", "P1"));
            assertEquals(2.0, value(text, "incidentbot_events_ingested_total", "type", "message"),
                    "the first delivery and Slack's retry were both accepted");
            assertEquals(1.0, value(text, "incidentbot_slack_ack_seconds_count", "kind", "command", "status", "200"));
            assertEquals(2.0, value(text, "incidentbot_slack_ack_seconds_count", "kind", "event", "status", "200"));
            assertEquals(2.0, value(text, "incidentbot_slack_ack_seconds_bucket", "kind", "event", "status", "200",
                    "le", "5.0"), "a histogram with Slack's 3-second limit among its buckets");
            assertEquals(2.0, value(text, "incidentbot_slack_ack_seconds_bucket", "kind", "event", "status", "200",
                    "le", "3.0"), "Slack's 3-second limit is one of the buckets");
            assertEquals(1.0, value(text, "incidentbot_slack_api_retries_total", "method", "conversations.create",
                    "reason", "5xx"));
            assertEquals(1.0, value(text, "incidentbot_slack_api_errors_total", "method", "conversations.invite",
                    "error", "already_in_channel"));
            assertTrue(text.contains("jvm_memory_used_bytes"), "the JVM's basics are there too");

            for (String secret : new String[]{"Secret", "Kestrel", "customer list", "hunter2", ALICE, channel}) {
                assertFalse(text.contains(secret), "metrics must hold no incident text or ids: " + secret);
            }

            ackText(bot.command(channel, ALICE, "resolve"));
            String after = bot.get("/metrics").body();
            assertEquals(0.0, value(after, "incidentbot_incidents_open", "severity", "P2"), "the gauge reads the store");
            assertEquals(2.0, value(after, "incidentbot_slack_ack_seconds_count", "kind", "command", "status", "200"));
        }
    }

    @Test
    void rejectedRequestsAreTimedAsSuch() throws Exception {
        try (RunningBot bot = new RunningBot(dir)) {
            HttpResponse<String> forged = bot.slack.post("{\"type\":\"event_callback\"}", SlackRequests.JSON,
                    System.currentTimeMillis() / 1000, "v0=forged", Map.of());
            assertEquals(401, forged.statusCode());
            String text = bot.get("/metrics").body();
            assertEquals(1.0, value(text, "incidentbot_slack_ack_seconds_count", "kind", "rejected", "status", "401"));
        }
    }

    @Test
    void metricsEnabledFalseTurnsTheEndpointOff() throws Exception {
        try (RunningBot bot = RunningBot.withoutMetrics(dir)) {
            assertEquals(404, bot.get("/metrics").statusCode());
            assertEquals(200, bot.get("/health").statusCode());
        }
    }

    /** The sample of {@code name} whose labels include all of {@code labels} (name, value, …); fails if absent. */
    static double value(String exposition, String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        for (String line : exposition.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> have = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    have.put(l.group(1), l.group(2));
                }
            }
            if (have.entrySet().containsAll(wanted.entrySet())) {
                return Double.parseDouble(m.group(3));
            }
        }
        throw new AssertionError("no sample " + name + wanted + " in:\n" + exposition);
    }
}
