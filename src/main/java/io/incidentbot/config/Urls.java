package io.incidentbot.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;

/** URL settings: absolute http(s) with a host, checked once at start-up. */
final class Urls {
    private Urls() {
    }

    static URI http(String name, String text, String example) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null || uri.getRawFragment() != null) {
                throw new URISyntaxException(text, "not an http(s) address");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new Config.ConfigException(name + " must be an http(s) URL such as " + example + " (got \"" + Settings.shown(text) + "\")");
        }
    }

    /** 127.0.0.0/8, ::1 or localhost: traffic that never leaves the machine. */
    static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false; // a name would need a lookup; only literal addresses count
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** A base URL without a trailing slash. */
    static String base(String name, String text, String example) {
        String base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        URI uri = http(name, base, example);
        if (uri.getRawQuery() != null) {
            throw new Config.ConfigException(name + " must be an http(s) address without a query, such as " + example
                    + " (got \"" + Settings.shown(text) + "\")");
        }
        return base;
    }
}
