package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paging the on-call through PagerDuty's Events API v2, against the running bot and a strict fake of
 * the API ({@link FakePagerDuty}, which refuses what PagerDuty refuses): declaring at a paging
 * severity and escalating into one trigger, resolving resolves and reopening triggers again, all
 * with the one dedup key; {@code /incident page}; private incidents paged without details; a 400
 * told once in the channel; every page, resolve and failure in the timeline.
 */
class PagingTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String USER = "U0ALICE";

    @TempDir
    Path dir;
    RunningBot bot;
    FakePagerDuty pagerDuty;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (pagerDuty != null) {
            pagerDuty.close();
        }
    }

    private void start(String routingKey, String... more) throws Exception {
        pagerDuty = new FakePagerDuty();
        Map<String, String> settings = new HashMap<>();
        settings.put("PAGERDUTY_ROUTING_KEY", routingKey);
        settings.put("PAGERDUTY_EVENTS_URL", pagerDuty.eventsUrl());
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        bot = RunningBot.withIntegrations(TestDatabases.forFolder(dir), Clock.systemUTC(), settings);
    }

    private long latestIncident() {
        return Long.parseLong(bot.query("SELECT max(id) FROM incident").get(0));
    }

    private List<String> timeline(long incident) {
        return bot.query("SELECT text FROM timeline_entry WHERE incident_id = " + incident + " ORDER BY id");
    }

    private void awaitTimeline(long incident, String text) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (timeline(incident).stream().anyMatch(t -> t.contains(text))) {
                return;
            }
            RunningBot.sleep(50);
        }
        throw new AssertionError("no timeline entry with \"" + text + "\" in " + timeline(incident));
    }

    private static List<String> hrefs(JsonObject event) {
        List<String> out = new ArrayList<>();
        if (event.has("links")) {
            for (var l : event.getAsJsonArray("links")) {
                out.add(l.getAsJsonObject().get("href").getAsString());
            }
        }
        return out;
    }

    @Test
    void aP1IsPagedWhenDeclaredResolvedWhenResolvedAndPagedAgainWhenReopened() throws Exception {
        start(FakePagerDuty.ROUTING_KEY);
        String channel = bot.openIncident(USER, "--sev P1 Orders API returns 502");
        long id = latestIncident();
        String key = "incident-bot/" + FakeSlack.TEAM_ID + "/INC-" + id;

        FakePagerDuty.Event trigger = pagerDuty.awaitEvents(1, WAIT).get(0);
        assertEquals("trigger", trigger.action());
        assertEquals(key, trigger.dedupKey());
        assertEquals(FakePagerDuty.ROUTING_KEY, trigger.body().get("routing_key").getAsString());
        JsonObject payload = trigger.payload();
        assertEquals("INC-" + id + " P1 Orders API returns 502", payload.get("summary").getAsString());
        assertEquals("incident-bot", payload.get("source").getAsString());
        assertEquals("critical", payload.get("severity").getAsString());
        assertTrue(payload.has("timestamp"));
        JsonObject details = payload.getAsJsonObject("custom_details");
        assertEquals("INC-" + id, details.get("incident").getAsString());
        assertEquals("P1", details.get("severity").getAsString());
        assertEquals(USER, details.get("lead").getAsString());
        assertTrue(details.get("channel").getAsString().startsWith("#"), details.toString());
        assertTrue(details.has("status"));
        // the Slack channel, and no web page: WEB_BASE_URL is not set
        assertEquals(List.of("https://slack.com/app_redirect?channel=" + channel + "&team=" + FakeSlack.TEAM_ID),
                hrefs(trigger.body()));
        awaitTimeline(id, "Paged the on-call through PagerDuty");

        // moving below the paging severities does not resolve the page; moving back does not page twice
        RunningBot.ackText(bot.command(channel, USER, "severity P3"));
        RunningBot.ackText(bot.command(channel, USER, "severity P1"));
        String again = RunningBot.ackText(bot.command(channel, USER, "page"));
        assertTrue(again.contains("already paged"), again);

        RunningBot.ackText(bot.command(channel, USER, "resolve pool exhausted"));
        FakePagerDuty.Event resolve = pagerDuty.awaitEvents(2, WAIT).get(1);
        assertEquals("resolve", resolve.action());
        assertEquals(key, resolve.dedupKey());
        awaitTimeline(id, "Resolved the PagerDuty page");

        RunningBot.ackText(bot.command(channel, USER, "reopen"));
        FakePagerDuty.Event reopened = pagerDuty.awaitEvents(3, WAIT).get(2);
        assertEquals("trigger", reopened.action());
        assertEquals(key, reopened.dedupKey());
        RunningBot.sleep(300);
        assertEquals(3, pagerDuty.events().size(), () -> "only three events: " + pagerDuty.events());
        assertEquals(List.of(), pagerDuty.refused());
    }

    @Test
    void escalatingIntoAPagingSeverityPagesAndPageCommandPagesAnySeverityOnce() throws Exception {
        start(FakePagerDuty.ROUTING_KEY, "PAGERDUTY_PAGE_SEVERITIES", "P1,P2", "WEB_BASE_URL",
                "https://incidents.example.com");
        String channel = bot.openIncident(USER, "--sev P3 Search is slow");
        long id = latestIncident();
        RunningBot.sleep(500);
        assertEquals(0, pagerDuty.requests(), "a P3 does not page");

        RunningBot.ackText(bot.command(channel, USER, "severity P2"));
        FakePagerDuty.Event trigger = pagerDuty.awaitEvents(1, WAIT).get(0);
        assertEquals("error", trigger.payload().get("severity").getAsString());
        assertTrue(hrefs(trigger.body()).contains("https://incidents.example.com/incidents/INC-" + id),
                trigger.body().toString());

        // a P4 incident paged by hand, then asked again while that page is open
        String other = bot.openIncident(USER, "--sev P4 Typo on the status page");
        long second = latestIncident();
        String paged = RunningBot.ackText(bot.command(other, USER, "page"));
        assertTrue(paged.contains("Paging the on-call"), paged);
        FakePagerDuty.Event byHand = pagerDuty.awaitEvents(2, WAIT).get(1);
        assertEquals("incident-bot/" + FakeSlack.TEAM_ID + "/INC-" + second, byHand.dedupKey());
        assertEquals("info", byHand.payload().get("severity").getAsString());
        awaitTimeline(second, "Paged the on-call through PagerDuty (asked by <@" + USER + ">)");
        String twice = RunningBot.ackText(bot.command(other, USER, "page"));
        assertTrue(twice.contains("already paged") && twice.contains("not resolved"), twice);
        RunningBot.sleep(300);
        assertEquals(2, pagerDuty.events().size());
    }

    @Test
    void aPrivateIncidentIsPagedWithoutItsTitleOrDetails() throws Exception {
        start(FakePagerDuty.ROUTING_KEY, "WEB_BASE_URL", "https://incidents.example.com");
        bot.openIncident(USER, "--private --sev P1 Credential leak in CI logs");
        long id = latestIncident();
        FakePagerDuty.Event trigger = pagerDuty.awaitEvents(1, WAIT).get(0);
        assertEquals("Private incident INC-" + id, trigger.payload().get("summary").getAsString());
        assertFalse(trigger.payload().has("custom_details"), trigger.body().toString());
        String body = trigger.body().toString();
        assertFalse(body.contains("Credential") || body.contains("credential"), body);
    }

    @Test
    void aRefusedPageIsToldOnceInTheChannelWithPagerDutysMessageAndCanBeRetried() throws Exception {
        // well-formed, but not an integration key PagerDuty knows: it answers 400
        start("UNKNOWNKEY0123456789ABCDEFGHIJKL");
        String channel = bot.openIncident(USER, "--sev P1 Payments down");
        long id = latestIncident();
        awaitTimeline(id, "Paging the on-call through PagerDuty failed: PagerDuty said: Event object is invalid");
        List<FakeSlack.Call> notices = awaitPostsContaining(channel, "routing_key", 1);
        String notice = notices.get(0).param("text");
        assertTrue(notice.contains("Paging the on-call for INC-" + id) && notice.contains("Event object is invalid")
                && notice.contains("/incident page"), notice);
        RunningBot.sleep(2_500); // longer than the first retry would wait
        assertEquals(1, pagerDuty.requests(), "a 400 is final: not retried");
        assertEquals(1, postsContaining(channel, "routing_key").size(), "told once");
        // refused: the incident counts as not paged, so /incident page tries again
        String retry = RunningBot.ackText(bot.command(channel, USER, "page"));
        assertTrue(retry.contains("Paging the on-call"), retry);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (pagerDuty.requests() < 2 && System.nanoTime() < deadline) {
            RunningBot.sleep(50);
        }
        assertEquals(2, pagerDuty.requests());
    }

    @Test
    void aWrongEventsUrlIsToldOnceWithTheFixAndRetried() throws Exception {
        pagerDuty = new FakePagerDuty();
        bot = RunningBot.withIntegrations(TestDatabases.forFolder(dir), Clock.systemUTC(), Map.of(
                "PAGERDUTY_ROUTING_KEY", FakePagerDuty.ROUTING_KEY,
                "PAGERDUTY_EVENTS_URL", pagerDuty.eventsUrl().replace("/v2/enqueue", "/v1/enqueue")));
        String channel = bot.openIncident(USER, "--sev P1 Orders API returns 502");
        List<FakeSlack.Call> told = awaitPostsContaining(channel, "PAGERDUTY_EVENTS_URL", 1);
        assertTrue(told.get(0).param("text").contains("is held up: PagerDuty answered 404"), told.get(0).param("text"));
        RunningBot.sleep(3_500); // the retries go on (2 s, then 4 s…) without telling again
        assertEquals(1, postsContaining(channel, "PAGERDUTY_EVENTS_URL").size(), "told once");
        assertEquals("1", bot.query("SELECT count(*) FROM outbox WHERE lane = 'pagerduty' AND failed_at IS NULL").get(0),
                "still queued: it goes out once the setting is fixed");
    }

    @Test
    void withPagingOffNothingIsSentAndThePageCommandSaysHowToTurnItOn() throws Exception {
        pagerDuty = new FakePagerDuty();
        bot = RunningBot.withIntegrations(TestDatabases.forFolder(dir), Clock.systemUTC(),
                Map.of("PAGERDUTY_EVENTS_URL", pagerDuty.eventsUrl()));
        String channel = bot.openIncident(USER, "--sev P1 Orders API returns 502");
        String reply = RunningBot.ackText(bot.command(channel, USER, "page"));
        assertTrue(reply.contains("PAGERDUTY_ROUTING_KEY"), reply);
        RunningBot.sleep(500);
        assertEquals(0, pagerDuty.requests());
        assertNull(bot.query("SELECT count(*) FROM incident_page").stream().filter(n -> !n.equals("0")).findAny()
                .orElse(null));
    }

    @Test
    void pagerDutysOwnIncidentIsNeverPagedAgainAndItsWebhooksAboutOurPageJoinTheTimeline() throws Exception {
        Map<String, String> on = AlertSources.receiversOn();
        pagerDuty = new FakePagerDuty();
        on.put("PAGERDUTY_ROUTING_KEY", FakePagerDuty.ROUTING_KEY);
        on.put("PAGERDUTY_EVENTS_URL", pagerDuty.eventsUrl());
        bot = RunningBot.withIntegrations(TestDatabases.forFolder(dir), Clock.systemUTC(), on);
        AlertSources sources = new AlertSources(bot.baseUrl());

        // a PagerDuty incident the bot did not page declares a P1: PagerDuty's on-call knows already
        assertEquals(202, sources.pagerDuty(AlertSources.pagerDuty("incident.triggered", "PGR0VU2",
                "d3640fbd41094207a1c11e58e46b1662", "Orders API returns 502", "high", null), "wh-1").statusCode());
        long fromPagerDuty = latestIncident();
        String channel = awaitChannel(fromPagerDuty);
        String reply = RunningBot.ackText(bot.command(channel, USER, "page"));
        assertTrue(reply.contains("came from a PagerDuty incident"), reply);
        RunningBot.ackText(bot.command(channel, USER, "resolve fixed"));
        RunningBot.sleep(1_500);
        assertEquals(0, pagerDuty.requests(), () -> "never paged or resolved through Events v2: " + pagerDuty.events());

        // our own page: PagerDuty's webhooks about it (by its dedup key) join our incident's timeline
        bot.openIncident(USER, "--sev P1 Checkout fails");
        long ours = latestIncident();
        String key = pagerDuty.awaitEvents(1, WAIT).get(0).dedupKey();
        assertEquals(202, sources.pagerDuty(AlertSources.pagerDuty("incident.acknowledged", "PABC123", key,
                "INC-" + ours + " P1 Checkout fails", "high", "Bob Oncall"), "wh-2").statusCode());
        awaitTimeline(ours, "Acknowledged in PagerDuty by Bob Oncall");
    }

    private String awaitChannel(long incident) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String channel = bot.query("SELECT channel_id FROM incident WHERE id = " + incident).get(0);
            if (!channel.equals("null")) {
                return channel;
            }
            RunningBot.sleep(20);
        }
        throw new AssertionError("INC-" + incident + " never got its channel");
    }

    private List<FakeSlack.Call> postsContaining(String channel, String text) {
        return bot.fake.calls("chat.postMessage").stream()
                .filter(c -> channel.equals(c.param("channel")) && c.param("text") != null && c.param("text").contains(text))
                .toList();
    }

    private List<FakeSlack.Call> awaitPostsContaining(String channel, String text, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<FakeSlack.Call> found = postsContaining(channel, text);
            if (found.size() >= count) {
                return found;
            }
            RunningBot.sleep(50);
        }
        throw new AssertionError("no post in " + channel + " containing " + text + "; posts: "
                + bot.fake.calls("chat.postMessage"));
    }

}
