package io.incidentbot.slack.commands;

import io.incidentbot.incident.Severity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenArgsNearMissTest {

    @Test
    void nearMissIsAFlagWithoutAValue() {
        OpenArgs a = OpenArgs.parse("--near-miss Almost dropped the table | a staging migration hit prod").args();
        assertTrue(a.nearMiss());
        assertFalse(a.severityGiven());
        assertEquals("Almost dropped the table", a.title());
        assertEquals("a staging migration hit prod", a.summary());

        OpenArgs b = OpenArgs.parse("--sev P2 —near-miss Cert nearly expired").args();
        assertTrue(b.nearMiss() && b.severityGiven());
        assertEquals(Severity.P2, b.severity());
        assertEquals("Cert nearly expired", b.title());

        OpenArgs c = OpenArgs.parse("--sev=1 Checkout down").args();
        assertFalse(c.nearMiss());
        assertTrue(c.severityGiven());
        assertTrue(OpenArgs.parse("--near-miss").error().contains("needs a title"));
    }
}
