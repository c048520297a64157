package io.incidentbot.integrations.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Signatures as the Standard Webhooks specification defines them: {@code v1,} and the base64 of
 * HMAC-SHA256, under the secret's key (the base64 after {@code whsec_}), of
 * {@code <webhook-id>.<webhook-timestamp>.<body>}.
 */
final class StandardWebhooks {
    private final byte[] key;

    StandardWebhooks(byte[] key) {
        this.key = key.clone();
    }

    String sign(String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
