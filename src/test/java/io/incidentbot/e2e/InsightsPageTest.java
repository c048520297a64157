package io.incidentbot.e2e;

import io.incidentbot.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.incidentbot.e2e.RunningBot.ackText;
import static io.incidentbot.e2e.WebScenario.ALICE;
import static io.incidentbot.e2e.WebScenario.BOB;
import static io.incidentbot.e2e.WebScenario.IMG;
import static io.incidentbot.e2e.WebScenario.MALLORY;
import static io.incidentbot.e2e.WebScenario.SCRIPT;
import static io.incidentbot.e2e.WebScenario.TOKEN;
import static io.incidentbot.e2e.WebScenario.assertNoExecutableMarkup;
import static io.incidentbot.e2e.WebScenario.assertShownAsText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /insights} over HTTP, after incidents driven through signed Slack requests across months. */
class InsightsPageTest {
    @TempDir
    Path dir;

    @Test
    void responseTimesSeveritiesPerMonthAndActionItemsByOwner() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-10T14:00:00Z"));
        try (RunningBot bot = new RunningBot(dir, RunningBot.ANNOUNCE_CHANNEL, clock, TOKEN)) {
            new WebScenario(bot); // alice, bob, and mallory whose display name is markup

            // March: a P1, impact from 13:50 (TTD 10m), mitigated after 20m, resolved after 1h
            String p1 = bot.openIncident(ALICE, "--sev P1 Orders API returns 502");
            ackText(bot.command(p1, ALICE, "started 2026-03-10 13:50"));
            ackText(bot.command(p1, ALICE, "action Add a pool usage alert <@U0BOB|bob> due 2026-03-20"));
            ackText(bot.command(p1, ALICE, "action Load test the pool"));
            clock.advance(Duration.ofMinutes(20));
            ackText(bot.command(p1, ALICE, "status monitoring"));
            clock.advance(Duration.ofMinutes(40));
            ackText(bot.command(p1, ALICE, "resolve pool exhausted"));

            // April: a P3 with hostile text, mitigated after 45m, still open, an action for mallory
            clock.advance(Duration.ofDays(30));
            String p3 = bot.openIncident(MALLORY, "--sev P3 " + SCRIPT + " search is slow");
            ackText(bot.command(p3, MALLORY, "action Fix the index <@" + MALLORY + "|m> due 2026-04-30"));
            ackText(bot.command(p3, ALICE, "action Write the runbook <@U0BOB|bob> due 2026-05-30"));
            clock.advance(Duration.ofMinutes(45));
            ackText(bot.command(p3, ALICE, "status monitoring"));
            // and another P3, just opened
            bot.openIncident(BOB, "--sev P3 Cache misses");
            clock.advance(Duration.ofDays(30)); // now 2026-05-09: bob's first item and mallory's are overdue

            assertEquals(401, bot.get("/insights").statusCode(), "behind the same access control as the other pages");
            HttpResponse<String> r = bot.get("/insights", "Authorization", "Bearer " + TOKEN);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("style-src 'sha256-"));
            String html = r.body();

            assertNoExecutableMarkup(html, "/insights");
            assertShownAsText(html, "/insights", SCRIPT + " search is slow", IMG);
            assertFalse(html.contains("<script"), "the insights page needs no script");

            // response times: medians and targets, one dot per measured incident in each chart
            assertTrue(html.contains("<th scope=\"row\">TTD · Time to detect</th><td>&lt;1m</td><td>2 of 3 (67%)</td><td>3</td>"),
                    html);
            assertTrue(html.contains("<th scope=\"row\">TTM · Time to mitigate</th><td>32m</td><td>1 of 2 (50%)</td><td>2</td>"),
                    html);
            assertTrue(html.contains("<th scope=\"row\">TTR · Time to resolve</th><td>1h 10m</td><td>1 of 1 (100%)</td><td>1</td>"),
                    html);
            assertEquals(3, dots(section(html, "ttd")));
            assertEquals(2, dots(section(html, "ttm")));
            assertEquals(1, dots(section(html, "ttr")));
            assertTrue(section(html, "ttm").contains("<polyline class=\"trend\""), "a trend line through the points");
            assertTrue(section(html, "ttm").contains(">target 30m</text>"));
            assertTrue(section(html, "ttm").contains("<title>INC-2 · 2026-04-09 · 45m</title>"), section(html, "ttm"));

            // incidents by severity per month
            String months = section(html, "severity");
            assertTrue(months.contains("<tr><td>2026-04</td><td>0</td><td>0</td><td>2</td><td>0</td><td>2</td></tr>"), months);
            assertTrue(months.contains("<tr><td>2026-03</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>"), months);
            assertTrue(months.contains("<title>2026-03 · P1: 1</title>"), months);
            assertTrue(months.contains(">2025-06</text>") && months.contains(">2026-05</text>"), "the last 12 months");

            // open action items by owner: bob 2 (1 overdue), mallory 1 (overdue), one without owner
            String owners = section(html, "actions");
            assertTrue(owners.contains("<tr><td>bob</td><td>2</td><td>1</td></tr>"), owners);
            assertTrue(owners.contains("<tr><td>" + esc(IMG) + "</td><td>1</td><td>1</td></tr>"), owners);
            assertTrue(owners.contains("<tr><td>(no owner)</td><td>1</td><td>0</td></tr>"), owners);

            // the per-incident table links to each incident
            assertTrue(html.contains("<a href=\"/incidents/1\">INC-1</a>"));
            assertTrue(html.contains("<a href=\"/insights\">Insights</a>"), "linked from every page's top bar");
        }
    }

    @Test
    void offWithoutAnAccessTokenAndFineWithNoIncidents() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("off"));
        java.nio.file.Files.createDirectories(dir.resolve("on"));
        try (RunningBot off = new RunningBot(dir.resolve("off"), RunningBot.ANNOUNCE_CHANNEL, (String) null)) {
            assertEquals(404, off.get("/insights").statusCode());
        }
        try (RunningBot bot = new RunningBot(dir.resolve("on"), RunningBot.ANNOUNCE_CHANNEL, TOKEN)) {
            HttpResponse<String> r = bot.get("/insights", "Authorization", "Bearer " + TOKEN);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("No incidents yet"), r.body());
            assertTrue(r.body().contains("No open action items"), r.body());
            assertNoExecutableMarkup(r.body(), "/insights (empty)");
        }
    }

    private static String section(String html, String id) {
        Matcher m = Pattern.compile("<section class=\"insight\" id=\"" + id + "\">(.*?)</section>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "no section " + id);
        return m.group(1);
    }

    private static int dots(String svg) {
        return svg.split("<circle class=\"dot\"", -1).length - 1;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
