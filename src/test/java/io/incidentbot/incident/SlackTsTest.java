package io.incidentbot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlackTsTest {

    @Test
    void keepsMicroseconds() {
        Instant i = SlackTs.toInstant("1715264580.001200");
        assertEquals(1715264580L, i.getEpochSecond());
        assertEquals(1_200_000, i.getNano());
        assertEquals(Instant.parse("2024-05-09T14:23:00.001200Z"), i);
    }

    @Test
    void fullMicrosecondPrecision() {
        assertEquals(Instant.ofEpochSecond(1715264580L, 999_999_000), SlackTs.toInstant("1715264580.999999"));
        assertEquals(Instant.ofEpochSecond(1715264580L, 1_000), SlackTs.toInstant("1715264580.000001"));
    }

    @Test
    void wholeSecondsAndSurroundingSpace() {
        assertEquals(Instant.ofEpochSecond(1715264580L), SlackTs.toInstant("1715264580"));
        assertEquals(Instant.ofEpochSecond(1715264580L, 500_000_000), SlackTs.toInstant(" 1715264580.5 "));
    }

    @Test
    void orderOfTimestampsIsPreserved() {
        assertTrue(SlackTs.toInstant("1715264580.000100").isBefore(SlackTs.toInstant("1715264580.000200")));
    }

    @Test
    void missingTsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SlackTs.toInstant(null));
        assertThrows(IllegalArgumentException.class, () -> SlackTs.toInstant("  "));
        assertThrows(NumberFormatException.class, () -> SlackTs.toInstant("not-a-ts"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1715264580.001200", "1715264580", "1.5", "1715264580.123456789"})
    void validTimestamps(String ts) {
        assertTrue(SlackTs.isValid(ts));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
            "", " ", "abc", "1715264580.", ".001200", "1715264580.001200x", "-1715264580.001200",
            "1715264580.0012001234", "1e9", "1715264580,001200", " 1715264580.001200", "17152645801234.1",
            "1715264580.001200; DROP TABLE", "１７１５２６４５８０.001200", "0x10", "1.2.3"})
    void junkIsInvalid(String ts) {
        assertFalse(SlackTs.isValid(ts));
    }

    @Test
    void overlongInputIsInvalidWithoutScanning() {
        assertFalse(SlackTs.isValid("1".repeat(100_000)));
    }
}
