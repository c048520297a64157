package io.incidentbot.incident;

import java.util.Optional;

/**
 * What "Sign in with Slack" and the private-incident checks need from Slack's Web API (implemented by
 * the Slack gateway, so the calls get its retries and go to {@code SLACK_API_URL}).
 */
public interface SlackAccounts {

    /** The person Slack signed in (openid.connect.userInfo). */
    record SlackUser(String userId, String teamId, String name) {
    }

    /** What openid.connect.token answers: the access token for userInfo, and the signed ID token (may be null). */
    record Tokens(String accessToken, String idToken) {
    }

    /**
     * Trades the code from Slack's redirect for the person's OpenID tokens (openid.connect.token); throws
     * with Slack's error (e.g. {@code invalid_code}) when Slack refuses.
     */
    Tokens exchangeCode(String clientId, String clientSecret, String code, String redirectUri);

    /** Who the token belongs to (openid.connect.userInfo). */
    SlackUser userInfo(String accessToken);

    /** The workspace the bot serves (auth.test), empty while Slack cannot be reached. */
    Optional<String> workspaceId();

    /** Whether the person is in the channel (conversations.members, cached briefly). */
    boolean isChannelMember(String channelId, String userId);
}
