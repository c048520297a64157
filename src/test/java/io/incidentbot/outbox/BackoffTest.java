package io.incidentbot.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one backoff: doubling from the first wait up to the cap, with up to 25% taken off at random. */
class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    @Test
    void doublesWithJitterUpToTheCap() {
        for (int attempt = 1; attempt <= 40; attempt++) {
            long full = Math.min(2_000L << Math.min(attempt - 1, 20), 300_000L);
            for (int i = 0; i < 50; i++) {
                long ms = backoff.delay(attempt).toMillis();
                assertTrue(ms <= full && ms >= full * 3 / 4 - 1, "attempt " + attempt + ": " + ms + " ms");
            }
        }
    }

    @Test
    void refusesAnEmptyOrUpsideDownRange() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
