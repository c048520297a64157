package io.incidentbot.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.incidentbot.e2e.RunningBot.ackText;
import static io.incidentbot.e2e.WebScenario.ALICE;
import static io.incidentbot.e2e.WebScenario.IMG;
import static io.incidentbot.e2e.WebScenario.MARKDOWN_JS_LINK;
import static io.incidentbot.e2e.WebScenario.SCRIPT;
import static io.incidentbot.e2e.WebScenario.TITLE_IMG;
import static io.incidentbot.e2e.WebScenario.TOKEN;
import static io.incidentbot.e2e.WebScenario.WAIT;
import static io.incidentbot.e2e.WebScenario.assertNoExecutableMarkup;
import static io.incidentbot.e2e.WebScenario.assertShownAsText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read-only pages over HTTP on the running app: access, list, timeline, postmortem, escaping. */
class WebPagesTest {
    private static final String BEARER = "Bearer " + TOKEN;

    @TempDir
    Path dir;
    RunningBot bot;

    private RunningBot start(String token) throws Exception {
        bot = new RunningBot(dir, RunningBot.ANNOUNCE_CHANNEL, token);
        return bot;
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private HttpResponse<String> page(String path) throws Exception {
        return bot.get(path, "Authorization", BEARER);
    }

    private String html(String path) throws Exception {
        HttpResponse<String> r = page(path);
        assertEquals(200, r.statusCode(), () -> path + " answered " + r.statusCode() + ": " + r.body());
        assertEquals("text/html;charset=utf-8", r.headers().firstValue("Content-Type").orElse("").replace(" ", "")
                .toLowerCase(java.util.Locale.ROOT));
        assertSecurityHeaders(r);
        return r.body();
    }

    private static void assertSecurityHeaders(HttpResponse<String> r) {
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'sha256-")
                && csp.contains("style-src 'sha256-") && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null));
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
    }

    // ------------------------------------------------------------------ access

    @Test
    void pagesAreOffWithoutAnAccessToken() throws Exception {
        start(null);
        HttpResponse<String> home = bot.get("/");
        assertEquals(404, home.statusCode());
        assertTrue(home.body().contains("WEB_ACCESS_TOKEN"), home.body());
        assertTrue(home.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertEquals(404, bot.get("/", "Authorization", BEARER).statusCode());
        assertEquals(404, bot.get("/?token=" + TOKEN).statusCode());
        HttpResponse<String> incident = bot.get("/incidents/1");
        assertEquals(404, incident.statusCode());
        assertTrue(incident.body().contains("WEB_ACCESS_TOKEN"), incident.body());
        assertEquals(200, bot.get("/health").statusCode());
    }

    @Test
    void bearerTokenOrAOneTimeTokenLinkThatBecomesASessionCookie() throws Exception {
        start(TOKEN);
        new WebScenario(bot).ordersIncident();

        // nothing, a wrong bearer, a wrong ?token, a made-up cookie: 401 with a page that says how to sign in
        for (HttpResponse<String> refused : List.of(bot.get("/"), bot.get("/incidents/1"),
                bot.get("/incidents/999"), bot.get("/incidents/1/postmortem.md"),
                bot.get("/", "Authorization", "Bearer wrong-token-wrong-token-00"),
                bot.get("/", "Authorization", "Basic " + TOKEN),
                bot.get("/?token=wrong-token-wrong-token-00"),
                bot.get("/?token="),
                bot.get("/", "Cookie", "incidentbot_session=" + TOKEN),
                bot.get("/", "Cookie", "incidentbot_session=made-up"))) {
            assertEquals(401, refused.statusCode(), refused.uri() + ": " + refused.body());
            assertTrue(refused.body().contains("?token=") && refused.body().contains("Authorization: Bearer"),
                    refused.body());
            assertFalse(refused.body().contains("Orders API"), "a refused page leaks data");
            assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertSecurityHeaders(refused);
        }

        // bearer
        assertTrue(html("/").contains("Orders API returns 502"));
        assertTrue(html("/incidents/1").contains("rolled back deploy 4711"));

        // ?token= once → 303 to the same address without it, with an HttpOnly SameSite=Strict session cookie
        HttpResponse<String> signIn = bot.get("/incidents/1?q=rolled&token=" + TOKEN);
        assertEquals(303, signIn.statusCode(), signIn.body());
        assertEquals("/incidents/1?q=rolled", signIn.headers().firstValue("Location").orElse(null));
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(setCookie.startsWith("incidentbot_session="), setCookie);
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict")
                && setCookie.contains("Path=/"), setCookie);
        String session = setCookie.substring(0, setCookie.indexOf(';'));
        String sessionId = session.substring(session.indexOf('=') + 1);
        assertFalse(sessionId.contains(TOKEN) || setCookie.contains(TOKEN), "the cookie must not carry the token");
        assertTrue(sessionId.length() >= 40, sessionId);
        assertSecurityHeaders(signIn);
        assertEquals("/", bot.get("/?token=" + TOKEN).headers().firstValue("Location").orElse(null));

        HttpResponse<String> withCookie = bot.get("/incidents/1?q=rolled", "Cookie", "theme=dark; " + session);
        assertEquals(200, withCookie.statusCode(), withCookie.body());
        assertTrue(withCookie.body().contains("rolled back deploy 4711"));
        assertEquals(200, bot.get("/", "Cookie", session).statusCode());
        // every sign-in is its own session
        String other = bot.get("/?token=" + TOKEN).headers().firstValue("Set-Cookie").orElse("");
        assertNotEquals(setCookie, other);

        // behind a TLS proxy the cookie is Secure
        String secure = bot.get("/?token=" + TOKEN, "X-Forwarded-Proto", "https").headers()
                .firstValue("Set-Cookie").orElse("");
        assertTrue(secure.contains("; Secure"), secure);

        // health stays public; other methods are refused
        assertEquals(200, bot.get("/health").statusCode());
    }

    @Test
    void unknownOrMalformedIncidentIdsAre404PagesNever500() throws Exception {
        start(TOKEN);
        new WebScenario(bot).ordersIncident();
        for (String path : List.of("/incidents/2", "/incidents/0", "/incidents/abc", "/incidents/-1",
                "/incidents/1.5", "/incidents/99999999999999999999", "/incidents/4294967297", "/incidents/2147483648",
                "/incidents/2/postmortem", "/incidents/abc/postmortem.md", "/incidents/1/nope", "/incidents/1/",
                "/incidents/", "/incidents/1/postmortem/extra", "/incidents/%3Cscript%3Ealert(1)%3C")) {
            HttpResponse<String> r = page(path);
            assertEquals(404, r.statusCode(), () -> path + ": " + r.body());
            assertTrue(r.body().contains("Not found") || r.body().contains("not found"), r.body());
            assertNoExecutableMarkup(r.body(), path);
        }
        assertTrue(html("/incidents/INC-1").contains("Orders API returns 502"), "INC-1 works as an id too");
    }

    // ------------------------------------------------------------------ list

    @Test
    void listIsNewestFirstFilteredByStatusAndSeverityAndPaginated() throws Exception {
        start(TOKEN);
        new WebScenario(bot);
        List<String> channels = new ArrayList<>();
        for (int k = 1; k <= 28; k++) {
            channels.add(bot.openIncident(ALICE, (k % 5 == 0 ? "--sev P1 " : "") + "Incident number " + k));
        }
        for (int k : new int[]{3, 4}) {
            int uploads = bot.fake.calls("files.completeUploadExternal").size();
            ackText(bot.command(channels.get(k - 1), ALICE, "resolve"));
            bot.fake.awaitCalls("files.completeUploadExternal", uploads + 1, WAIT);
        }

        String first = html("/");
        List<String> ids = WebScenario.listedIds(first);
        assertEquals(25, ids.size(), first);
        assertEquals("INC-28", ids.get(0));
        assertEquals("INC-4", ids.get(24));
        assertTrue(first.contains("Page 1 of 2 · 28 incidents"), first);
        assertTrue(first.contains("<a rel=\"next\" href=\"/?page=2\">"), first);
        assertFalse(first.contains("rel=\"prev\""), first);
        // the row: id, title, severity, status, opened (UTC), duration, lead, channel
        String row28 = first.substring(first.indexOf("<tr class=\"incident\">"), first.indexOf("</tr>", first.indexOf("<tr class=\"incident\">")));
        assertTrue(row28.contains(">Incident number 28<") && row28.contains(">P3<") && row28.contains(">investigating<")
                && row28.contains("ongoing (") && row28.contains("<td data-label=\"Lead\">alice</td>")
                && row28.contains("<td data-label=\"Channel\" class=\"channel\"><a class=\"channel\" "
                + "href=\"https://slack.com/app_redirect?channel="), row28);
        String today = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(Instant.now());
        assertTrue(row28.matches("(?s).*<time datetime=\"[0-9T:.Z-]+\">" + today + " \\d\\d:\\d\\d UTC</time>.*"), row28);
        String row4 = first.substring(first.lastIndexOf("<tr class=\"incident\">"));
        assertTrue(row4.contains(">resolved<") && row4.contains("&lt;1m"), row4);

        String second = html("/?page=2");
        assertEquals(List.of("INC-3", "INC-2", "INC-1"), WebScenario.listedIds(second));
        assertTrue(second.contains("<a rel=\"prev\" href=\"/\">") && !second.contains("rel=\"next\""), second);
        assertTrue(second.contains("Page 2 of 2"), second);
        assertEquals(WebScenario.listedIds(second), WebScenario.listedIds(html("/?page=99")), "past the end: the last page");
        assertEquals(ids, WebScenario.listedIds(html("/?page=abc")));
        assertEquals(ids, WebScenario.listedIds(html("/?page=0")));

        assertEquals(List.of("INC-4", "INC-3"), WebScenario.listedIds(html("/?status=resolved")));
        String open = html("/?status=open");
        assertEquals(25, WebScenario.listedIds(open).size());
        assertFalse(WebScenario.listedIds(open).contains("INC-4"));
        assertTrue(open.contains("26 incidents") && open.contains("href=\"/?status=open&amp;page=2\""), open);
        assertTrue(open.contains("<option value=\"open\" selected>"), "the form shows the filter");
        assertEquals("INC-2", WebScenario.listedIds(open).get(24));
        assertEquals(List.of("INC-1"), WebScenario.listedIds(html("/?status=open&page=2")));
        assertEquals(List.of("INC-4", "INC-3"), WebScenario.listedIds(html("/?status=RESOLVED&severity=any")));
        assertEquals(26, count(html("/?status=investigating")));

        assertEquals(List.of("INC-25", "INC-20", "INC-15", "INC-10", "INC-5"), WebScenario.listedIds(html("/?severity=P1")));
        assertEquals(List.of("INC-25", "INC-20", "INC-15", "INC-10", "INC-5"),
                WebScenario.listedIds(html("/?severity=p1&status=open")));
        assertTrue(html("/?severity=P1").contains("<span class=\"badge sev-P1\">P1</span>"));
        assertEquals(List.of(), WebScenario.listedIds(html("/?severity=P1&status=resolved")));
        assertTrue(html("/?severity=P4").contains("No incidents match these filters"));
        assertEquals(23, count(html("/?severity=P3")));

        for (String bad : List.of("/?status=bogus", "/?severity=P9", "/?status=%3Cscript%3Ealert(1)%3C/script%3E")) {
            HttpResponse<String> r = page(bad);
            assertEquals(400, r.statusCode(), bad);
            assertTrue(r.body().contains("Unknown"), r.body());
            assertNoExecutableMarkup(r.body(), bad);
        }
    }

    private static int count(String listHtml) {
        var m = java.util.regex.Pattern.compile("· (\\d+) incidents?</span>").matcher(listHtml);
        assertTrue(m.find(), listHtml);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void emptyListSaysHowToDeclareAnIncident() throws Exception {
        start(TOKEN);
        String home = html("/");
        assertTrue(home.contains("No incidents yet") && home.contains("/incident open"), home);
        assertTrue(home.contains("Page 1 of 1 · 0 incidents"), home);
    }

    // ------------------------------------------------------------------ timeline

    @Test
    void timelineShowsNamesUtcTimesPinsThreadsEditsBotsAndLifecycleButNotDeletedEntries() throws Exception {
        start(TOKEN);
        WebScenario s = new WebScenario(bot);
        s.ordersIncident();
        String page = html("/incidents/1");

        assertTrue(page.contains("<title>INC-1 · Orders API returns 502 · incident-bot</title>"), page);
        assertTrue(page.contains("<h1>INC-1 · Orders API returns 502</h1>"), page);
        assertTrue(page.contains("P2 (High)") && page.contains("<strong>investigating</strong>")
                && page.contains("Lead: alice") && page.contains("checkout is down"), page);
        assertTrue(page.contains("href=\"/incidents/1/postmortem\"") && page.contains("href=\"/incidents/1/postmortem.md\""));

        List<String[]> entries = WebScenario.entries(page);
        assertEquals(6, entries.size(), page);
        assertEquals("lifecycle", entries.get(0)[0]);
        assertTrue(entries.get(0)[1].contains("Incident declared by @alice (P2)"), entries.get(0)[1]);

        assertEquals("message pinned", entries.get(1)[0]);
        String pinned = entries.get(1)[1];
        assertTrue(pinned.contains("<span class=\"who\">alice</span>") && pinned.contains("📌 pinned"), pinned);
        assertTrue(pinned.contains("DB CPU at 95% &amp; climbing, see <a href=\"https://grafana.example/d/1\" "
                + "rel=\"nofollow noopener noreferrer\">dashboard</a>"), pinned);
        String hhmmss = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(io.incidentbot.incident.SlackTs.toInstant(s.ts(10)));
        assertTrue(pinned.contains(">" + hhmmss + "</time>"), pinned);

        assertEquals("bot pinned", entries.get(2)[0]);
        assertTrue(entries.get(2)[1].contains("<span class=\"who\">Alerting</span><span class=\"badge\">bot</span>")
                && entries.get(2)[1].contains("orders-db CPU &gt; 90%"), entries.get(2)[1]);

        assertEquals("message reply", entries.get(3)[0]);
        assertTrue(entries.get(3)[1].contains("<span class=\"who\">bob</span>")
                && entries.get(3)[1].contains("acknowledged, looking at @alice&#39;s graph"), entries.get(3)[1]);

        assertEquals("message edited", entries.get(4)[0]);
        assertTrue(entries.get(4)[1].contains("rolled back deploy 4711") && entries.get(4)[1].contains(">edited</span>"),
                entries.get(4)[1]);
        assertFalse(page.contains("typo mesage"), "the first text of an edit is not shown");
        assertFalse(page.contains("secret token"), "a deleted message is shown");

        assertEquals("message", entries.get(5)[0]);
        assertTrue(entries.get(5)[1].contains("error rate back to normal"));
        assertTrue(page.contains("6 of 6 entries shown"), page);

        // the search box: a GET form (works without JavaScript) and the inline filter script
        assertTrue(page.contains("<form method=\"get\" role=\"search\" action=\"/incidents/1\">")
                && page.contains("<input type=\"search\" id=\"q\" name=\"q\" value=\"\""), page);
        assertEquals(1, page.split("<script>", -1).length - 1);
        String filtered = html("/incidents/1?q=ROLLED+back");
        List<String[]> hits = WebScenario.entries(filtered);
        assertEquals(1, hits.size(), filtered);
        assertTrue(hits.get(0)[1].contains("rolled back deploy 4711"));
        assertTrue(filtered.contains("1 of 6 entries shown") && filtered.contains("value=\"ROLLED back\""), filtered);
        assertEquals(2, WebScenario.entries(html("/incidents/1?q=bob")).size(), "authors are searched too");

        // resolving adds a lifecycle entry and the root cause
        ackText(bot.command(bot.query("SELECT channel_id FROM incident WHERE id = 1").get(0), ALICE,
                "resolve pool limit of 10"));
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        String resolved = html("/incidents/1");
        List<String[]> after = WebScenario.entries(resolved);
        assertEquals("lifecycle", after.get(after.size() - 1)[0]);
        assertTrue(after.get(after.size() - 1)[1].contains("Incident resolved by @alice"));
        assertTrue(resolved.contains("<strong>resolved</strong>") && resolved.contains("pool limit of 10"), resolved);
    }

    // ------------------------------------------------------------------ postmortem

    @Test
    void postmortemIsALiveDraftUntilResolvedThenTheStoredDraftAsHtmlAndMarkdown() throws Exception {
        start(TOKEN);
        String channel = new WebScenario(bot).ordersIncident();

        String live = html("/incidents/1/postmortem");
        assertTrue(live.contains("No draft is stored yet") && live.contains("live draft"), live);
        assertTrue(live.contains("<h1>Incident: Orders API returns 502</h1>"), live);
        assertTrue(live.contains("<h2>Timeline (UTC)</h2>") && live.contains("rolled back deploy 4711"), live);
        assertTrue(live.contains("<a rel=\"nofollow noopener noreferrer\" href=\"https://grafana.example/d/1\">dashboard</a>"), live);
        assertTrue(live.contains("<table>") && live.contains("<th>Action</th>"), "the action items table is a table");
        assertFalse(live.contains("secret token"));

        HttpResponse<String> liveMd = page("/incidents/1/postmortem.md");
        assertEquals(200, liveMd.statusCode());
        assertTrue(liveMd.body().startsWith("# Incident: Orders API returns 502\n"), liveMd.body());
        assertTrue(liveMd.body().contains("**Status:** Investigating"), liveMd.body());

        ackText(bot.command(channel, ALICE, "resolve a connection pool limit of 10"));
        bot.fake.awaitCall("files.completeUploadExternal", WAIT);
        String storedMd = bot.query("SELECT markdown FROM postmortem WHERE incident_id = 1").get(0);

        String stored = html("/incidents/1/postmortem");
        assertTrue(stored.contains("The latest stored postmortem draft"), stored);
        assertFalse(stored.contains("No draft is stored yet"));
        assertTrue(stored.contains("<p><strong>ID:</strong> INC-1") && stored.contains("Resolved")
                && stored.contains("a connection pool limit of 10"), stored);
        assertTrue(stored.contains("href=\"/incidents/1/postmortem.md\"") && stored.contains("href=\"/incidents/1\""));

        HttpResponse<String> md = page("/incidents/1/postmortem.md");
        assertEquals(200, md.statusCode());
        assertEquals(storedMd, md.body());
        assertEquals("text/markdown; charset=utf-8", md.headers().firstValue("Content-Type").orElse(null));
        assertEquals("attachment; filename=\"INC-1-postmortem.md\"", md.headers().firstValue("Content-Disposition").orElse(null));
        assertSecurityHeaders(md);

        // a stored draft is what the page shows, even after more messages arrive
        bot.event(SlackRequests.message(channel, ALICE, SlackRequests.DEFAULT_TS.replace("1700000000", "1900000000"),
                "late message after resolution"));
        assertFalse(html("/incidents/1/postmortem").contains("late message after resolution"));
        assertTrue(html("/incidents/1").contains("late message after resolution"));
    }

    // ------------------------------------------------------------------ escaping

    @Test
    void scriptPayloadsFromSlackShowAsTextOnEveryPage() throws Exception {
        start(TOKEN);
        WebScenario s = new WebScenario(bot);
        s.hostileIncident(false);

        // before resolution: list, timeline, live draft
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("/", html("/"));
        pages.put("/incidents/1", html("/incidents/1"));
        pages.put("/incidents/1/postmortem (live)", html("/incidents/1/postmortem"));
        pages.put("/incidents/1?q=<script>", html("/incidents/1?q=%3Cscript%3E%22%27"));
        s.hostileIncident(true); // INC-2, resolved with a stored draft
        pages.put("/ (2)", html("/"));
        pages.put("/?status=resolved", html("/?status=resolved"));
        pages.put("/incidents/2", html("/incidents/2"));
        pages.put("/incidents/2/postmortem", html("/incidents/2/postmortem"));
        pages.forEach((name, html) -> assertNoExecutableMarkup(html, name));

        String list = pages.get("/ (2)");
        assertShownAsText(list, "list", TITLE_IMG + " Checkout " + SCRIPT, IMG);

        String timeline = pages.get("/incidents/2");
        assertShownAsText(timeline, "timeline", TITLE_IMG, SCRIPT, IMG, "<script>alert(2)</script>",
                "<img src=x onerror=alert(3)>", "[click](javascript:alert(1))", MARKDOWN_JS_LINK,
                "<svg onload=alert(4)> \"quoted\" 'single' & <a href=\"javascript:alert(5)\">a</a>");
        assertTrue(timeline.contains("<span class=\"who\">" + "&lt;script&gt;alert(1)&lt;/script&gt;"
                + "</span><span class=\"badge\">bot</span>"), "the bot's name is text");
        assertTrue(timeline.contains("<title>INC-2 · &lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt; "
                + "Checkout &lt;script&gt;alert(1)&lt;/script&gt; · incident-bot</title>"), timeline);
        assertTrue(pages.get("/incidents/1?q=<script>").contains("value=\"&lt;script&gt;&quot;&#39;\""));

        String draft = pages.get("/incidents/2/postmortem");
        assertTrue(draft.contains("The latest stored postmortem draft"), draft);
        assertShownAsText(draft, "postmortem", SCRIPT, IMG, "<script>alert(2)</script>",
                "<img src=x onerror=alert(3)>", "<svg onload=alert(4)>");
        assertTrue(draft.contains("<a rel=\"nofollow noopener noreferrer\" href=\"\">click</a>")
                && draft.contains("<a rel=\"nofollow noopener noreferrer\" href=\"\">x</a>"), "javascript: hrefs dropped: " + draft);
        String live = pages.get("/incidents/1/postmortem (live)");
        assertShownAsText(live, "live postmortem", SCRIPT, IMG);

        // the Markdown download is the raw text, never rendered: an attachment that browsers must not sniff
        HttpResponse<String> md = page("/incidents/2/postmortem.md");
        assertTrue(md.body().contains(SCRIPT));
        assertEquals("nosniff", md.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertNotNull(md.headers().firstValue("Content-Disposition").orElse(null));
    }
}
