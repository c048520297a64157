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

    /** 1–12 digits, optionally a dot and 1–9 more (checked by hand: it runs for every event). */
    public static boolean isValid(String ts) {
        if (ts == null) {
            return false;
        }
        int dot = ts.indexOf('.');
        int secondsEnd = dot < 0 ? ts.length() : dot;
        return digits(ts, 0, secondsEnd, 12) && (dot < 0 || digits(ts, dot + 1, ts.length(), 9));
    }

    private static boolean digits(String s, int from, int to, int max) {
        if (to - from < 1 || to - from > max) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
