package io.incidentbot.slack.inbound;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Verifies Slack's request signature ({@code v0=HMAC-SHA256(secret, "v0:ts:body")}) and rejects
 * timestamps more than five minutes away from now in either direction, so a captured request
 * cannot be replayed later.
 */
public final class SlackSignature {
    static final long MAX_SKEW_SECONDS = 300;

    private final byte[] secret;
    private final Clock clock;

    public SlackSignature(String signingSecret, Clock clock) {
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** Null when the request is genuine, otherwise why it is not. */
    public String problem(String timestampHeader, String signatureHeader, byte[] body) {
        if (timestampHeader == null || signatureHeader == null) {
            return "missing X-Slack-Request-Timestamp or X-Slack-Signature";
        }
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return "malformed X-Slack-Request-Timestamp";
        }
        long now = clock.instant().getEpochSecond();
        if (ts < now - MAX_SKEW_SECONDS || ts > now + MAX_SKEW_SECONDS) {
            return "X-Slack-Request-Timestamp is more than 5 minutes away from now";
        }
        byte[] expected = sign(timestampHeader.trim(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = signatureHeader.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual) ? null : "signature mismatch";
    }

    public String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
