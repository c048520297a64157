package io.incidentbot.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {
    private static Duration min(long m) {
        return Duration.ofMinutes(m);
    }

    @Test
    void trendIsTheMovingMedianOfTheLastFive() {
        assertEquals(List.of(min(10), min(15), min(10), min(15), min(10), min(20), min(30)),
                Charts.movingMedian(List.of(min(10), min(20), min(5), min(40), min(1), min(30), min(60)), 5));
        assertEquals(List.of(), Charts.movingMedian(List.of(), 5));
    }

    @Test
    void gridStepsAreRound() {
        assertEquals(1, Charts.niceStep(1));
        assertEquals(1, Charts.niceStep(5));
        assertEquals(2, Charts.niceStep(7));
        assertEquals(5, Charts.niceStep(23));
        assertEquals(20, Charts.niceStep(97));
    }

    @Test
    void labelsAreEscapedAndNothingIsStyledInline() {
        String svg = Charts.durations("TTM <b>", List.of(
                new Charts.Point(Instant.parse("2026-01-01T00:00:00Z"), min(12), "INC-1 <script>"),
                new Charts.Point(Instant.parse("2026-02-01T00:00:00Z"), min(90), "INC-2")), min(30));
        assertTrue(svg.startsWith("<svg class=\"chart\" role=\"img\""), svg);
        assertTrue(svg.contains("<title>TTM &lt;b&gt;</title>"), svg);
        assertTrue(svg.contains("<title>INC-1 &lt;script&gt; · 2026-01-01 · 12m</title>"), svg);
        assertFalse(svg.contains("<script") || svg.contains("style="), svg);
        String bars = Charts.splitBars("owners", List.of("<img src=x onerror=alert(1)>"), new int[]{1}, new int[]{2},
                "overdue", "not yet due");
        assertTrue(bars.contains("&lt;img src=x onerror=alert(1)&gt;"), bars);
        assertFalse(bars.contains("<img"), bars);
    }

    @Test
    void emptyChartsSaySo() {
        assertTrue(Charts.durations("TTR", List.of(), null).contains("No incidents with this time yet"));
        assertTrue(Charts.stackedColumns("by month", List.of("2026-01"), List.of("P1"), List.of("sev-P1"),
                new int[][]{{0}}).contains("No incidents in this period"));
    }
}
