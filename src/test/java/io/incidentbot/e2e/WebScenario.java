package io.incidentbot.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.incidentbot.e2e.RunningBot.ackText;
import static io.incidentbot.e2e.SlackRequests.botMessage;
import static io.incidentbot.e2e.SlackRequests.message;
import static io.incidentbot.e2e.SlackRequests.messageChanged;
import static io.incidentbot.e2e.SlackRequests.messageDeleted;
import static io.incidentbot.e2e.SlackRequests.pinAdded;
import static io.incidentbot.e2e.SlackRequests.reactionAdded;
import static io.incidentbot.e2e.SlackRequests.threadReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Incidents for the web page tests, built through signed Slack requests, and checks on the HTML. */
final class WebScenario {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String TOKEN = "test-web-access-token-0123456789";
    static final String ALICE = "U0ALICE";
    static final String BOB = "U0BOB";
    static final String MALLORY = "U0MALLORY";
    /** Mallory's second account, same display name: one person declaring the same title twice within 10 s is one incident. */
    static final String MALLORY_TOO = "U0MALLORY2";

    /** Payloads as they would be typed; each must reach every page as visible text. */
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "<img src=x onerror=alert(1)>";
    static final String TITLE_IMG = "<img src=x onerror=\"document.title='pwned'\">";
    static final String SLACK_JS_LINK = "<javascript:alert(1)|click>";
    static final String MARKDOWN_JS_LINK = "[x](javascript:alert(1))";

    private final RunningBot bot;
    private long baseMicros = Instant.now().toEpochMilli() * 1000;

    WebScenario(RunningBot bot) {
        this.bot = bot;
        bot.fake.addUser(ALICE, "alice");
        bot.fake.addUser(BOB, "bob");
        bot.fake.addUser(MALLORY, IMG); // a display name is user text too
        bot.fake.addUser(MALLORY_TOO, IMG);
    }

    /** A valid Slack ts {@code offsetMillis} after the scenario's base time. */
    String ts(long offsetMillis) {
        long micros = baseMicros + offsetMillis * 1000;
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    void messagesStartNow() {
        baseMicros = Instant.now().toEpochMilli() * 1000;
    }

    /**
     * INC-n "Orders API returns 502" (P2, lead alice): a linked message (pinned), an alerting bot,
     * a thread reply, an edited message, a deleted one. Returns the channel.
     */
    String ordersIncident() {
        String channel = bot.openIncident(ALICE, "--sev P2 Orders API returns 502 | checkout is down");
        messagesStartNow();
        ok(bot.event(message(channel, ALICE, ts(10),
                "DB CPU at 95% &amp; climbing, see <https://grafana.example/d/1|dashboard>")));
        ok(bot.event(botMessage(channel, "B0ALERTS", "Alerting", ts(11), "orders-db CPU &gt; 90%")));
        ok(bot.event(threadReply(channel, BOB, ts(12), ts(10), "acknowledged, looking at <@U0ALICE>'s graph")));
        ok(bot.event(message(channel, BOB, ts(13), "typo mesage")));
        ok(bot.event(messageChanged(channel, BOB, ts(13), "typo mesage", "rolled back deploy 4711", ts(14))));
        ok(bot.event(message(channel, BOB, ts(15), "secret token pasted by accident")));
        ok(bot.event(messageDeleted(channel, BOB, ts(16), ts(15), "secret token pasted by accident")));
        ok(bot.event(message(channel, ALICE, ts(17), "error rate back to normal")));
        ok(bot.event(reactionAdded(channel, ALICE, "pushpin", ts(10))));
        ok(bot.event(pinAdded(channel, ALICE, ts(11))));
        return channel;
    }

    /**
     * An incident whose title, lead name, messages, bot name and root cause carry script payloads,
     * raw and entity-escaped (as Slack really sends them), then resolved so a draft is stored.
     */
    String hostileIncident(boolean resolve) {
        String channel = bot.openIncident(resolve ? MALLORY_TOO : MALLORY, TITLE_IMG + " Checkout " + SCRIPT);
        messagesStartNow();
        ok(bot.event(message(channel, MALLORY, ts(1), SCRIPT)));
        ok(bot.event(message(channel, MALLORY, ts(2), "&lt;script&gt;alert(2)&lt;/script&gt;")));
        ok(bot.event(message(channel, MALLORY, ts(3), IMG)));
        ok(bot.event(message(channel, MALLORY, ts(4), "&lt;img src=x onerror=alert(3)&gt;")));
        ok(bot.event(message(channel, MALLORY, ts(5), "a link " + SLACK_JS_LINK)));
        ok(bot.event(message(channel, MALLORY, ts(6), "markdown " + MARKDOWN_JS_LINK)));
        ok(bot.event(message(channel, MALLORY, ts(7), "<svg onload=alert(4)> \"quoted\" 'single' & <a href=\"javascript:alert(5)\">a</a>")));
        ok(bot.event(botMessage(channel, "B0EVIL", SCRIPT, ts(8), "bot says " + IMG)));
        ok(bot.event(reactionAdded(channel, MALLORY, "pushpin", ts(3))));
        if (resolve) {
            int uploads = bot.fake.calls("files.completeUploadExternal").size();
            ackText(bot.command(channel, MALLORY, "resolve " + SCRIPT + " " + MARKDOWN_JS_LINK));
            bot.fake.awaitCalls("files.completeUploadExternal", uploads + 1, WAIT);
        }
        return channel;
    }

    private static void ok(java.net.http.HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r::body);
    }

    // ------------------------------------------------------------------ HTML checks

    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)");
    private static final List<String> ALLOWED_TAGS = List.of("html", "head", "meta", "title", "style", "body", "div",
            "main", "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "ul", "ol", "li", "table", "thead", "tbody", "tr",
            "th", "td", "span", "strong", "em", "code", "pre", "form", "label", "input", "select", "option",
            "button", "nav", "section", "article", "time", "br", "hr", "blockquote", "script", "del",
            // the insights page's charts (inline SVG)
            "svg", "g", "line", "polyline", "circle", "rect", "text");

    /**
     * Every tag is one the pages write themselves, no attribute is an event handler, every address
     * is http(s), mailto, relative or empty, and the only script is the page's own (with no alert).
     */
    static void assertNoExecutableMarkup(String html, String page) {
        Matcher tag = TAG.matcher(html);
        int scripts = 0;
        while (tag.find()) {
            String name = tag.group(2).toLowerCase(Locale.ROOT);
            assertTrue(ALLOWED_TAGS.contains(name), () -> page + ": unexpected <" + name + "> in\n" + html);
            if (name.equals("script") && tag.group(1).isEmpty()) {
                scripts++;
                int end = html.indexOf("</script>", tag.end());
                String code = html.substring(tag.end(), end);
                assertFalse(code.contains("alert") || code.contains("pwned"), page + ": foreign script " + code);
            }
            Matcher attr = ATTRIBUTE.matcher(tag.group(3));
            while (attr.find()) {
                String a = attr.group(1).toLowerCase(Locale.ROOT);
                String value = unescape(attr.group(2).replaceAll("^[\"']|[\"']$", "")).strip().toLowerCase(Locale.ROOT);
                assertFalse(a.startsWith("on"), () -> page + ": event handler attribute " + a + " in " + tag.group());
                assertFalse(a.equals("style") || a.equals("srcdoc"), () -> page + ": attribute " + a + " in " + tag.group());
                if (a.equals("href") || a.equals("src") || a.equals("action")) {
                    assertTrue(value.isEmpty() || value.startsWith("/") || value.startsWith("?") || value.startsWith("#")
                                    || value.startsWith("http://") || value.startsWith("https://") || value.startsWith("mailto:"),
                            () -> page + ": unsafe address " + value + " in " + tag.group());
                }
                assertFalse(value.replaceAll("\\s", "").contains("javascript:"), () -> page + ": javascript: in " + tag.group());
            }
        }
        assertTrue(scripts <= 1, page + ": " + scripts + " scripts");
    }

    /** The entity-escaped forms of the raw payloads are in the page, i.e. they show as text. */
    static void assertShownAsText(String html, String page, String... payloads) {
        for (String p : payloads) {
            String escaped = p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;").replace("'", "&#39;");
            assertTrue(html.contains(escaped), () -> page + " does not show " + p + " as text:\n" + html);
        }
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&#58;", ":").replace("&colon;", ":").replace("&amp;", "&");
    }

    /** The {@code <li class="entry …">} items of a timeline page: class list → inner HTML. */
    static List<String[]> entries(String html) {
        Matcher m = Pattern.compile("<li class=\"entry ([^\"]*)\">(.*?)</li>", Pattern.DOTALL).matcher(html);
        List<String[]> out = new ArrayList<>();
        while (m.find()) {
            out.add(new String[]{m.group(1), m.group(2)});
        }
        return out;
    }

    /** The {@code <tr class="incident">} rows' ids (INC-n) of a list page, in order. */
    static List<String> listedIds(String html) {
        Matcher m = Pattern.compile("<tr class=\"incident\"><td class=\"nowrap\"><a href=\"/incidents/\\d+\">(INC-\\d+)</a>")
                .matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
