package io.incidentbot.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class HtmlTest {
    @Test
    void escapesTheFiveSpecialCharacters() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;",
                Html.esc("<script>alert(\"x\")</script> & 'y'"));
        assertEquals("&amp;lt; stays visible as &amp;lt;", Html.esc("&lt; stays visible as &lt;"));
    }

    @Test
    void nullIsEmptyAndPlainTextIsReturnedAsIs() {
        assertEquals("", Html.esc(null));
        String plain = "Orders API returns 502 🔥 — ünïcödé";
        assertSame(plain, Html.esc(plain));
    }

    @Test
    void controlCharactersOtherThanWhitespaceAreDropped() {
        assertEquals("a\tb\nc\r\nd", Html.esc("a\tb\nc\r\n\u0000d\u0007"));
    }
}
