package io.incidentbot.incident;

import java.math.BigDecimal;
import java.time.Instant;

/** Slack's message timestamps ("1715264580.001200": seconds.micros) as instants. */
public final class SlackTs {
    private SlackTs() {
    }

    public static Instant toInstant(String ts) {
        if (ts == null || ts.isBlank()) {
            throw new IllegalArgumentException("missing Slack ts");
        }
        BigDecimal value = new BigDecimal(ts.trim());
        long seconds = value.longValue();
        long nanos = value.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(seconds, nanos);
    }

    public static boolean isValid(String ts) {
        if (ts == null || ts.length() > 32) {
            return false;
        }
        return ts.matches("\\d{1,12}(\\.\\d{1,9})?");
    }
}
