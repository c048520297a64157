package io.incidentbot.web;

import io.incidentbot.http.HttpServer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared page frame: inline CSS, the one inline script (the timeline's live filter), and the
 * security headers every page carries. The Content-Security-Policy allows only this exact CSS and
 * script (by SHA-256 hash): no other inline code, no event handler attributes, nothing from elsewhere.
 */
final class Layout {
    static final String CSS = """
            :root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--accent:#0969da;\
            --pin:#fff8c5;--pin-edge:#d4a72c;--life:#f6f8fa}
            @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;\
            --accent:#4493f8;--pin:#2e2a12;--pin-edge:#9e6a03;--life:#151b23}}
            *{box-sizing:border-box}
            [hidden]{display:none!important}
            body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;\
            color:var(--fg);background:var(--bg)}
            a{color:var(--accent)}
            .top{border-bottom:1px solid var(--line);padding:.6rem 1rem}
            .top a{color:var(--fg);font-weight:600;text-decoration:none}
            main{max-width:72rem;margin:0 auto;padding:1rem}
            h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .75rem;overflow-wrap:anywhere}
            h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
            .muted,.meta{color:var(--muted)}
            .note{border:1px solid var(--line);border-left:4px solid var(--accent);padding:.5rem .75rem;margin:1rem 0}
            .facts{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:0 0 1rem;padding:0;list-style:none}
            .links{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:0 0 1rem}
            .scroll{overflow-x:auto}
            table{border-collapse:collapse;width:100%}
            th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
            td.title{overflow-wrap:anywhere;min-width:12rem}
            td.nowrap,th{white-space:nowrap}
            .badge{display:inline-block;padding:0 .45rem;border:1px solid var(--line);border-radius:1rem;\
            font-size:.8rem;white-space:nowrap}
            .sev-P1{background:#cf222e;border-color:#cf222e;color:#fff}
            .sev-P2{background:#bc4c00;border-color:#bc4c00;color:#fff}
            .status-resolved{color:var(--muted)}
            form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:0 0 1rem}
            label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
            input,select,button{font:inherit;padding:.3rem .5rem}
            input[type=search]{min-width:16rem;max-width:100%}
            .pager{display:flex;justify-content:space-between;gap:1rem;margin-top:1rem}
            .day{margin:0}
            .day h2{position:sticky;top:0;background:var(--bg);padding:.25rem 0;margin:.75rem 0 0}
            ol.timeline{list-style:none;margin:0;padding:0}
            .entry{padding:.45rem .75rem;border-left:4px solid transparent;border-bottom:1px solid var(--line)}
            .entry.reply{margin-left:2.5rem;border-left-color:var(--line)}
            .entry.pinned{background:var(--pin);border-left-color:var(--pin-edge)}
            .entry.lifecycle{background:var(--life);font-style:italic}
            .entry .meta{font-size:.85rem;display:flex;flex-wrap:wrap;gap:0 .6rem;align-items:baseline}
            .entry .who{color:var(--fg);font-weight:600}
            .entry .text{white-space:pre-wrap;overflow-wrap:anywhere}
            .md{overflow-wrap:anywhere}
            .md pre,.md table{display:block;overflow-x:auto}
            .md code{font-size:.9em}
            .top nav{display:inline-flex;gap:1rem;margin-left:1.5rem}
            .top nav a{font-weight:400}
            .top .account{float:right;color:var(--muted);font-size:.9rem}
            .top .account a{font-weight:400;color:var(--accent)}
            a.button{display:inline-block;padding:.5rem 1rem;border:1px solid var(--line);border-radius:.4rem;\
            font-weight:600;text-decoration:none}
            .badge.private{border-color:var(--muted);color:var(--muted)}
            svg.chart{max-width:100%;height:auto;display:block;margin:.5rem 0}
            svg.chart .grid{stroke:var(--line);stroke-width:1}
            svg.chart .tick{fill:var(--muted);font-size:12px}
            svg.chart .dot{fill:var(--accent)}
            svg.chart .trend{fill:none;stroke:var(--fg);stroke-width:2;opacity:.6}
            svg.chart .target{stroke:#1a7f37;stroke-width:1.5;stroke-dasharray:6 4}
            svg.chart .sev-P1{fill:#cf222e}
            svg.chart .sev-P2{fill:#bc4c00}
            svg.chart .sev-P3{fill:#bf8700}
            svg.chart .sev-P4{fill:#8c959f}
            svg.chart .overdue{fill:#cf222e}
            svg.chart .open{fill:var(--accent)}
            section.insight{margin:1.5rem 0}
            td.channel{overflow-wrap:anywhere}
            @media (max-width:40rem){main{padding:.5rem}.entry.reply{margin-left:1rem}th,td{padding:.3rem .4rem}\
            input[type=search]{min-width:0;width:100%}\
            .top nav{margin-left:1rem}.top .account{float:none;display:block;margin-top:.25rem}\
            table.incidents thead{display:none}table.incidents,table.incidents tbody{display:block}\
            table.incidents tr{display:flex;flex-wrap:wrap;gap:.15rem .9rem;padding:.5rem 0;\
            border-bottom:1px solid var(--line)}\
            table.incidents td{display:block;border:0;padding:0}\
            table.incidents td.title{flex-basis:100%;min-width:0;font-weight:600}\
            table.incidents td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}\
            form label{flex:1 1 8rem}form select{width:100%}}
            """;

    /** Filters the timeline as you type; without it the same form filters on the server. */
    static final String SEARCH_SCRIPT = """
            (function(){var q=document.getElementById('q');if(!q){return;}
            var items=document.querySelectorAll('li.entry'),shown=document.getElementById('shown');
            function apply(){var t=q.value.trim().toLowerCase(),n=0;
            items.forEach(function(li){var hit=!t||li.textContent.toLowerCase().indexOf(t)>=0;li.hidden=!hit;if(hit){n++;}});
            document.querySelectorAll('section.day').forEach(function(s){s.hidden=!s.querySelector('li.entry:not([hidden])');});
            if(shown){shown.textContent=n+' of '+items.length+' entries shown';}}
            q.addEventListener('input',apply);})();
            """;

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src '" + sha256(SEARCH_SCRIPT)
            + "'; style-src '" + sha256(CSS) + "'; img-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** Sent with every page and download (and the 401/404 pages). */
    static final Map<String, String> SECURITY_HEADERS = securityHeaders();

    /** Where the top bar ends: who is signed in goes just before it ({@link #withAccount}). */
    private static final String END_OF_TOP = "</div>\n<main>\n";

    private Layout() {
    }

    /** An HTML page with "signed in as … · Sign out" in its top bar; other replies as they are. */
    static HttpServer.Reply withAccount(HttpServer.Reply reply, WebAccess.Viewer viewer) {
        if (viewer == null || reply.body() == null || !reply.contentType().startsWith("text/html")) {
            return reply;
        }
        int at = reply.body().indexOf(END_OF_TOP);
        if (at < 0) {
            return reply;
        }
        String account = "<span class=\"account\">Signed in as " + Html.esc(viewer.name()) + " · <a href=\"/auth/signout\">"
                + "Sign out</a></span>";
        return new HttpServer.Reply(reply.status(), reply.contentType(),
                reply.body().substring(0, at) + account + reply.body().substring(at), reply.headers());
    }

    /**
     * A whole page. {@code title} is plain text (escaped here); {@code bodyHtml} must already be
     * safe HTML built with {@link Html#esc}.
     */
    static String page(String title, String bodyHtml, boolean withSearchScript) {
        StringBuilder sb = new StringBuilder(bodyHtml.length() + CSS.length() + 1024);
        sb.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<title>").append(Html.esc(title)).append(" · incident-bot</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<div class=\"top\"><a href=\"/\">incident-bot</a><nav aria-label=\"Pages\">")
                .append("<a href=\"/\">Incidents</a><a href=\"/insights\">Insights</a></nav>").append(END_OF_TOP)
                .append(bodyHtml)
                .append("</main>\n");
        if (withSearchScript) {
            sb.append("<script>").append(SEARCH_SCRIPT).append("</script>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static Map<String, String> securityHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Frame-Options", "DENY");
        h.put("Cache-Control", "no-store");
        return Map.copyOf(h);
    }

    static String sha256(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
