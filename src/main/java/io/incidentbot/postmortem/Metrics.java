package io.incidentbot.postmortem;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The three response times of an incident.
 * <ul>
 *   <li>TTD, time to detect = detectedAt − startedAt</li>
 *   <li>TTM, time to mitigate = mitigatedAt − detectedAt (empty until mitigated)</li>
 *   <li>TTR, time to resolve = resolvedAt − startedAt (empty until resolved)</li>
 * </ul>
 * Negative durations (clock skew, a backdated start after detection) are clamped to zero.
 */
public record Metrics(Optional<Duration> ttd, Optional<Duration> ttm, Optional<Duration> ttr) {

    private static final Duration TTD_TARGET = Duration.ofMinutes(5);
    private static final Duration TTM_TARGET = Duration.ofMinutes(30);

    public Metrics {
        ttd = ttd == null ? Optional.empty() : ttd;
        ttm = ttm == null ? Optional.empty() : ttm;
        ttr = ttr == null ? Optional.empty() : ttr;
    }

    public static Metrics of(Incident i) {
        Instant started = i.startedAt() != null ? i.startedAt() : i.openedAt();
        Instant detected = i.detectedAt() != null ? i.detectedAt() : i.openedAt();
        return new Metrics(
                between(started, detected),
                between(detected, i.mitigatedAt()),
                between(started, i.resolvedAt()));
    }

    /** TTD target for every severity: 5 minutes. */
    public static Duration ttdTarget() {
        return TTD_TARGET;
    }

    /** TTM target for every severity: 30 minutes. */
    public static Duration ttmTarget() {
        return TTM_TARGET;
    }

    /** The default TTR target: P1 4 h, P2 8 h, P3 3 days, P4 none (see {@link TtrTargets} to configure). */
    public static Optional<Duration> ttrTarget(Severity s) {
        return TtrTargets.defaults().forSeverity(s);
    }

    /** True when {@code d} is not over {@code target} (exactly on target counts as met). */
    public static boolean withinTarget(Duration d, Duration target) {
        return d.compareTo(target) <= 0;
    }

    /**
     * "&lt;1m" under a minute, else days/hours/minutes with zero units skipped: "45m", "1h 24m",
     * "2h", "3d 4h 5m". Seconds are truncated. Null or negative counts as zero.
     */
    public static String formatDuration(Duration d) {
        if (d == null || d.isNegative() || d.toMinutes() < 1) {
            return "<1m";
        }
        long totalMinutes = d.toMinutes();
        long days = totalMinutes / (24 * 60);
        long hours = (totalMinutes / 60) % 24;
        long minutes = totalMinutes % 60;
        StringBuilder sb = new StringBuilder(12);
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (hours > 0) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(minutes).append('m');
        }
        return sb.toString();
    }

    private static Optional<Duration> between(Instant from, Instant to) {
        if (from == null || to == null) {
            return Optional.empty();
        }
        Duration d = Duration.between(from, to);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }
}
