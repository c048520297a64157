package io.incidentbot.integrations.pagerduty;

import io.incidentbot.testing.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PagerDuty's 120 events a minute per routing key, and how its answers are read. */
class PacerTest {


    @Test
    void takesAHundredAndTwentyAMinuteThenSaysHowLongToWait() {
        MutableClock clock = new MutableClock(Instant.parse("2026-05-09T14:00:00Z"));
        Pacer pacer = new Pacer(PagerDutyLane.EVENTS_PER_MINUTE, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 120; i++) {
            assertEquals(Optional.empty(), pacer.take(), "event " + (i + 1));
            clock.advance(Duration.ofMillis(100)); // 12 s for all of them
        }
        assertEquals(Optional.of(Duration.ofSeconds(48)), pacer.take(), "the first slot frees a minute after it was taken");
        clock.advance(Duration.ofSeconds(48));
        assertEquals(Optional.empty(), pacer.take());
        assertTrue(pacer.take().isPresent(), "one slot freed, one taken");
        pacer.giveBack();
    }

    @Test
    void readsPagerDutysAnswers() {
        assertEquals("Event object is invalid: 'payload.summary' is missing or blank; 'routing_key' is missing",
                EventsApi.message("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                        + "\"errors\":[\"'payload.summary' is missing or blank\",\"'routing_key' is missing\"]}"));
        assertEquals("Bad gateway", EventsApi.message("Bad\n gateway"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), EventsApi.retryAfter("30"));
        assertEquals(Optional.of(EventsApi.MAX_RETRY_AFTER), EventsApi.retryAfter("999999"));
        assertEquals(Optional.empty(), EventsApi.retryAfter("soon"));
        assertEquals("critical", PagerDutyLane.severity(io.incidentbot.incident.Severity.P1));
        assertEquals("info", PagerDutyLane.severity(io.incidentbot.incident.Severity.P4));
    }
}
