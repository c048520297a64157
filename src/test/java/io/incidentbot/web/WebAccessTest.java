package io.incidentbot.web;

import io.incidentbot.http.HttpServer.Exchange;
import io.incidentbot.http.HttpServer.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebAccessTest {
    private static final String TOKEN = "0123456789abcdef0123";

    private static Exchange get(String path, String query, String... headers) {
        Map<String, List<String>> h = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.computeIfAbsent(headers[i].toLowerCase(), k -> new java.util.ArrayList<>()).add(headers[i + 1]);
        }
        return new Exchange("GET", path, query, h, new byte[0], "127.0.0.1");
    }

    @Test
    void comparesTokensExactly() {
        WebAccess access = new WebAccess(TOKEN);
        assertTrue(access.matches(TOKEN));
        assertFalse(access.matches(TOKEN + "x"));
        assertFalse(access.matches(TOKEN.substring(1)));
        assertFalse(access.matches(""));
        assertFalse(access.matches(null));
    }

    @Test
    void tokenLinkBecomesASessionThatIsRememberedAndBounded() {
        WebAccess access = new WebAccess(TOKEN, Duration.ofHours(1), 2);
        Reply redirect = access.check(get("/incidents/3", "status=open&token=" + TOKEN + "&page=2")).orElseThrow();
        assertEquals(303, redirect.status());
        assertEquals("/incidents/3?status=open&page=2", redirect.headers().get("Location"));
        String cookie = redirect.headers().get("Set-Cookie");
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertEquals(Optional.empty(), access.check(get("/", null, "Cookie", session)));
        assertEquals(401, access.check(get("/", null, "Cookie", session + "x")).orElseThrow().status());

        for (int i = 0; i < 10; i++) {
            access.check(get("/", "token=" + TOKEN));
        }
        assertTrue(access.sessionCount() <= 2, "sessions are bounded: " + access.sessionCount());
    }

    @Test
    void sessionsExpire() throws Exception {
        WebAccess access = new WebAccess(TOKEN, Duration.ofMillis(50), 10);
        String cookie = access.check(get("/", "token=" + TOKEN)).orElseThrow().headers().get("Set-Cookie");
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertEquals(Optional.empty(), access.check(get("/", null, "Cookie", session)));
        Thread.sleep(120);
        Reply expired = access.check(get("/", null, "Cookie", session)).orElseThrow();
        assertEquals(401, expired.status());
        assertTrue(expired.body().contains("session has ended"), expired.body());
    }

    @Test
    void redirectsOnlyToOurOwnPlainPaths() {
        assertEquals("/", WebAccess.location(get("//evil.example/", "token=x")));
        assertEquals("/", WebAccess.location(get("/incidents/<script>", "token=x")));
        assertEquals("/?q=a%20b", WebAccess.location(get("/", "token=x&q=a+b")));
    }

    @Test
    void wrongCredentialsGet401WithInstructions() {
        WebAccess access = new WebAccess(TOKEN);
        for (Exchange ex : List.of(get("/", null), get("/", "token=nope"), get("/", null, "Authorization", "Bearer nope"),
                get("/", null, "Authorization", "Basic " + TOKEN))) {
            Reply r = access.check(ex).orElseThrow();
            assertEquals(401, r.status());
            assertTrue(r.body().contains("?token=") && r.body().contains("WEB_ACCESS_TOKEN"), r.body());
        }
        assertEquals(Optional.empty(), access.check(get("/", null, "Authorization", "bearer " + TOKEN)));
    }
}
