package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed outgoing webhooks against the running bot: every lifecycle change reaches each receiver in
 * {@code WEBHOOK_URLS} as JSON, signed so that the Standard Webhooks reference library verifies it
 * ({@link FakeWebhookReceiver}); one dead receiver delays nobody else and, once it is back, gets
 * every event with the {@code webhook-id} of its failed attempts; private incidents are never sent.
 */
class WebhooksTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** whsec_ + base64 of 32 bytes, as the specification defines. */
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2lRyx0ZL5Gk=";
    private static final String ALICE = "U0ALICE";

    @TempDir
    Path dir;
    RunningBot bot;
    FakeWebhookReceiver healthy;
    FakeWebhookReceiver flaky;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (healthy != null) {
            healthy.close();
        }
        if (flaky != null) {
            flaky.close();
        }
    }

    private void start() throws Exception {
        healthy = new FakeWebhookReceiver(SECRET);
        flaky = new FakeWebhookReceiver(SECRET);
        bot = RunningBot.withIntegrations(TestDatabases.forFolder(dir), Clock.systemUTC(), Map.of(
                "WEBHOOK_URLS", healthy.url() + "," + flaky.url(),
                "WEBHOOK_SECRET", SECRET,
                "WEB_BASE_URL", "https://incidents.example.com"));
    }

    private static List<String> types(List<FakeWebhookReceiver.Delivery> deliveries) {
        return deliveries.stream().map(FakeWebhookReceiver.Delivery::type).toList();
    }

    @Test
    void everyLifecycleChangeIsSignedAndADeadReceiverDelaysOnlyItself() throws Exception {
        start();
        flaky.failWith(503);
        String channel = bot.openIncident(ALICE, "--sev P2 Orders API returns 502");
        long id = Long.parseLong(bot.query("SELECT max(id) FROM incident").get(0));
        RunningBot.ackText(bot.command(channel, ALICE, "status identified"));
        RunningBot.ackText(bot.command(channel, ALICE, "severity P1"));
        RunningBot.ackText(bot.command(channel, ALICE, "role comms <@U0BOB|bob>"));
        RunningBot.ackText(bot.command(channel, ALICE, "update Rolled back; error rate falling"));
        RunningBot.ackText(bot.command(channel, ALICE, "action Alert on pool usage above 80% <@U0BOB|bob> due 2030-01-15"));
        RunningBot.ackText(bot.command(channel, ALICE, "done 1"));
        RunningBot.ackText(bot.command(channel, ALICE, "action Load test the pool <@U0BOB|bob> due 2030-02-01"));
        RunningBot.ackText(bot.command(channel, ALICE, "drop 2 covered by the pool alert"));
        RunningBot.ackText(bot.command(channel, ALICE, "resolve the pool limit was reached"));
        healthy.awaitAccepted(11, WAIT); // the draft is made after the resolve: reopen after it
        RunningBot.ackText(bot.command(channel, ALICE, "reopen"));
        List<String> expected = List.of("incident.declared", "incident.status_changed", "incident.severity_changed",
                "incident.role_assigned", "incident.updated", "action_item.created", "action_item.done",
                "action_item.created", "action_item.dropped", "incident.resolved", "postmortem.drafted", "incident.reopened");

        // the healthy receiver has them all, in order, while the other still answers 503
        List<FakeWebhookReceiver.Delivery> got = healthy.awaitAccepted(expected.size(), WAIT);
        assertEquals(expected, types(got));
        assertTrue(got.stream().allMatch(FakeWebhookReceiver.Delivery::verified),
                () -> "every delivery verifies: " + got);
        assertTrue(flaky.accepted().isEmpty());
        assertFalse(flaky.deliveries().isEmpty(), "the dead receiver was tried");
        // /health names the waiting lane without the receiver's path, which may be its secret
        String health = bot.get("/health").body();
        assertFalse(health.contains(flaky.url()), health);
        String host = flaky.url().substring(0, flaky.url().indexOf("/hook"));
        assertTrue(health.matches("(?s).*\"webhook:" + java.util.regex.Pattern.quote(host) + "/…#[0-9a-f]{8}\".*"), health);

        JsonObject declared = got.get(0).json();
        assertTrue(declared.has("timestamp"));
        Instant.parse(declared.get("timestamp").getAsString());
        JsonObject incident = declared.getAsJsonObject("data").getAsJsonObject("incident");
        assertEquals("INC-" + id, incident.get("id").getAsString());
        assertEquals(id, incident.get("number").getAsLong());
        assertEquals("Orders API returns 502", incident.get("title").getAsString());
        assertEquals("P2", incident.get("severity").getAsString());
        assertEquals("investigating", incident.get("status").getAsString());
        assertFalse(incident.get("private").getAsBoolean());
        assertFalse(incident.get("drill").getAsBoolean());
        assertEquals(ALICE, incident.get("lead").getAsString());
        Instant.parse(incident.get("opened_at").getAsString());
        assertTrue(incident.get("resolved_at").isJsonNull());
        assertEquals("https://incidents.example.com/incidents/INC-" + id, incident.get("url").getAsString());

        JsonObject severity = got.get(2).json().getAsJsonObject("data").getAsJsonObject("incident");
        assertEquals("P1", severity.get("severity").getAsString());
        assertEquals(channel, severity.getAsJsonObject("channel").get("id").getAsString());
        JsonObject item = got.get(5).json().getAsJsonObject("data").getAsJsonObject("action_item");
        assertEquals(1, item.get("number").getAsInt());
        assertEquals("Alert on pool usage above 80%", item.get("text").getAsString());
        assertEquals("U0BOB", item.get("owner").getAsString());
        assertEquals("2030-01-15", item.get("due").getAsString());
        assertEquals("open", item.get("state").getAsString());
        assertEquals("done", got.get(6).json().getAsJsonObject("data").getAsJsonObject("action_item")
                .get("state").getAsString());
        JsonObject dropped = got.get(8).json().getAsJsonObject("data").getAsJsonObject("action_item");
        assertEquals(2, dropped.get("number").getAsInt());
        assertEquals("dropped", dropped.get("state").getAsString());
        JsonObject resolved = got.get(9).json().getAsJsonObject("data").getAsJsonObject("incident");
        assertEquals("resolved", resolved.get("status").getAsString());
        Instant.parse(resolved.get("resolved_at").getAsString());
        JsonObject postmortem = got.get(10).json().getAsJsonObject("data").getAsJsonObject("postmortem");
        assertTrue(postmortem.get("version").getAsInt() >= 1);
        assertEquals("https://incidents.example.com/incidents/INC-" + id + "/postmortem.md",
                postmortem.get("url").getAsString());
        assertEquals("investigating", got.get(11).json().getAsJsonObject("data").getAsJsonObject("incident")
                .get("status").getAsString());
        String metrics = bot.get("/metrics").body();
        assertTrue(metrics.contains("incidentbot_integration_calls_total{integration=\"webhook\","
                + "operation=\"incident.declared\",result=\"ok\"} 1.0"), metrics);
        assertTrue(metrics.contains("integration=\"webhook\",operation=\"incident.declared\",result=\"unavailable\""),
                metrics);
        Set<String> ids = got.stream().map(FakeWebhookReceiver.Delivery::id).collect(Collectors.toSet());
        assertEquals(expected.size(), ids.size(), "one webhook-id per event");

        // the dead receiver comes back: it gets every event, in order, under the ids it was first tried with
        String firstTriedId = flaky.deliveries().get(0).id();
        flaky.failWith(0);
        List<FakeWebhookReceiver.Delivery> late = flaky.awaitAccepted(expected.size(), Duration.ofSeconds(40));
        assertEquals(expected, types(late));
        assertTrue(late.stream().allMatch(FakeWebhookReceiver.Delivery::verified));
        assertEquals(firstTriedId, late.get(0).id(), "a retry keeps its webhook-id");
        assertEquals(ids, late.stream().map(FakeWebhookReceiver.Delivery::id).collect(Collectors.toSet()));
    }

    @Test
    void publishingThePostmortemIsSentWithItsVersion() throws Exception {
        start();
        String channel = bot.openIncident(ALICE, "--sev P3 Search is slow");
        RunningBot.ackText(bot.command(channel, ALICE, "resolve an index was missing"));
        healthy.awaitAccepted(3, WAIT); // declared, resolved, drafted
        String reply = RunningBot.ackText(bot.command(channel, ALICE, "publish --anyway"));
        List<FakeWebhookReceiver.Delivery> got = healthy.awaitAccepted(4, WAIT);
        assertEquals("postmortem.published", got.get(3).type(), () -> reply + " / " + types(got));
        JsonObject postmortem = got.get(3).json().getAsJsonObject("data").getAsJsonObject("postmortem");
        assertTrue(postmortem.get("version").getAsInt() >= 1);
        assertTrue(got.get(3).verified());
    }

    @Test
    void privateIncidentsAreNeverSent() throws Exception {
        start();
        String secret = bot.openIncident(ALICE, "--private --sev P1 Credential leak in CI logs");
        RunningBot.ackText(bot.command(secret, ALICE, "update rotating the keys"));
        RunningBot.ackText(bot.command(secret, ALICE, "resolve keys rotated"));
        bot.openIncident(ALICE, "Search is slow");
        long publicId = Long.parseLong(bot.query("SELECT max(id) FROM incident").get(0));
        List<FakeWebhookReceiver.Delivery> got = healthy.awaitAccepted(1, WAIT);
        RunningBot.sleep(1_000);
        assertEquals(List.of("incident.declared"), types(healthy.accepted()), () -> "only the public incident: "
                + healthy.deliveries());
        assertEquals("INC-" + publicId, got.get(0).json().getAsJsonObject("data").getAsJsonObject("incident")
                .get("id").getAsString());
        assertTrue(healthy.deliveries().stream().noneMatch(d -> d.body().contains("Credential")));
    }
}
