package io.incidentbot.integrations.pagerduty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * At most {@code limit} events in any {@code window}: PagerDuty's Events API takes 120 events a
 * minute per routing key and answers 429 past that, so the lane waits instead of being refused.
 */
final class Pacer {
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> sent = new ArrayDeque<>();

    Pacer(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Takes a slot now, or says how long until one is free (nothing is taken then). */
    synchronized Optional<Duration> take() {
        Instant now = clock.instant();
        while (!sent.isEmpty() && !sent.peekFirst().plus(window).isAfter(now)) {
            sent.removeFirst();
        }
        if (sent.size() >= limit) {
            return Optional.of(Duration.between(now, sent.peekFirst().plus(window)));
        }
        sent.addLast(now);
        return Optional.empty();
    }

    /** Gives back the slot just taken (the event was not sent after all). */
    synchronized void giveBack() {
        sent.pollLast();
    }
}
