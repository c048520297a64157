package io.incidentbot.slack.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlackSignatureTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final long NOW = 1_778_336_580L;
    private static final byte[] BODY = ("token=xyz&team_id=T1&command=%2Fincident&text=open+DB+down+%F0%9F%94%A5"
            + "&user_id=U1").getBytes(StandardCharsets.UTF_8);

    private final SlackSignature verifier = new SlackSignature(SECRET,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    /** Computed here, independently of the class under test. */
    private static String hmac(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] base = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[base.length + body.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(body, 0, all, base.length, body.length);
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(all));
    }

    @Test
    void independentlyComputedSignatureIsAccepted() throws Exception {
        String ts = Long.toString(NOW);
        assertNull(verifier.problem(ts, hmac(SECRET, ts, BODY), BODY));
    }

    @Test
    void knownSlackExample() throws Exception {
        // The worked example from Slack's "Verifying requests from Slack" guide.
        String secret = "8f742231b10e8888abcd99yyyzzz85a5";
        String ts = "1531420618";
        byte[] body = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
        String expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
        assertEquals(expected, hmac(secret, ts, body));
        SlackSignature atThatTime = new SlackSignature(secret,
                Clock.fixed(Instant.ofEpochSecond(1531420618L + 10), ZoneOffset.UTC));
        assertEquals(expected, atThatTime.sign(ts, body));
        assertNull(atThatTime.problem(ts, expected, body));
    }

    @Test
    void signMatchesTheIndependentComputation() throws Exception {
        assertEquals(hmac(SECRET, "123", BODY), verifier.sign("123", BODY));
    }

    @Test
    void wrongSignatureIsRejected() throws Exception {
        String ts = Long.toString(NOW);
        assertEquals("signature mismatch", verifier.problem(ts, hmac("another-secret", ts, BODY), BODY));
        assertEquals("signature mismatch", verifier.problem(ts, "v0=deadbeef", BODY));
        assertEquals("signature mismatch", verifier.problem(ts, "", BODY));
        String good = hmac(SECRET, ts, BODY);
        assertEquals("signature mismatch", verifier.problem(ts, "v1=" + good.substring(3), BODY));
        assertEquals("signature mismatch", verifier.problem(ts, good.substring(0, good.length() - 1), BODY));
    }

    @Test
    void tamperedBodyIsRejected() throws Exception {
        String ts = Long.toString(NOW);
        String sig = hmac(SECRET, ts, BODY);
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 1] = '2'; // user_id=U2
        assertEquals("signature mismatch", verifier.problem(ts, sig, tampered));
        byte[] longer = (new String(BODY, StandardCharsets.UTF_8) + "&x=1").getBytes(StandardCharsets.UTF_8);
        assertEquals("signature mismatch", verifier.problem(ts, sig, longer));
        assertEquals("signature mismatch", verifier.problem(ts, sig, new byte[0]));
    }

    @Test
    void signatureForAnotherTimestampIsRejected() throws Exception {
        String ts = Long.toString(NOW);
        String sigForEarlier = hmac(SECRET, Long.toString(NOW - 1), BODY);
        assertEquals("signature mismatch", verifier.problem(ts, sigForEarlier, BODY));
    }

    @Test
    void missingHeadersAreRejected() throws Exception {
        String ts = Long.toString(NOW);
        String sig = hmac(SECRET, ts, BODY);
        assertTrue(verifier.problem(null, sig, BODY).startsWith("missing"));
        assertTrue(verifier.problem(ts, null, BODY).startsWith("missing"));
        assertTrue(verifier.problem(null, null, BODY).startsWith("missing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1778336580.5", "1e9", "0x6A2E", "99999999999999999999999"})
    void malformedTimestampIsRejected(String ts) throws Exception {
        assertEquals("malformed X-Slack-Request-Timestamp", verifier.problem(ts, hmac(SECRET, ts, BODY), BODY));
    }

    @Test
    void timestamp301SecondsInThePastIsRejected() throws Exception {
        String ts = Long.toString(NOW - 301);
        String problem = verifier.problem(ts, hmac(SECRET, ts, BODY), BODY);
        assertNotNull(problem);
        assertTrue(problem.contains("5 minutes"), problem);
    }

    @Test
    void timestamp301SecondsInTheFutureIsRejected() throws Exception {
        String ts = Long.toString(NOW + 301);
        String problem = verifier.problem(ts, hmac(SECRET, ts, BODY), BODY);
        assertNotNull(problem);
        assertTrue(problem.contains("5 minutes"), problem);
    }

    @Test
    void exactlyFiveMinutesEitherWayIsAccepted() throws Exception {
        for (long ts : new long[] {NOW - 300, NOW + 300, NOW - 299, NOW + 1}) {
            String t = Long.toString(ts);
            assertNull(verifier.problem(t, hmac(SECRET, t, BODY), BODY), "ts " + t);
        }
    }

    @Test
    void veryOldOrNegativeTimestampsAreRejectedWithoutOverflow() throws Exception {
        for (long ts : new long[] {0L, -1L, Long.MIN_VALUE + 1, Long.MAX_VALUE}) {
            String t = Long.toString(ts);
            assertNotNull(verifier.problem(t, hmac(SECRET, t, BODY), BODY), "ts " + t);
        }
    }

    @Test
    void replayWithAFreshTimestampButOldSignatureIsRejected() throws Exception {
        String old = Long.toString(NOW - 3600);
        String oldSig = hmac(SECRET, old, BODY);
        assertEquals("signature mismatch", verifier.problem(Long.toString(NOW), oldSig, BODY));
    }
}
