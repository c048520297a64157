package io.incidentbot.slack.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.incident.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenArgsTest {

    private static OpenArgs ok(String text) {
        OpenArgs.Result r = OpenArgs.parse(text);
        assertNull(r.error(), () -> "unexpected error for [" + text + "]: " + r.error());
        return r.args();
    }

    private static String error(String text) {
        OpenArgs.Result r = OpenArgs.parse(text);
        assertNull(r.args(), () -> "expected an error for [" + text + "] but got " + r.args());
        return r.error();
    }

    @Test
    void titleAndSummary() {
        OpenArgs a = ok("Orders API returns 502 | checkout is down");
        assertEquals("Orders API returns 502", a.title());
        assertEquals("checkout is down", a.summary());
        assertEquals(Severity.P3, a.severity());
    }

    @Test
    void titleOnlyHasNoSummary() {
        OpenArgs a = ok("  Orders API returns 502  ");
        assertEquals("Orders API returns 502", a.title());
        assertNull(a.summary());
    }

    @Test
    void emptySummaryAfterTheBarIsNone() {
        OpenArgs a = ok("DB down |   ");
        assertEquals("DB down", a.title());
        assertNull(a.summary());
    }

    @Test
    void onlyTheFirstBarSplits() {
        OpenArgs a = ok("DB down | replica lag | primary ok");
        assertEquals("DB down", a.title());
        assertEquals("replica lag | primary ok", a.summary());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "--sev P1 Checkout is down; P1",
            "--sev=p2 Checkout is down; P2",
            "--severity 1 Checkout is down; P1",
            "--severity=sev4 Checkout is down; P4",
            "--SEV P2 Checkout is down; P2",
            "—sev P1 Checkout is down; P1",
            "--sev   3    Checkout is down; P3"})
    void severityOption(String text, Severity expected) {
        OpenArgs a = ok(text);
        assertEquals(expected, a.severity());
        assertEquals("Checkout is down", a.title());
        assertNull(a.summary());
    }

    @Test
    void severityOptionWithSummary() {
        OpenArgs a = ok("--sev P1 Orders API returns 502 | checkout is down for ~35% of users");
        assertEquals(Severity.P1, a.severity());
        assertEquals("Orders API returns 502", a.title());
        assertEquals("checkout is down for ~35% of users", a.summary());
    }

    @Test
    void severityAfterTheTitleIsPartOfTheTitle() {
        OpenArgs a = ok("Checkout is down --sev P1");
        assertEquals("Checkout is down --sev P1", a.title());
        assertEquals(Severity.P3, a.severity());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--sev P5 Checkout down", "--sev=high Checkout down", "--severity 0 Checkout down",
            "--sev"})
    void invalidSeverityExplainsTheChoices(String text) {
        String e = error(text);
        assertTrue(e.contains("P1") && e.contains("P4"), e);
    }

    @Test
    void invalidSeverityQuotesWhatWasTyped() {
        assertTrue(error("--sev P7 Checkout down").contains("`P7`"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--secret Checkout down", "--title=Checkout down", "--sevv P1 Checkout down"})
    void unknownOptionIsAnError(String text) {
        String e = error(text);
        assertTrue(e.startsWith("Unknown option `--"), e);
    }

    @Test
    void unknownOptionNamesTheOption() {
        assertTrue(error("--force Checkout down").contains("`--force`"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "--sev P1", "--sev=P2   ", "| checkout is down", "  |  ", "--sev P1 | summary"})
    void missingTitleTellsHowToTypeIt(String text) {
        String e = error(text);
        assertTrue(e.contains("needs a title"), e);
        assertTrue(e.contains("/incident open <title>"), e);
    }

    @Test
    void mentionInTheTitleDoesNotSplitAtItsBar() {
        OpenArgs a = ok("<@U1|bob> cannot log in | SSO returns 500");
        assertEquals("<@U1|bob> cannot log in", a.title());
        assertEquals("SSO returns 500", a.summary());
    }

    @Test
    void markupWithoutAnyOutsideBarIsAllTitle() {
        OpenArgs a = ok("Deploy by <@U1|bob> broke <#C1|checkout> see <https://x.example/a|runbook>");
        assertEquals("Deploy by <@U1|bob> broke <#C1|checkout> see <https://x.example/a|runbook>", a.title());
        assertNull(a.summary());
    }
}
