package io.incidentbot.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Slack's side of "Sign in with Slack" and of channel membership, on a {@link FakeSlack}:
 * {@link #authorize} plays the person approving on slack.com (it reads the authorize URL the bot
 * redirected to and hands out a code), {@code openid.connect.token} trades a code once for tokens when
 * the app's client id and secret come as HTTP Basic and the redirect URI matches, and
 * {@code openid.connect.userInfo} says whose token it is. {@code conversations.members} and
 * {@code conversations.info} answer for the channels given here.
 */
final class SlackSignInFake {
    static final String CLIENT_ID = "1234567890.0987654321";
    static final String CLIENT_SECRET = "fake-client-secret-5f3c";

    private record Grant(String userId, String teamId, String name, String nonce, String redirectUri) {
    }

    private final Object lock = new Object();
    private final Map<String, Grant> codes = new HashMap<>();
    private final Map<String, Grant> tokens = new HashMap<>();
    private final Map<String, Set<String>> members = new HashMap<>();
    private final Map<String, String> privateChannels = new HashMap<>();

    SlackSignInFake(FakeSlack fake) {
        fake.answerWith("openid.connect.token", this::token);
        fake.answerWith("openid.connect.userInfo", this::userInfo);
        fake.answerWith("conversations.members", this::members);
        fake.answerWith("conversations.info", this::info);
    }

    /** The person {@code userId} of {@code teamId} approves the sign-in the bot sent the browser to; returns the code. */
    String authorize(String authorizeUrl, String userId, String teamId, String name) {
        Map<String, String> q = FakeSlack.parseForm(URI.create(authorizeUrl).getRawQuery());
        String code = "code-" + UUID.randomUUID();
        synchronized (lock) {
            codes.put(code, new Grant(userId, teamId, name, q.get("nonce"), q.get("redirect_uri")));
        }
        return code;
    }

    void setMembers(String channelId, String... userIds) {
        synchronized (lock) {
            members.put(channelId, Set.of(userIds));
        }
    }

    /** conversations.info says this channel is private and named {@code name}. */
    void privateChannel(String channelId, String name) {
        synchronized (lock) {
            privateChannels.put(channelId, name);
        }
    }

    private String token(FakeSlack.Call call) {
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        if (!basic.equals(call.header("Authorization"))) {
            return error("invalid_client_id");
        }
        Grant grant;
        synchronized (lock) {
            grant = codes.remove(call.param("code") == null ? "" : call.param("code")); // a code works once
        }
        if (grant == null) {
            return error("invalid_code");
        }
        if (!grant.redirectUri().equals(call.param("redirect_uri"))) {
            return error("bad_redirect_uri");
        }
        String accessToken = "xoxp-openid-" + UUID.randomUUID();
        synchronized (lock) {
            tokens.put(accessToken, grant);
        }
        JsonObject claims = new JsonObject();
        claims.addProperty("iss", "https://slack.com");
        claims.addProperty("sub", grant.userId());
        claims.addProperty("aud", CLIENT_ID);
        claims.addProperty("nonce", grant.nonce());
        claims.addProperty("https://slack.com/user_id", grant.userId());
        claims.addProperty("https://slack.com/team_id", grant.teamId());
        JsonObject r = ok();
        r.addProperty("access_token", accessToken);
        r.addProperty("token_type", "Bearer");
        r.addProperty("id_token", jwtPart("{\"typ\":\"JWT\",\"alg\":\"RS256\"}") + "." + jwtPart(claims.toString())
                + ".c2lnbmF0dXJl");
        return r.toString();
    }

    private String userInfo(FakeSlack.Call call) {
        Grant grant;
        synchronized (lock) {
            grant = call.token() == null ? null : tokens.get(call.token());
        }
        if (grant == null) {
            return error("invalid_auth");
        }
        JsonObject r = ok();
        r.addProperty("sub", grant.userId());
        r.addProperty("https://slack.com/user_id", grant.userId());
        r.addProperty("https://slack.com/team_id", grant.teamId());
        r.addProperty("name", grant.name());
        r.addProperty("https://slack.com/team_name", "Acme");
        return r.toString();
    }

    private String members(FakeSlack.Call call) {
        Set<String> in;
        synchronized (lock) {
            in = members.get(call.param("channel"));
        }
        if (in == null) {
            return null; // the default answer: no members listed
        }
        JsonObject r = ok();
        JsonArray list = new JsonArray();
        in.stream().sorted().forEach(list::add);
        r.add("members", list);
        JsonObject meta = new JsonObject();
        meta.addProperty("next_cursor", "");
        r.add("response_metadata", meta);
        return r.toString();
    }

    private String info(FakeSlack.Call call) {
        String name;
        synchronized (lock) {
            name = privateChannels.get(call.param("channel"));
        }
        if (name == null) {
            return null;
        }
        JsonObject ch = new JsonObject();
        ch.addProperty("id", call.param("channel"));
        ch.addProperty("name", name);
        ch.addProperty("is_channel", true);
        ch.addProperty("is_private", true);
        ch.addProperty("is_member", true);
        JsonObject r = ok();
        r.add("channel", ch);
        return r.toString();
    }

    private static String jwtPart(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject ok() {
        JsonObject r = new JsonObject();
        r.addProperty("ok", true);
        return r;
    }

    private static String error(String code) {
        return "{\"ok\":false,\"error\":\"" + code + "\"}";
    }
}
