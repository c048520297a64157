package io.incidentbot.e2e;

import io.incidentbot.config.SignInConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Sign in with Slack" on the running app against the fake Slack: the whole OpenID Connect flow,
 * what goes wrong (wrong workspace, bad or replayed state, cancelled, Slack refusing), the session
 * cookie's flags, signing out, and who sees a private incident (its channel's members; admins).
 */
class SignInWithSlackTest {
    private static final String BASE_URL = "https://incidents.example.test";
    private static final String ADMIN_TOKEN = "3f1c9a7e5b2d4f6a8c0e1b3d5f7a9c1e";
    private static final String SECRET_TITLE = "Credential leak in CI logs";
    private static final String PUBLIC_TITLE = "Checkout slow";
    private static final String MEMBER = "U0ALICE";
    private static final String OUTSIDER = "U0MALLORY";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    RunningBot bot;
    SlackSignInFake slack;
    String privateChannel;

    @BeforeEach
    void start() throws Exception {
        bot = RunningBot.withSignIn(dir, ADMIN_TOKEN,
                new SignInConfig(SlackSignInFake.CLIENT_ID, SlackSignInFake.CLIENT_SECRET, BASE_URL));
        slack = new SlackSignInFake(bot.fake);
        privateChannel = bot.openIncident(MEMBER, "--private " + SECRET_TITLE); // INC-1
        bot.openIncident("U0BOB", PUBLIC_TITLE);                                // INC-2
        slack.setMembers(privateChannel, MEMBER, "U0BOT");
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    /** A sign-in begun on the bot: the authorize URL it sent the browser to, and the browser's state cookie. */
    private record Started(String authorizeUrl, String stateCookie) {
        Map<String, String> params() {
            return FakeSlack.parseForm(URI.create(authorizeUrl).getRawQuery());
        }
    }

    private Started begin(String next) throws Exception {
        HttpResponse<String> r = bot.get("/auth/slack?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        assertEquals(303, r.statusCode(), r::body);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Secure"),
                setCookie);
        return new Started(r.headers().firstValue("Location").orElseThrow(), setCookie.split(";", 2)[0]);
    }

    private HttpResponse<String> callback(String query, String cookie) throws Exception {
        return cookie == null ? bot.get("/auth/slack/callback?" + query)
                : bot.get("/auth/slack/callback?" + query, "Cookie", cookie);
    }

    /** Signs {@code userId} of {@code teamId} in; returns the session cookie ("name=value"). */
    private String signIn(String userId, String teamId, String next) throws Exception {
        Started s = begin(next);
        String code = slack.authorize(s.authorizeUrl(), userId, teamId, "Person " + userId);
        HttpResponse<String> r = callback("code=" + code + "&state=" + s.params().get("state"), s.stateCookie());
        assertEquals(303, r.statusCode(), r::body);
        assertEquals(next, r.headers().firstValue("Location").orElse(null));
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("incidentbot_session="), setCookie);
        return setCookie.split(";", 2)[0];
    }

    private HttpResponse<String> page(String path, String session) throws Exception {
        return bot.get(path, "Cookie", session);
    }

    @Test
    void theWholeFlowSignsAMemberOfTheWorkspaceIn() throws Exception {
        HttpResponse<String> anonymous = bot.get("/incidents/2");
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.body().contains("Sign in with Slack")
                && anonymous.body().contains("/auth/slack?next=%2Fincidents%2F2"), anonymous.body());

        Started s = begin("/incidents/2");
        assertTrue(s.authorizeUrl().startsWith("https://slack.com/openid/connect/authorize?"), s.authorizeUrl());
        Map<String, String> p = s.params();
        assertEquals("code", p.get("response_type"));
        assertEquals("openid profile", p.get("scope"));
        assertEquals(SlackSignInFake.CLIENT_ID, p.get("client_id"));
        assertEquals(BASE_URL + "/auth/slack/callback", p.get("redirect_uri"));
        assertEquals(FakeSlack.TEAM_ID, p.get("team"));
        assertTrue(p.get("state").length() >= 32 && p.get("nonce").length() >= 32, p.toString());
        assertFalse(s.stateCookie().contains(p.get("state")), "the cookie binds the browser; it is not the state");

        String code = slack.authorize(s.authorizeUrl(), "U0BOB", FakeSlack.TEAM_ID, "Bob");
        HttpResponse<String> back = callback("code=" + code + "&state=" + p.get("state"), s.stateCookie());
        assertEquals(303, back.statusCode(), back::body);
        assertEquals("/incidents/2", back.headers().firstValue("Location").orElse(null));
        String cookie = back.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.matches("incidentbot_session=[A-Za-z0-9_-]{40,}; Path=/; Max-Age=43200; HttpOnly; "
                + "SameSite=Lax; Secure"), cookie);

        FakeSlack.Call token = bot.fake.awaitCall("openid.connect.token", WAIT);
        assertEquals(code, token.param("code"));
        assertEquals(BASE_URL + "/auth/slack/callback", token.param("redirect_uri"));
        assertTrue(token.header("Authorization").startsWith("Basic "), "client credentials as HTTP Basic");
        FakeSlack.Call userInfo = bot.fake.awaitCall("openid.connect.userInfo", WAIT);
        assertTrue(userInfo.token().startsWith("xoxp-openid-"), userInfo.toString());

        HttpResponse<String> timeline = page("/incidents/2", cookie.split(";", 2)[0]);
        assertEquals(200, timeline.statusCode());
        assertTrue(timeline.body().contains(PUBLIC_TITLE), timeline.body());
        assertTrue(timeline.body().contains("Signed in as Bob") && timeline.body().contains("/auth/signout"));
    }

    @Test
    void aNonMemberNeverSeesThePrivateIncident() throws Exception {
        String session = signIn(OUTSIDER, FakeSlack.TEAM_ID, "/");

        HttpResponse<String> list = page("/", session);
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains(PUBLIC_TITLE), list.body());
        assertFalse(list.body().contains("Credential"), list.body());
        assertTrue(list.body().contains("1 incident"), "the private one is not counted either");

        HttpResponse<String> missing = page("/incidents/99", session);
        assertEquals(404, missing.statusCode());
        for (String path : new String[]{"/incidents/1", "/incidents/1/postmortem", "/incidents/1/postmortem.md",
                "/incidents/INC-1"}) {
            HttpResponse<String> r = page(path, session);
            assertEquals(404, r.statusCode(), path);
            assertFalse(r.body().contains("Credential"), path);
            String asked = path.contains("INC-1") ? "INC-1" : "1";
            assertEquals(missing.body().replace("There is no incident 99.", "?"),
                    r.body().replace("There is no incident " + asked + ".", "?"),
                    "answers like an incident that does not exist: " + path);
        }
        HttpResponse<String> insights = page("/insights", session);
        assertEquals(200, insights.statusCode());
        assertFalse(insights.body().contains("INC-1") || insights.body().contains("Credential"), insights.body());
        assertTrue(insights.body().contains("INC-2"), "the public incident is on the insights page");
    }

    @Test
    void aMemberOfThePrivateChannelSeesIt() throws Exception {
        String session = signIn(MEMBER, FakeSlack.TEAM_ID, "/incidents/1");
        HttpResponse<String> list = page("/", session);
        assertTrue(list.body().contains(SECRET_TITLE) && list.body().contains(PUBLIC_TITLE), list.body());
        assertTrue(list.body().contains("badge private"), "marked private in the list");
        for (String path : new String[]{"/incidents/1", "/incidents/1/postmortem", "/incidents/1/postmortem.md"}) {
            assertEquals(200, page(path, session).statusCode(), path);
        }
        assertTrue(page("/insights", session).body().contains("INC-1"));
        FakeSlack.Call members = bot.fake.awaitCall("conversations.members", WAIT);
        assertEquals(privateChannel, members.param("channel"));
        assertEquals("xoxb-test-token", members.token(), "asked with the bot's token");
    }

    @Test
    void theAdminTokenStillSeesEverything() throws Exception {
        HttpResponse<String> list = bot.get("/", "Authorization", "Bearer " + ADMIN_TOKEN);
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains(SECRET_TITLE) && list.body().contains(PUBLIC_TITLE));
        assertEquals(200, bot.get("/incidents/1", "Authorization", "Bearer " + ADMIN_TOKEN).statusCode());
    }

    @Test
    void anotherWorkspaceIsRefused() throws Exception {
        Started s = begin("/");
        String code = slack.authorize(s.authorizeUrl(), "U0EVE", "T0OTHER", "Eve");
        HttpResponse<String> r = callback("code=" + code + "&state=" + s.params().get("state"), s.stateCookie());
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("workspace this bot does not serve"), r.body());
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty(), "no session");
    }

    @Test
    void aStateIsSingleUseBoundToTheBrowserAndMustBeOurs() throws Exception {
        Started s = begin("/");
        String state = s.params().get("state");
        String code = slack.authorize(s.authorizeUrl(), MEMBER, FakeSlack.TEAM_ID, "Alice");

        HttpResponse<String> forged = callback("code=" + code + "&state=forged-" + state, s.stateCookie());
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("expired"), forged.body());

        Started other = begin("/");
        HttpResponse<String> otherBrowser = callback("code=" + code + "&state=" + other.params().get("state"),
                s.stateCookie());
        assertEquals(400, otherBrowser.statusCode(), "the state cookie of another sign-in does not fit");
        assertTrue(otherBrowser.body().contains("another browser"), otherBrowser.body());

        HttpResponse<String> withoutCookie = callback("code=" + code + "&state=" + state, null);
        assertEquals(400, withoutCookie.statusCode());

        // each failed try above spent its state: the first one is gone too, so a replay cannot work either
        HttpResponse<String> replay = callback("code=" + code + "&state=" + state, s.stateCookie());
        assertEquals(400, replay.statusCode());
        assertTrue(bot.fake.calls("openid.connect.token").isEmpty(), "no code traded for a bad state");

        // a state that worked cannot be used again
        Started fresh = begin("/");
        String freshCode = slack.authorize(fresh.authorizeUrl(), MEMBER, FakeSlack.TEAM_ID, "Alice");
        String query = "code=" + freshCode + "&state=" + fresh.params().get("state");
        assertEquals(303, callback(query, fresh.stateCookie()).statusCode());
        HttpResponse<String> again = callback(query, fresh.stateCookie());
        assertEquals(400, again.statusCode());
        assertTrue(again.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void cancelledOrRefusedSignInsGetAClearPage() throws Exception {
        Started s = begin("/");
        HttpResponse<String> denied = callback("error=access_denied&state=" + s.params().get("state"), s.stateCookie());
        assertEquals(403, denied.statusCode());
        assertTrue(denied.body().contains("You cancelled signing in"), denied.body());

        Started t = begin("/");
        HttpResponse<String> badCode = callback("code=not-a-code&state=" + t.params().get("state"), t.stateCookie());
        assertEquals(502, badCode.statusCode());
        assertTrue(badCode.body().contains("invalid_code") && badCode.body().contains("redirect URL"), badCode.body());
        assertFalse(badCode.body().contains("Exception") || badCode.body().contains("\tat "), "no stack trace");

        Started u = begin("/");
        HttpResponse<String> noCode = callback("state=" + u.params().get("state"), u.stateCookie());
        assertEquals(400, noCode.statusCode());
    }

    @Test
    void nextOnlyLeadsToOurOwnPages() throws Exception {
        for (String evil : new String[]{"https://evil.example/", "//evil.example/x", "/\\evil.example", "/auth/slack"}) {
            Started s = begin(evil);
            String code = slack.authorize(s.authorizeUrl(), MEMBER, FakeSlack.TEAM_ID, "Alice");
            HttpResponse<String> r = callback("code=" + code + "&state=" + s.params().get("state"), s.stateCookie());
            assertEquals("/", r.headers().firstValue("Location").orElse(null), evil);
        }
        assertEquals("/?status=open&page=2", signInLocation("/?status=open&page=2"));
    }

    private String signInLocation(String next) throws Exception {
        Started s = begin(next);
        String code = slack.authorize(s.authorizeUrl(), MEMBER, FakeSlack.TEAM_ID, "Alice");
        return callback("code=" + code + "&state=" + s.params().get("state"), s.stateCookie())
                .headers().firstValue("Location").orElse(null);
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        String session = signIn(MEMBER, FakeSlack.TEAM_ID, "/");
        assertEquals(200, page("/", session).statusCode());
        HttpResponse<String> out = page("/auth/signout", session);
        assertEquals(200, out.statusCode());
        String cleared = out.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cleared.startsWith("incidentbot_session=;") && cleared.contains("Max-Age=0"), cleared);
        HttpResponse<String> after = page("/", session);
        assertEquals(401, after.statusCode(), "the old cookie no longer works");
        assertNotNull(after.body());
    }
}
