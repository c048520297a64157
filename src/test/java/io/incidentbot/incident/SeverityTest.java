package io.incidentbot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeverityTest {

    @ParameterizedTest
    @CsvSource({
            "P1, P1", "p1, P1", "1, P1", "sev1, P1", "SEV2, P2", "Sev3, P3", "' p4 ', P4", "4, P4", "p2, P2"})
    void acceptsTheUsualSpellings(String text, Severity expected) {
        assertEquals(Optional.of(expected), Severity.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "P0", "P5", "5", "0", "high", "critical", "PP1", "P 1", "sev", "11", "P1!"})
    void rejectsAnythingElse(String text) {
        assertEquals(Optional.empty(), Severity.parse(text));
    }

    @Test
    void nullIsEmpty() {
        assertEquals(Optional.empty(), Severity.parse(null));
    }

    @Test
    void defaultIsP3AndDisplayNamesTheLabel() {
        assertEquals(Severity.P3, Severity.DEFAULT);
        assertEquals("P1 (Critical)", Severity.P1.display());
        assertEquals("P4 (Low)", Severity.P4.display());
        assertEquals("High", Severity.P2.label());
    }

    @Test
    void orderedFromWorstToLeast() {
        assertEquals(4, Severity.values().length);
        assertEquals(0, Severity.P1.ordinal());
        assertEquals(3, Severity.P4.ordinal());
    }
}
