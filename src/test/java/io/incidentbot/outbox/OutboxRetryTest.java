package io.incidentbot.outbox;

import io.incidentbot.slackapi.SlackGateway.SlackError;
import io.incidentbot.slackapi.SlackGateway.SlackUnavailable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures the outbox retries, and how long it waits between attempts. */
class OutboxRetryTest {
    private final Outbox outbox = new Outbox(null, null, null, Duration.ofSeconds(2), Duration.ofMinutes(5));

    @Test
    void slackBeingDownOrHavingTroubleIsRetriedRefusalsAreNot() {
        assertTrue(Outbox.isTransient(new SlackUnavailable("chat.postMessage", new IOException("connection refused"))));
        for (String error : new String[]{"internal_error", "fatal_error", "service_unavailable", "ratelimited", "invalid_auth"}) {
            assertTrue(Outbox.isTransient(new SlackError("chat.postMessage", error)), error);
        }
        for (String error : new String[]{"channel_not_found", "is_archived", "not_in_channel", "msg_too_long", "HTTP 404"}) {
            assertFalse(Outbox.isTransient(new SlackError("chat.postMessage", error)), error);
        }
        assertFalse(Outbox.isTransient(new IllegalStateException("a bug")));
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        for (int attempt = 1; attempt <= 40; attempt++) {
            long full = Math.min(2_000L << Math.min(attempt - 1, 20), 300_000L);
            for (int i = 0; i < 50; i++) {
                long ms = outbox.backoff(attempt).toMillis();
                assertTrue(ms <= full && ms >= full * 3 / 4 - 1, "attempt " + attempt + ": " + ms + " ms");
            }
        }
    }
}
