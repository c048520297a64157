package io.incidentbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeArgTest {

    private static TimeArg parse(String text) {
        return TimeArg.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    @Test
    void anInstantCountsToTheSecondOrFractionGiven() {
        TimeArg t = parse("2026-05-09T14:00:00Z");
        assertEquals(Instant.parse("2026-05-09T14:00:00Z"), t.from());
        assertEquals(Instant.parse("2026-05-09T14:00:01Z"), t.until());
        TimeArg precise = parse("2026-05-09T14:00:00.250Z");
        assertEquals(Instant.parse("2026-05-09T14:00:00.250Z"), precise.from());
        assertEquals(Instant.parse("2026-05-09T14:00:00.250000001Z"), precise.until());
    }

    @Test
    void withoutAZoneItIsUtcAndAMinuteCountsWhole() {
        TimeArg t = parse("2026-05-09T14:00");
        assertEquals(Instant.parse("2026-05-09T14:00:00Z"), t.from());
        assertEquals(Instant.parse("2026-05-09T14:01:00Z"), t.until());
        assertEquals(t, parse("2026-05-09 14:00"));
        assertEquals(t, parse(" 2026-05-09t14:00 UTC "));
    }

    @Test
    void offsetsAreHonoured() {
        assertEquals(Instant.parse("2026-05-09T12:00:00Z"), parse("2026-05-09T14:00+02:00").from());
        assertEquals(Instant.parse("2026-05-09T12:00:00Z"), parse("2026-05-09T14:00:00+0200").from());
        assertEquals(Instant.parse("2026-05-09T19:30:00Z"), parse("2026-05-09T14:30-05").from());
    }

    @Test
    void aDateIsTheWholeUtcDay() {
        TimeArg day = parse("2026-05-09");
        assertEquals(Instant.parse("2026-05-09T00:00:00Z"), day.from());
        assertEquals(Instant.parse("2026-05-10T00:00:00Z"), day.until());
        assertEquals(day, parse("2026-05-09Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2026-13-01", "2026-02-30", "2026-05-09T25:00", "09/05/2026",
            "2026-05-09+02:00", "1778336580", "2026-05-09T14"})
    void nonsenseIsRefused(String text) {
        assertTrue(TimeArg.parse(text).isEmpty(), text);
    }
}
