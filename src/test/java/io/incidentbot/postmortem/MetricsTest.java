package io.incidentbot.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final Instant T0 = Instant.parse("2026-05-09T14:23:00Z");

    private static Incident incident(Instant started, Instant detected, Instant mitigated, Instant resolved) {
        return new Incident(7, "T1", "Orders API returns 502", null, Severity.P1,
                resolved == null ? Status.INVESTIGATING : Status.RESOLVED, "U1", "U1", "C1", "inc-orders",
                null, null, null, T0, started, detected, mitigated, resolved);
    }

    @Test
    void allThreeMetrics() {
        Metrics m = Metrics.of(incident(T0, T0.plusSeconds(120), T0.plusSeconds(20 * 60), T0.plusSeconds(84 * 60)));
        assertEquals(Optional.of(Duration.ofMinutes(2)), m.ttd());
        assertEquals(Optional.of(Duration.ofMinutes(18)), m.ttm());
        assertEquals(Optional.of(Duration.ofMinutes(84)), m.ttr());
    }

    @Test
    void ttmEmptyWhenNotMitigatedAndTtrEmptyWhenOpen() {
        Metrics m = Metrics.of(incident(T0, T0, null, null));
        assertEquals(Optional.of(Duration.ZERO), m.ttd());
        assertEquals(Optional.empty(), m.ttm());
        assertEquals(Optional.empty(), m.ttr());
    }

    @Test
    void backdatedStartCountsFromStartOfImpact() {
        Instant started = T0.minusSeconds(3600);
        Metrics m = Metrics.of(incident(started, T0, null, T0.plusSeconds(600)));
        assertEquals(Optional.of(Duration.ofHours(1)), m.ttd());
        assertEquals(Optional.of(Duration.ofMinutes(70)), m.ttr());
    }

    @Test
    void negativeDurationsAreClampedToZero() {
        Metrics m = Metrics.of(incident(T0.plusSeconds(300), T0, T0.minusSeconds(60), T0.minusSeconds(10)));
        assertEquals(Optional.of(Duration.ZERO), m.ttd());
        assertEquals(Optional.of(Duration.ZERO), m.ttm());
        assertEquals(Optional.of(Duration.ZERO), m.ttr());
    }

    @Test
    void missingStartAndDetectionDefaultToOpenTime() {
        Metrics m = Metrics.of(incident(null, null, T0.plusSeconds(300), T0.plusSeconds(600)));
        assertEquals(Optional.of(Duration.ZERO), m.ttd());
        assertEquals(Optional.of(Duration.ofMinutes(5)), m.ttm());
        assertEquals(Optional.of(Duration.ofMinutes(10)), m.ttr());
    }

    @Test
    void nullComponentsBecomeEmpty() {
        Metrics m = new Metrics(null, null, null);
        assertTrue(m.ttd().isEmpty() && m.ttm().isEmpty() && m.ttr().isEmpty());
    }

    @Test
    void targets() {
        assertEquals(Duration.ofMinutes(5), Metrics.ttdTarget());
        assertEquals(Duration.ofMinutes(30), Metrics.ttmTarget());
        assertEquals(Optional.of(Duration.ofHours(4)), Metrics.ttrTarget(Severity.P1));
        assertEquals(Optional.of(Duration.ofHours(8)), Metrics.ttrTarget(Severity.P2));
        assertEquals(Optional.of(Duration.ofDays(3)), Metrics.ttrTarget(Severity.P3));
        assertEquals(Optional.empty(), Metrics.ttrTarget(Severity.P4));
        assertEquals(Optional.empty(), Metrics.ttrTarget(null));
    }

    @Test
    void withinTarget() {
        assertTrue(Metrics.withinTarget(Duration.ofMinutes(4), Metrics.ttdTarget()));
        assertTrue(Metrics.withinTarget(Duration.ofMinutes(5), Metrics.ttdTarget()));
        assertFalse(Metrics.withinTarget(Duration.ofMinutes(5).plusSeconds(1), Metrics.ttdTarget()));
    }

    @Test
    void formatUnderAMinute() {
        assertEquals("<1m", Metrics.formatDuration(Duration.ZERO));
        assertEquals("<1m", Metrics.formatDuration(Duration.ofSeconds(59)));
        assertEquals("<1m", Metrics.formatDuration(Duration.ofSeconds(-30)));
        assertEquals("<1m", Metrics.formatDuration(null));
    }

    @Test
    void formatMinutesHoursDays() {
        assertEquals("1m", Metrics.formatDuration(Duration.ofSeconds(60)));
        assertEquals("45m", Metrics.formatDuration(Duration.ofMinutes(45)));
        assertEquals("1h 24m", Metrics.formatDuration(Duration.ofMinutes(84)));
        assertEquals("2h", Metrics.formatDuration(Duration.ofHours(2)));
        assertEquals("3d 4h 5m", Metrics.formatDuration(Duration.ofDays(3).plusHours(4).plusMinutes(5)));
        assertEquals("3d", Metrics.formatDuration(Duration.ofDays(3)));
        assertEquals("1d 5m", Metrics.formatDuration(Duration.ofDays(1).plusMinutes(5)));
        assertEquals("2d 1h", Metrics.formatDuration(Duration.ofHours(49)));
        assertEquals("400d", Metrics.formatDuration(Duration.ofDays(400)));
    }

    @Test
    void formatTruncatesSeconds() {
        assertEquals("1h 24m", Metrics.formatDuration(Duration.ofMinutes(84).plusSeconds(59)));
        assertEquals("1m", Metrics.formatDuration(Duration.ofSeconds(119)));
    }
}
