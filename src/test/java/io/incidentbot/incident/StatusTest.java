package io.incidentbot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusTest {

    @ParameterizedTest
    @CsvSource({
            "investigating, INVESTIGATING", "IDENTIFIED, IDENTIFIED", "Monitoring, MONITORING",
            "' resolved ', RESOLVED", "rEsOlVeD, RESOLVED"})
    void parsesNamesIgnoringCaseAndSpace(String text, Status expected) {
        assertEquals(Optional.of(expected), Status.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "open", "closed", "resolve", "investigate", "in vestigating", "1"})
    void rejectsOtherWords(String text) {
        assertEquals(Optional.empty(), Status.parse(text));
    }

    @Test
    void nullIsEmpty() {
        assertEquals(Optional.empty(), Status.parse(null));
    }

    @Test
    void displayAndTitleForms() {
        assertEquals("investigating", Status.INVESTIGATING.display());
        assertEquals("Monitoring", Status.MONITORING.title());
        assertEquals("Resolved", Status.RESOLVED.title());
    }

    @Test
    void lifecycleOrder() {
        assertEquals(List.of(Status.INVESTIGATING, Status.IDENTIFIED, Status.MONITORING, Status.RESOLVED),
                List.of(Status.values()));
    }
}
