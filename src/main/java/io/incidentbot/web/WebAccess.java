package io.incidentbot.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.incidentbot.web.HttpServer.Exchange;
import io.incidentbot.web.HttpServer.Reply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may read the pages: whoever presents {@code WEB_ACCESS_TOKEN}, either as
 * {@code Authorization: Bearer <token>} on each request or once as {@code ?token=<token>}, which
 * trades it for a session cookie (a random id remembered here, never the token) and redirects to
 * the same address without the token, so it does not linger in the address bar or history.
 */
final class WebAccess {
    static final String COOKIE = "incidentbot_session";
    static final String TOKEN_PARAM = "token";
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    static final int MAX_SESSIONS = 10_000;
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]{0,500}");

    private final byte[] tokenDigest;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Boolean> sessions;

    WebAccess(String token) {
        this(token, SESSION_LIFETIME, MAX_SESSIONS);
    }

    WebAccess(String token, Duration lifetime, int maxSessions) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("a web access token is required");
        }
        this.tokenDigest = sha256(token);
        this.sessions = Caffeine.newBuilder()
                .maximumSize(maxSessions)
                .expireAfterWrite(lifetime)
                .build();
    }

    /**
     * Empty when the request may see the page; otherwise the reply to send instead: a 303 that
     * sets the session cookie, or a 401 page.
     */
    Optional<Reply> check(Exchange ex) {
        String offered = ex.queryParam(TOKEN_PARAM);
        if (offered != null) {
            if (!matches(offered)) {
                return Optional.of(unauthorized("That token is not right."));
            }
            return Optional.of(signIn(ex));
        }
        String auth = ex.header("Authorization");
        if (auth != null) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).strip())) {
                return Optional.empty();
            }
            return Optional.of(unauthorized("The Authorization header does not carry the right token."));
        }
        String session = ex.cookie(COOKIE);
        if (session != null && sessions.getIfPresent(session) != null) {
            return Optional.empty();
        }
        return Optional.of(unauthorized(session != null ? "Your session has ended." : null));
    }

    /** Constant-time comparison (of SHA-256 digests, so the length does not leak either). */
    boolean matches(String offered) {
        return offered != null && MessageDigest.isEqual(sha256(offered), tokenDigest);
    }

    long sessionCount() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    private Reply signIn(Exchange ex) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        sessions.put(session, Boolean.TRUE);
        StringBuilder cookie = new StringBuilder(COOKIE).append('=').append(session)
                .append("; Path=/; Max-Age=").append(SESSION_LIFETIME.toSeconds())
                .append("; HttpOnly; SameSite=Strict");
        if ("https".equalsIgnoreCase(ex.header("X-Forwarded-Proto"))) {
            cookie.append("; Secure");
        }
        return new Reply(303, "text/plain; charset=utf-8", "Signed in; continue at " + location(ex))
                .withHeader("Location", location(ex))
                .withHeader("Set-Cookie", cookie.toString());
    }

    /** The same address without the token (only our own plain paths; anything odd goes home). */
    static String location(Exchange ex) {
        String path = ex.path();
        if (path == null || !SAFE_PATH.matcher(path).matches() || path.startsWith("//")) {
            path = "/";
        }
        Map<String, String> rest = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : ex.queryParams().entrySet()) {
            if (!e.getKey().equals(TOKEN_PARAM) && !e.getValue().isEmpty()) {
                rest.put(e.getKey(), e.getValue().get(0));
            }
        }
        String query = QueryString.build(rest);
        return query.isEmpty() ? path : path + "?" + query;
    }

    static Reply unauthorized(String reason) {
        String body = "<h1>Sign in to read incidents</h1>\n"
                + (reason == null ? "" : "<p class=\"note\">" + Html.esc(reason) + "</p>\n")
                + "<p>These pages need the web access token (<code>WEB_ACCESS_TOKEN</code> in the bot's "
                + "environment). Ask whoever runs the bot for it, then either:</p>\n<ul>\n"
                + "<li>open this address once with <code>?token=&lt;your token&gt;</code> appended: the bot "
                + "remembers this browser for 12 hours and takes the token out of the address, or</li>\n"
                + "<li>send <code>Authorization: Bearer &lt;your token&gt;</code> with each request "
                + "(for scripts and <code>curl</code>).</li>\n</ul>\n";
        return Reply.html(401, Layout.page("Sign in", body, false))
                .withHeader("WWW-Authenticate", "Bearer realm=\"incident-bot\"");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
