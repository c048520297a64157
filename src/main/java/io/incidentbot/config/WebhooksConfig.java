package io.incidentbot.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Signed outgoing webhooks (Standard Webhooks).
 *
 * @param urls   {@code WEBHOOK_URLS}: HTTPS (or loopback) receivers; empty turns webhooks off
 * @param secret {@code WEBHOOK_SECRET}: {@code whsec_} + base64 of the signing key
 */
public record WebhooksConfig(List<URI> urls, String secret) {
    static final String PREFIX = "whsec_";
    /** The specification asks for 24 to 64 random bytes. */
    static final int MIN_KEY_BYTES = 24;

    public WebhooksConfig {
        urls = List.copyOf(urls);
    }

    public static WebhooksConfig off() {
        return new WebhooksConfig(List.of(), null);
    }

    public boolean on() {
        return !urls.isEmpty();
    }

    /** The signing key's bytes. */
    public byte[] key() {
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }

    @Override
    public String toString() { // the secret signs for us: never printed
        return "WebhooksConfig[urls=" + urls + "]";
    }

    static WebhooksConfig fromMap(Map<String, String> v) {
        String text = Settings.listOrDefault(v, "WEBHOOK_URLS", "");
        List<URI> urls = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            URI url = Urls.http("WEBHOOK_URLS", part.strip(), "https://hooks.example.com/incidents");
            if (!url.getScheme().equals("https") && !Urls.isLoopback(url)) {
                throw new Config.ConfigException("WEBHOOK_URLS: " + Settings.shown(part.strip()) + " must be an https:// URL "
                        + "(plain http only to 127.0.0.1 or localhost): incident data must not cross a network unencrypted");
            }
            if (!urls.contains(url)) {
                urls.add(url);
            }
        }
        String secret = Settings.trimmed(v.get("WEBHOOK_SECRET"));
        if (urls.isEmpty()) {
            return new WebhooksConfig(List.of(), secret);
        }
        if (secret == null) {
            throw new Config.ConfigException("WEBHOOK_URLS is set but WEBHOOK_SECRET is not: set it to whsec_ followed "
                    + "by base64 of 32 random bytes (e.g. echo whsec_$(openssl rand -base64 32)); receivers verify with it.");
        }
        byte[] key;
        try {
            key = secret.startsWith(PREFIX) ? Base64.getDecoder().decode(secret.substring(PREFIX.length())) : null;
        } catch (IllegalArgumentException e) {
            key = null;
        }
        if (key == null || key.length < MIN_KEY_BYTES || key.length > 64) {
            throw new Config.ConfigException("WEBHOOK_SECRET must be whsec_ followed by base64 of 24 to 64 random bytes "
                    + "(e.g. echo whsec_$(openssl rand -base64 32)), as the Standard Webhooks specification defines.");
        }
        return new WebhooksConfig(urls, secret);
    }
}
