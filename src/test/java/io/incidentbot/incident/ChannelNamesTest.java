package io.incidentbot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelNamesTest {

    private static final Instant OPENED = Instant.parse("2026-05-09T14:23:00Z");
    private static final String PREFIX = "inc-2026-05-09-";
    private static final Pattern SLACK_NAME = Pattern.compile("[a-z0-9-]+");

    private static String name(String title) {
        return ChannelNames.forIncident(OPENED, title, 42, 1);
    }

    @Test
    void plainTitleBecomesDatedLowerCaseSlug() {
        assertEquals("inc-2026-05-09-orders-api-returns-502", name("Orders API returns 502"));
    }

    @Test
    void dateIsTheUtcDateOfOpening() {
        // 00:30 in Berlin on the 10th is still the 9th in UTC.
        Instant lateEvening = Instant.parse("2026-05-09T22:30:00Z");
        assertEquals("inc-2026-05-09-db-down", ChannelNames.forIncident(lateEvening, "DB down", 1, 1));
        Instant justAfterMidnight = Instant.parse("2026-12-31T23:59:59Z").plusSeconds(1);
        assertEquals("inc-2027-01-01-db-down", ChannelNames.forIncident(justAfterMidnight, "DB down", 1, 1));
    }

    @Test
    void punctuationAndRunsOfSpacesCollapseToSingleHyphens() {
        assertEquals(PREFIX + "checkout-down-eu-west-1", name("  Checkout DOWN!!!  (eu-west-1)  "));
        assertEquals(PREFIX + "a-b-c", name("a -- b __ c"));
    }

    @Test
    void accentsAreDropped() {
        assertEquals(PREFIX + "cafe-uberlastung-naive-resume", name("Café Überlastung naïve résumé"));
    }

    @Test
    void slackMentionIsReducedToItsLabel() {
        assertEquals(PREFIX + "alice-broke-prod", name("<@U1|alice> broke prod"));
        assertEquals(PREFIX + "deploy-in-general", name("deploy in <#C123|general>"));
        assertEquals(PREFIX + "see-runbook", name("see <https://example.com/rb|runbook>"));
    }

    @Test
    void markupWithoutLabelIsDropped() {
        assertEquals(PREFIX + "db-is-down", name("<!here> db is down"));
        assertEquals(PREFIX + "paged-for-latency", name("<@U0123ABC> paged for latency"));
    }

    @Test
    void escapedAmpersandBecomesAnd() {
        assertEquals(PREFIX + "search-and-browse-slow", name("Search &amp; browse slow"));
        assertEquals(PREFIX + "search-and-browse-slow", name("Search&amp;browse slow"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"🔥🔥", "!!!", "   ", "—", "&lt;&gt;", "日本語"})
    void titleWithoutUsableLettersFallsBackToTheId(String title) {
        assertEquals("inc-2026-05-09-42", name(title));
    }

    @Test
    void nullTitleFallsBackToTheId() {
        assertEquals("inc-2026-05-09-7", ChannelNames.forIncident(OPENED, null, 7, 1));
    }

    @Test
    void attemptOneHasNoSuffixAndLaterAttemptsNumberIt() {
        assertEquals(PREFIX + "db-down", ChannelNames.forIncident(OPENED, "DB down", 1, 1));
        assertEquals(PREFIX + "db-down-2", ChannelNames.forIncident(OPENED, "DB down", 1, 2));
        assertEquals(PREFIX + "db-down-13", ChannelNames.forIncident(OPENED, "DB down", 1, 13));
        assertEquals(PREFIX + "42-2", ChannelNames.forIncident(OPENED, "🔥🔥", 42, 2));
    }

    @Test
    void longTitleIsCutToEightyCharactersKeepingTheSuffix() {
        String title = "word ".repeat(60); // 300 characters
        assertEquals(300, title.length());
        for (int attempt = 1; attempt <= 12; attempt++) {
            String n = ChannelNames.forIncident(OPENED, title, 42, attempt);
            assertTrue(n.length() <= ChannelNames.MAX_LENGTH, n + " is " + n.length() + " chars");
            assertTrue(n.startsWith(PREFIX + "word-word-"), n);
            String suffix = attempt == 1 ? "" : "-" + attempt;
            assertTrue(n.endsWith(suffix), n);
            String body = n.substring(0, n.length() - suffix.length());
            assertFalse(body.endsWith("-"), "hyphen before the suffix in " + n);
            assertFalse(n.contains("--"), n);
            assertTrue(SLACK_NAME.matcher(n).matches(), n);
        }
    }

    @Test
    void truncationThatLandsOnAHyphenDropsIt() {
        // Attempt 2 leaves 80 - 15 - 2 = 63 characters for the slug: 62 letters and then a hyphen.
        String title = "a".repeat(62) + " " + "b".repeat(200);
        String n = ChannelNames.forIncident(OPENED, title, 42, 2);
        assertEquals(PREFIX + "a".repeat(62) + "-2", n);
        // Attempt 1 has room for 65: the cut falls inside the b's.
        assertEquals(PREFIX + "a".repeat(62) + "-bb", ChannelNames.forIncident(OPENED, title, 42, 1));
        assertEquals(80, ChannelNames.forIncident(OPENED, title, 42, 1).length());
    }

    @Test
    void unbrokenLongWordIsCutExactlyAtTheLimit() {
        String n = ChannelNames.forIncident(OPENED, "x".repeat(300), 42, 3);
        assertEquals(80, n.length());
        assertEquals(PREFIX + "x".repeat(63) + "-3", n);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Orders API returns 502", "<@U1|alice> &amp; <@U2|bob> Ünïcödé ÆØÅ ß", "💥 prod / staging \\ test",
            "tab\tnew\nline", "שלום עולם checkout", "zero\u200Bwidth\u200Djoin", "C++ & C# | pipes",
            "ＦＵＬＬＷＩＤＴＨ １２３", "ﬁle ligature", "---", "a-", "-a"})
    void onlyLowerCaseLettersDigitsAndHyphensEver(String title) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            String n = ChannelNames.forIncident(OPENED, title, 42, attempt);
            assertTrue(SLACK_NAME.matcher(n).matches(), n);
            assertTrue(n.length() <= ChannelNames.MAX_LENGTH, n);
            assertTrue(n.startsWith(PREFIX), n);
            assertFalse(n.endsWith("-"), n);
            assertFalse(n.contains("--"), n);
        }
    }

    @Test
    void fullWidthAndLigaturesAreFoldedToAscii() {
        assertEquals(PREFIX + "fullwidth-123", name("ＦＵＬＬＷＩＤＴＨ １２３"));
        assertEquals(PREFIX + "file-ligature", name("ﬁle ligature"));
    }

    @Test
    void emojiShortcodesLeaveNoWordsInTheName() {
        assertEquals(PREFIX + "payments-down", name(":rotating_light: Payments down"));
        assertEquals(PREFIX + "payments-down", name(":fire::fire: Payments down :+1::skin-tone-2:"));
        assertEquals(PREFIX + "payments-down", name(":red_circle:Payments down"));
        assertEquals(PREFIX + "api-down-since", name("API down (since :alarm_clock:)"));
        assertEquals(PREFIX + "42", name(":fire:"));
        // not shortcodes: times and words joined by colons
        assertEquals(PREFIX + "outage-at-10-30-00", name("Outage at 10:30:00"));
        assertEquals(PREFIX + "error-timeout-in-api", name("error:timeout: in api"));
    }
}
