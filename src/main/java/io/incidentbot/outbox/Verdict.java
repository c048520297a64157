package io.incidentbot.outbox;

import java.time.Duration;

/** What a failed attempt means for its job, as its {@link LaneHandler} judges the failure. */
public sealed interface Verdict {
    /** The reason, one line, as the logs and the incident channel show it. */
    String reason();

    /** The other side had trouble (down, 5xx, a timeout): tried again with backoff, without limit. */
    record Retry(String reason) implements Verdict {
    }

    /** The other side said when to come back (e.g. Slack's Retry-After): not an error, no attempt counted. */
    record WaitFor(Duration delay, String reason) implements Verdict {
    }

    /** Refused for good (e.g. {@code channel_not_found}): given up at once, and the incident is told. */
    record Refused(String reason) implements Verdict {
    }

    /**
     * Only an operator can fix it ({@code missing_scope}, a revoked token…): the incident is told at
     * the first occurrence, saying what to fix, and the job keeps being retried until it is fixed.
     */
    record NeedsOperator(String reason, String fix) implements Verdict {
    }

    /** A failure nobody foresaw (a bug, {@code OutOfMemoryError}): tried {@value Outbox#MAX_CRASHES} times, then given up. */
    record Unexpected(String reason) implements Verdict {
    }
}
