package io.incidentbot.web;

import io.incidentbot.incident.SlackAccounts;
import io.incidentbot.http.QueryString;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.incidentbot.config.SignInConfig;
import io.incidentbot.http.HttpServer.Exchange;
import io.incidentbot.http.HttpServer.Reply;
import io.incidentbot.web.WebAccess.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * "Sign in with Slack" (OpenID Connect, authorization code flow) for the web pages:
 * <ol>
 *   <li>{@code GET /auth/slack?next=/…} sends the browser to Slack's authorize page with a random,
 *       single-use {@code state} (also bound to this browser by a short-lived cookie, against CSRF and
 *       login fixation), a {@code nonce}, and {@code team} set to the bot's own workspace;</li>
 *   <li>Slack sends it back to {@code GET /auth/slack/callback?code=…&state=…}; the bot trades the code
 *       (openid.connect.token), asks who it is (openid.connect.userInfo), checks the workspace is the
 *       bot's own, and starts a session (see {@link WebAccess}) before going on to the page first asked;</li>
 *   <li>{@code GET /auth/signout} ends it.</li>
 * </ol>
 * Every failure gets a page that says what happened and how to try again.
 */
final class SignInWithSlack {
    private static final Logger log = LoggerFactory.getLogger(SignInWithSlack.class);
    static final String START = "/auth/slack";
    static final String CALLBACK = SignInConfig.CALLBACK_PATH;
    static final String SIGN_OUT = "/auth/signout";
    static final String NEXT_PARAM = "next";
    static final String STATE_COOKIE = "incidentbot_signin";
    /** Slack's authorize page: the browser goes there, the bot never fetches it. */
    static final String AUTHORIZE_URL = "https://slack.com/openid/connect/authorize";
    static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
    static final int MAX_PENDING = 10_000;
    private static final Pattern SAFE_QUERY = Pattern.compile("[A-Za-z0-9%._~=&+,-]{0,1000}");

    private final SignInConfig config;
    private final SlackAccounts slack;
    private final WebAccess access;
    private final SecureRandom random = new SecureRandom();
    /** state → the sign-in it belongs to; taken out on first use, so a state works once. */
    private final Cache<String, Pending> pending = Caffeine.newBuilder()
            .maximumSize(MAX_PENDING)
            .expireAfterWrite(STATE_LIFETIME)
            .build();

    /** A sign-in under way: the browser cookie it is bound to, the nonce, and where to go afterwards. */
    private record Pending(String browser, String nonce, String next) {
    }

    SignInWithSlack(SignInConfig config, SlackAccounts slack, WebAccess access) {
        this.config = config;
        this.slack = slack;
        this.access = access;
    }

    /** {@code GET /auth/slack}: off to Slack. */
    Reply start(Exchange ex) {
        Optional<String> team = workspace();
        if (team.isEmpty()) {
            return problem(503, "Slack cannot be reached",
                    "The bot cannot reach Slack right now to check which workspace it serves. Try again in a minute.");
        }
        String state = randomToken();
        String nonce = randomToken();
        String browser = randomToken();
        pending.put(state, new Pending(browser, nonce, safeNext(ex.queryParam(NEXT_PARAM))));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("scope", "openid profile");
        params.put("client_id", config.clientId());
        params.put("state", state);
        params.put("nonce", nonce);
        params.put("redirect_uri", config.redirectUri());
        params.put("team", team.get());
        String location = AUTHORIZE_URL + "?" + QueryString.build(params);
        // Lax: the cookie must come back on Slack's redirect, a top-level navigation from slack.com
        String cookie = STATE_COOKIE + "=" + browser + "; Path=" + START + "; Max-Age=" + STATE_LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secure(ex) ? "; Secure" : "");
        return new Reply(303, "text/plain; charset=utf-8", "Continue at " + location)
                .withHeader("Location", location)
                .withHeader("Set-Cookie", cookie);
    }

    /** {@code GET /auth/slack/callback}: back from Slack. */
    Reply callback(Exchange ex) {
        String error = ex.queryParam("error");
        String state = ex.queryParam("state");
        // single use: whatever happens next, this state is spent
        Pending sign = state == null ? null : pending.asMap().remove(state);
        if (error != null) {
            return problem(403, "Not signed in", "access_denied".equals(error)
                    ? "You cancelled signing in with Slack, so nothing was shared with the incident pages."
                    : "Slack did not sign you in (" + error + ").");
        }
        if (sign == null) {
            return problem(400, "This sign-in link has expired",
                    "It was used already, is older than " + STATE_LIFETIME.toMinutes()
                            + " minutes, or did not come from this bot.");
        }
        String browser = ex.cookie(STATE_COOKIE);
        if (browser == null || !MessageDigest.isEqual(browser.getBytes(StandardCharsets.UTF_8),
                sign.browser().getBytes(StandardCharsets.UTF_8))) {
            return problem(400, "Sign-in started elsewhere",
                    "This sign-in was started in another browser (or its cookie was blocked), so it cannot finish here.");
        }
        String code = ex.queryParam("code");
        if (code == null || code.isBlank()) {
            return problem(400, "No sign-in code", "Slack's answer carried no code.");
        }
        SlackAccounts.SlackUser user;
        try {
            SlackAccounts.Tokens tokens = slack.exchangeCode(config.clientId(), config.clientSecret(), code,
                    config.redirectUri());
            if (!nonceMatches(tokens.idToken(), sign.nonce())) {
                log.warn("Sign in with Slack refused: the ID token's nonce is not the one sent");
                return problem(400, "Sign-in not accepted", "Slack's answer does not belong to this sign-in.");
            }
            user = slack.userInfo(tokens.accessToken());
        } catch (RuntimeException e) {
            log.warn("Sign in with Slack failed: {}", e.getMessage());
            return problem(502, "Slack did not confirm who you are",
                    "Slack refused or did not answer (" + e.getMessage() + "). If this keeps happening, check "
                            + "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and that " + config.redirectUri()
                            + " is a redirect URL of the app.");
        }
        Optional<String> ours = workspace();
        if (user.userId() == null || ours.isEmpty() || !ours.get().equals(user.teamId())) {
            log.warn("Sign in with Slack refused for {} of workspace {} (this bot serves {})", user.userId(),
                    user.teamId(), ours.orElse("an unknown workspace"));
            return problem(403, "Another workspace",
                    "You signed in to a workspace this bot does not serve. Sign in again and pick the workspace "
                            + "the incident bot is installed in.");
        }
        log.info("{} signed in to the web pages with Slack", user.userId());
        return access.startSession(Viewer.slackUser(user.userId(), user.name()), sign.next(), secure(ex), "Lax");
    }

    /** {@code GET /auth/signout}: a plain link, which at worst lets another site sign someone out. */
    Reply signOut(Exchange ex) {
        String cleared = access.endSession(ex, secure(ex));
        String body = "<h1>Signed out</h1>\n<p>This browser no longer has access to the incident pages.</p>\n"
                + "<p><a href=\"" + START + "\">Sign in with Slack again</a></p>\n";
        return Reply.html(200, Layout.page("Signed out", body, false)).withHeader("Set-Cookie", cleared);
    }

    private Optional<String> workspace() {
        try {
            return slack.workspaceId();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private boolean secure(Exchange ex) {
        return WebAccess.secure(ex, config.httpsOnly());
    }

    /**
     * The ID token came straight from Slack over TLS, so its claims can be read without checking the
     * signature (OpenID Connect Core 3.1.3.7); the nonce ties it to this sign-in. No ID token: userInfo
     * alone decides, as the code was single-use and bound to this browser.
     */
    static boolean nonceMatches(String idToken, String nonce) {
        if (idToken == null || idToken.isBlank()) {
            return true;
        }
        String[] parts = idToken.split("\\.");
        if (parts.length < 2) {
            return false;
        }
        try {
            JsonElement claims = JsonParser.parseString(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            if (!claims.isJsonObject()) {
                return false;
            }
            JsonObject o = claims.getAsJsonObject();
            JsonElement sent = o.get("nonce");
            return sent == null || sent.isJsonNull() || (sent.isJsonPrimitive() && nonce.equals(sent.getAsString()));
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** Where to go after signing in: one of our own paths, or the incident list. */
    static String safeNext(String next) {
        if (next == null || next.isBlank()) {
            return "/";
        }
        int q = next.indexOf('?');
        String path = q < 0 ? next : next.substring(0, q);
        String query = q < 0 ? null : next.substring(q + 1);
        if (!WebAccess.isSafePath(path) || path.startsWith(START) || (query != null && !SAFE_QUERY.matcher(query).matches())) {
            return "/";
        }
        return next;
    }

    private String randomToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Reply problem(int status, String title, String message) {
        String body = "<h1>" + Html.esc(title) + "</h1>\n<p>" + Html.esc(message) + "</p>\n"
                + "<p><a href=\"" + START + "\">Sign in with Slack again</a> · <a href=\"/\">Incidents</a></p>\n";
        return Reply.html(status, Layout.page(title, body, false));
    }
}
