package io.incidentbot.web;

import io.incidentbot.postmortem.UserNames;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlackHtmlTest {
    private static final UserNames NAMES = id -> id.equals("U1") ? "alice" : id;

    @Test
    void mentionsBecomeNamesAndEntitiesAreDecodedThenEscaped() {
        assertEquals("@alice: CPU &gt; 90% &amp; rising", SlackHtml.html("<@U1>: CPU &gt; 90% &amp; rising", NAMES));
        assertEquals("&lt;b&gt;not bold&lt;/b&gt;", SlackHtml.html("&lt;b&gt;not bold&lt;/b&gt;", NAMES));
    }

    @Test
    void onlyHttpLinksBecomeLinks() {
        assertEquals("see <a href=\"https://grafana.example/d/1?a=1&amp;b=2\" rel=\"nofollow noopener noreferrer\">"
                        + "the [dashboard]</a>",
                SlackHtml.html("see <https://grafana.example/d/1?a=1&amp;b=2|the [dashboard]>", NAMES));
        assertEquals("<a href=\"http://x.example/\" rel=\"nofollow noopener noreferrer\">http://x.example/</a>.",
                SlackHtml.html("<http://x.example/>.", NAMES));
        assertEquals("[click](javascript:alert(1))", SlackHtml.html("<javascript:alert(1)|click>", NAMES));
        assertEquals("[x](javascript:alert(1))", SlackHtml.html("[x](javascript:alert(1))", NAMES));
        assertEquals("[x](data:text/html,&lt;script&gt;)", SlackHtml.html("[x](data:text/html,<script>)", NAMES));
        assertEquals("&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;",
                SlackHtml.html("<a href=\"javascript:alert(1)\">x</a>", NAMES));
    }

    @Test
    void aQuoteCannotBreakOutOfTheHref() {
        assertEquals("<a href=\"https://x.example/&quot;onmouseover=&quot;alert`1`\" rel=\"nofollow noopener noreferrer\">"
                        + "y</a>",
                SlackHtml.linkify("[y](https://x.example/\"onmouseover=\"alert`1`)"));
        assertEquals("<a href=\"https://x.example/\" rel=\"nofollow noopener noreferrer\">https://x.example/</a>"
                        + "&quot;onmouseover=&quot;alert(1)",
                SlackHtml.linkify("https://x.example/\"onmouseover=\"alert(1)"));
    }

    @Test
    void namesAreLookedUpOncePerPage() {
        AtomicInteger lookups = new AtomicInteger();
        UserNames memo = SlackHtml.memoize(id -> {
            lookups.incrementAndGet();
            return "@" + id.toLowerCase();
        });
        assertEquals("u1", memo.displayName("U1"));
        assertEquals("u1", memo.displayName("U1"));
        assertEquals("unknown", memo.displayName(null));
        assertEquals(1, lookups.get());
    }
}
