package io.incidentbot.postmortem;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TtrTargetsTest {

    @Test
    void defaultsFollowTheTemplate() {
        TtrTargets t = TtrTargets.parse("  ");
        assertEquals(Optional.of(Duration.ofHours(4)), t.forSeverity(Severity.P1));
        assertEquals(Optional.of(Duration.ofHours(8)), t.forSeverity(Severity.P2));
        assertEquals(Optional.of(Duration.ofDays(3)), t.forSeverity(Severity.P3));
        assertEquals(Optional.empty(), t.forSeverity(Severity.P4));
        assertEquals("P1=4h,P2=8h,P3=3d,P4=none", t.toString());
    }

    @Test
    void othersAreConfigurable() {
        TtrTargets t = TtrTargets.parse("P2=12h, p3 = 2d,P4=90m");
        assertEquals(Optional.of(Duration.ofHours(12)), t.forSeverity(Severity.P2));
        assertEquals(Optional.of(Duration.ofDays(2)), t.forSeverity(Severity.P3));
        assertEquals(Optional.of(Duration.ofMinutes(90)), t.forSeverity(Severity.P4));
        assertEquals(Optional.empty(), TtrTargets.parse("P3=none").forSeverity(Severity.P3));
    }

    @Test
    void malformedOrP1OverridesAreRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TtrTargets.parse("P1=8h")).getMessage().contains("fixed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TtrTargets.parse("P2=soon")).getMessage().contains("P2=soon"));
        assertThrows(IllegalArgumentException.class, () -> TtrTargets.parse("P5=1h"));
    }

    @Test
    void theDraftUsesTheConfiguredTarget() {
        Instant start = Instant.parse("2026-05-09T10:00:00Z");
        // impact began 10 minutes before the declaration (a start equal to it would be "unknown")
        Instant declared = start.plus(Duration.ofMinutes(10));
        Incident p2 = new Incident(1, "T", "x", null, Severity.P2, Status.RESOLVED, "U1", "U1", "C1", "inc-x", null,
                null, null, declared, start, declared, null, start.plus(Duration.ofHours(10)));
        String defaults = new PostmortemRenderer(id -> id).render(p2, List.of());
        assertTrue(defaults.contains("TTR (start of impact → resolution): 10h (target < 8h for P2) ⚠️"), defaults);
        String relaxed = new PostmortemRenderer(id -> id, TtrTargets.parse("P2=12h")).render(p2, List.of());
        assertTrue(relaxed.contains("TTR (start of impact → resolution): 10h (target < 12h for P2) ✅"), relaxed);
    }
}
