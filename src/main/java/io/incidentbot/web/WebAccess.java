package io.incidentbot.web;

import io.incidentbot.http.QueryString;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.incidentbot.http.HttpServer.Exchange;
import io.incidentbot.http.HttpServer.Reply;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Who may read the pages, and as whom ({@link Viewer}): whoever presents {@code WEB_ACCESS_TOKEN}
 * (an admin), either as {@code Authorization: Bearer <token>} on each request or once as
 * {@code ?token=<token>}, which trades it for a session cookie (a random id remembered here, never the
 * token) and redirects to the same address without the token, so it does not linger in the address
 * bar or history; or a member of the workspace signed in with Slack ({@link SignInWithSlack}), whose
 * session is kept here the same way.
 */
final class WebAccess {
    static final String COOKIE = "incidentbot_session";
    static final String TOKEN_PARAM = "token";
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    static final int MAX_SESSIONS = 10_000;
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]{0,500}");

    /** null when there is no admin token (Slack sign-in only). */
    private final byte[] tokenDigest;
    private final boolean slackSignIn;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Viewer> sessions;
    private final Duration lifetime;
    /** The token signs in once, as a link (the demo's); null when it is the reusable WEB_ACCESS_TOKEN. */
    private final AtomicBoolean oneTimeTokenUnused;

    /** Who is reading: an admin (the access token) sees everything; a Slack user what their channels allow. */
    record Viewer(String slackUserId, String name, boolean admin) {
        static final Viewer ADMIN = new Viewer(null, "admin (access token)", true);

        static Viewer slackUser(String userId, String name) {
            return new Viewer(userId, name == null || name.isBlank() ? userId : name, false);
        }
    }

    /** Either who may see the page, or the reply to send instead. */
    record Checked(Viewer viewer, Reply refusal) {
    }

    WebAccess(String token) {
        this(token, false, SESSION_LIFETIME, MAX_SESSIONS);
    }

    WebAccess(String token, Duration lifetime, int maxSessions) {
        this(token, false, lifetime, maxSessions);
    }

    /** {@code token} may be null when {@code slackSignIn} is on; one of the two is required. */
    WebAccess(String token, boolean slackSignIn, Duration lifetime, int maxSessions) {
        this(token, slackSignIn, lifetime, maxSessions, false);
    }

    /**
     * With {@code oneTimeToken} the token works once, as {@code ?token=} (a sign-in link): the browser
     * that opens it first gets the session, and the link is dead after that, Bearer use included.
     */
    WebAccess(String token, boolean slackSignIn, Duration lifetime, int maxSessions, boolean oneTimeToken) {
        boolean hasToken = token != null && !token.isEmpty();
        if (!hasToken && !slackSignIn) {
            throw new IllegalArgumentException("a web access token or Sign in with Slack is required");
        }
        this.tokenDigest = hasToken ? sha256(token) : null;
        this.slackSignIn = slackSignIn;
        this.lifetime = lifetime;
        this.oneTimeTokenUnused = oneTimeToken ? new AtomicBoolean(true) : null;
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
        return Optional.ofNullable(authenticate(ex).refusal());
    }

    /** Who is asking, or why not: a 303 that trades {@code ?token=} for a session, or a 401 page. */
    Checked authenticate(Exchange ex) {
        String offered = tokenDigest == null ? null : ex.queryParam(TOKEN_PARAM);
        if (offered != null) {
            if (!matches(offered)) {
                return refused(unauthorized("That token is not right."));
            }
            if (oneTimeTokenUnused != null && !oneTimeTokenUnused.compareAndSet(true, false)) {
                return refused(unauthorized("This sign-in link has been used: it works once, in the browser that "
                        + "opened it first. Start again for a new link."));
            }
            return refused(startSession(Viewer.ADMIN, location(ex), secure(ex, false), "Strict"));
        }
        String auth = tokenDigest == null || oneTimeTokenUnused != null ? null : ex.header("Authorization");
        if (auth != null) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).strip())) {
                return new Checked(Viewer.ADMIN, null);
            }
            return refused(unauthorized("The Authorization header does not carry the right token."));
        }
        String session = ex.cookie(COOKIE);
        Viewer viewer = session == null ? null : sessions.getIfPresent(session);
        if (viewer != null) {
            return new Checked(viewer, null);
        }
        return refused(unauthorized(session != null ? "Your session has ended." : null, signInLink(ex)));
    }

    private static Checked refused(Reply reply) {
        return new Checked(null, reply);
    }

    /** Constant-time comparison (of SHA-256 digests, so the length does not leak either). */
    boolean matches(String offered) {
        return offered != null && tokenDigest != null && MessageDigest.isEqual(sha256(offered), tokenDigest);
    }

    /**
     * A new session for {@code viewer}: a 303 to {@code location} that sets the cookie. {@code sameSite}
     * is Strict for the token; Lax after Slack's redirect, or the browser would not send the cookie on
     * the very next request (it follows a navigation that began on slack.com).
     */
    Reply startSession(Viewer viewer, String location, boolean secure, String sameSite) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        String session = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        sessions.put(session, viewer);
        StringBuilder cookie = new StringBuilder(COOKIE).append('=').append(session)
                .append("; Path=/; Max-Age=").append(lifetime.toSeconds())
                .append("; HttpOnly; SameSite=").append(sameSite);
        if (secure) {
            cookie.append("; Secure");
        }
        return new Reply(303, "text/plain; charset=utf-8", "Signed in; continue at " + location)
                .withHeader("Location", location)
                .withHeader("Set-Cookie", cookie.toString());
    }

    /** Forgets the request's session (if any); returns the header that clears the cookie. */
    String endSession(Exchange ex, boolean secure) {
        String session = ex.cookie(COOKIE);
        if (session != null) {
            sessions.invalidate(session);
        }
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** Whether cookies get {@code Secure}: the public address is https, or a TLS proxy says so. */
    static boolean secure(Exchange ex, boolean publicUrlIsHttps) {
        return publicUrlIsHttps || "https".equalsIgnoreCase(ex.header("X-Forwarded-Proto"));
    }

    /** Where "Sign in with Slack" starts for this request (coming back to the same page), or null when it is off. */
    private String signInLink(Exchange ex) {
        return slackSignIn ? SignInWithSlack.START + "?" + QueryString.build(Map.of(SignInWithSlack.NEXT_PARAM,
                location(ex))) : null;
    }

    long sessionCount() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    /** The same address without the token (only our own plain paths; anything odd goes home). */
    static String location(Exchange ex) {
        String path = ex.path();
        if (!isSafePath(path)) {
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

    static boolean isSafePath(String path) {
        return path != null && SAFE_PATH.matcher(path).matches() && !path.startsWith("//");
    }

    /** The 401 page: a "Sign in with Slack" button when that is on, and how to use the token when there is one. */
    Reply unauthorized(String reason, String slackSignInLink) {
        return slackSignInLink == null ? unauthorized(reason) : unauthorized(reason, slackSignInLink, tokenDigest != null);
    }

    private static Reply unauthorized(String reason, String slackSignInLink, boolean tokenToo) {
        String body = "<h1>Sign in to read incidents</h1>\n"
                + (reason == null ? "" : "<p class=\"note\">" + Html.esc(reason) + "</p>\n")
                + (slackSignInLink == null ? "" : "<p><a class=\"button\" href=\"" + Html.esc(slackSignInLink)
                        + "\">Sign in with Slack</a></p>\n<p class=\"muted\">Members of the workspace see every "
                        + "public incident, and private incidents whose channel they are in.</p>\n")
                + (tokenToo ? "<p class=\"muted\">Admins can also use the web access token "
                        + "(<code>?token=…</code> once, or <code>Authorization: Bearer …</code>).</p>\n" : "");
        return Reply.html(401, Layout.page("Sign in", body, false))
                .withHeader("WWW-Authenticate", "Bearer realm=\"incident-bot\"");
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
