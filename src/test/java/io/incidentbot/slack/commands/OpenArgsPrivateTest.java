package io.incidentbot.slack.commands;

import io.incidentbot.incident.Severity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenArgsPrivateTest {

    @Test
    void privateIsAFlagThatCombinesWithTheOtherOptions() {
        OpenArgs a = OpenArgs.parse("--private Credential leak | a token in CI logs").args();
        assertTrue(a.isPrivate());
        assertEquals("Credential leak", a.title());
        assertEquals("a token in CI logs", a.summary());

        OpenArgs b = OpenArgs.parse("--sev P1 —private --here Payroll exposed").args();
        assertTrue(b.isPrivate() && b.here());
        assertEquals(Severity.P1, b.severity());
        assertEquals("Payroll exposed", b.title());

        assertFalse(OpenArgs.parse("Checkout down").args().isPrivate());
        assertTrue(OpenArgs.parse("--private").error().contains("needs a title"));
        assertTrue(OpenArgs.parse("--privat Oops").error().contains("--private"), "the unknown-option hint names it");
    }
}
