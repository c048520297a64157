package io.incidentbot.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeMarkdownTest {
    @Test
    void rawHtmlIsEscaped() {
        assertEquals("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n", SafeMarkdown.toHtml("<script>alert(1)</script>"));
        assertEquals("<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n", SafeMarkdown.toHtml("a <img src=x onerror=alert(1)> b"));
    }

    @Test
    void onlyHttpHttpsAndMailtoAddressesSurvive() {
        String html = SafeMarkdown.toHtml("[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x) "
                + "![d](javascript:alert(1)) [e](vbscript:x) <javascript:alert(1)>");
        assertFalse(html.toLowerCase().contains("javascript:alert(1)\""), html);
        assertFalse(html.contains("href=\"javascript") || html.contains("href=\"data") || html.contains("src=\"javascript")
                || html.contains("vbscript:x\""), html);
        String ok = SafeMarkdown.toHtml("[g](https://grafana.example/d/1) [m](mailto:oncall@example.com)");
        assertTrue(ok.contains("<a rel=\"nofollow noopener noreferrer\" href=\"https://grafana.example/d/1\">g</a>"), ok);
        assertTrue(ok.contains("href=\"mailto:oncall@example.com\""), ok);
    }

    @Test
    void tablesAndLineBreaksRender() {
        String html = SafeMarkdown.toHtml("**ID:** INC-1\n**Status:** Open\n\n| # | Action |\n|---|---|\n| 1 | <b>x</b> |\n");
        assertTrue(html.contains("<strong>ID:</strong> INC-1<br>\n<strong>Status:</strong>"), html);
        assertTrue(html.contains("<table>") && html.contains("<td>&lt;b&gt;x&lt;/b&gt;</td>"), html);
    }
}
