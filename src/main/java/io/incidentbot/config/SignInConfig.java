package io.incidentbot.config;


import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * "Sign in with Slack" for the web pages: the Slack app's client id and secret
 * ({@code SLACK_CLIENT_ID}, {@code SLACK_CLIENT_SECRET}, Basic Information → App Credentials) and the
 * address people open the pages at ({@code WEB_BASE_URL}), from which the redirect URL registered in
 * the app is made: {@code <WEB_BASE_URL>/auth/slack/callback}.
 */
public record SignInConfig(String clientId, String clientSecret, String baseUrl) {
    public static final String CALLBACK_PATH = "/auth/slack/callback";

    public SignInConfig {
        if (clientId == null || clientSecret == null || baseUrl == null) {
            throw new IllegalArgumentException("client id, secret and base URL are all required");
        }
    }

    /** The redirect URL Slack sends people back to; it must be listed in the app's OAuth & Permissions. */
    public String redirectUri() {
        return baseUrl + CALLBACK_PATH;
    }

    /** Cookies get {@code Secure} when people reach the pages over https. */
    public boolean httpsOnly() {
        return baseUrl.startsWith("https://");
    }

    @Override
    public String toString() { // never print the secret
        return "SignInConfig[clientId=" + clientId + ", redirectUri=" + redirectUri() + "]";
    }

    /** Null when sign-in is not configured; a {@link Config.ConfigException} when it is half configured. */
    static SignInConfig fromMap(Map<String, String> v) {
        String id = trimmed(v.get("SLACK_CLIENT_ID"));
        String secret = trimmed(v.get("SLACK_CLIENT_SECRET"));
        String base = trimmed(v.get("WEB_BASE_URL"));
        if (id == null && secret == null) {
            return null;
        }
        if (id == null || secret == null) {
            throw new Config.ConfigException("Sign in with Slack needs both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
                    + "(Basic Information → App Credentials); " + (id == null ? "SLACK_CLIENT_ID" : "SLACK_CLIENT_SECRET")
                    + " is not set. Unset both to turn it off.");
        }
        if (base == null) {
            throw new Config.ConfigException("Sign in with Slack needs WEB_BASE_URL: the address people open the web "
                    + "pages at, e.g. https://incidents.example.com (Slack sends them back to "
                    + "<WEB_BASE_URL>" + CALLBACK_PATH + ", which must be a redirect URL of the app).");
        }
        return new SignInConfig(id, secret, baseUrl(base));
    }

    private static String baseUrl(String text) {
        String base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        try {
            URI uri = new URI(base);
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new URISyntaxException(text, "not an http(s) address");
            }
        } catch (URISyntaxException e) {
            throw new Config.ConfigException("WEB_BASE_URL must be the http(s) address of the web pages, such as "
                    + "https://incidents.example.com (got \"" + text + "\")");
        }
        return base;
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
