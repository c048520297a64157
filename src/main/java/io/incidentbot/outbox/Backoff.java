package io.incidentbot.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before trying again: {@code first × 2^(attempt-1)}, at most {@code max}, minus up
 * to a quarter of it at random so that retries from many workers do not arrive together. The one
 * backoff of the bot: the Slack gateway's quick retries and the outbox's patient ones use it.
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (≥ 1) failed attempts. */
    public Duration delay(int attempt) {
        long ms = first.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20);
        ms = Math.min(ms, max.toMillis());
        return Duration.ofMillis(ms - ThreadLocalRandom.current().nextLong(ms / 4 + 1));
    }
}
