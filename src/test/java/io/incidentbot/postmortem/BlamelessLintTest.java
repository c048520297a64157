package io.incidentbot.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.postmortem.BlamelessLint.Finding;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlamelessLintTest {

    /** Blaming sentences and the phrase the reason must quote. */
    static Stream<Arguments> blaming() {
        return Stream.of(
                Arguments.of("Bob forgot to drain the node before the upgrade.", "forgot to"),
                Arguments.of("@alice should have checked the migration on staging first.", "should have"),
                Arguments.of("<@U024BE7LH> carelessly ran the cleanup script against production.", "carelessly"),
                Arguments.of("It was <@U123ABC|bob>'s fault that the cache was flushed.", "@bob's fault"),
                Arguments.of("This outage was caused by human error.", "human error"),
                Arguments.of("The reviewer should have caught this.", "should have"),
                Arguments.of("Alice made a mistake in the firewall rule.", "mistake"),
                Arguments.of("@dave failed to follow the failover runbook.", "failed to"),
                Arguments.of("Carol ignored the disk space alert for two hours.", "ignored"),
                Arguments.of("The on-call engineer neglected to escalate to the DB team.", "neglected to"),
                Arguments.of("Eve was careless with the production credentials.", "careless"),
                Arguments.of("Blame @frank for the bad config push.", "blame"),
                Arguments.of("Someone forgot to renew the TLS certificate.", "forgot to"),
                Arguments.of("Bob shouldn't have deployed on a Friday afternoon.", "shouldn't have"),
                Arguments.of("@grace screwed up the DNS change.", "screwed up"),
                Arguments.of("Heidi's sloppy review let the bug through.", "sloppy"),
                Arguments.of("Ivan didn't bother to run the integration tests.", "didn't bother"),
                Arguments.of("The deploy broke because Judy messed up the config.", "messed up"),
                Arguments.of("Mallory is to blame for the outage.", "to blame"),
                Arguments.of("The mistake was made by @oscar during the failover.", "mistake"),
                Arguments.of("He forgot to update the feature flag.", "forgot to"),
                Arguments.of("Peggy was negligent in approving the change.", "negligent"),
                Arguments.of("Honestly, Trent is incompetent with Terraform.", "incompetent"),
                Arguments.of("Walter should not have restarted the primary.", "should not have"),
                Arguments.of("Chris forgot the feature flag was still on.", "forgot"),
                Arguments.of("The alert was ignored by <@U777|victor> for 40 minutes.", "ignored"),
                Arguments.of("Sybil’s mistake took down checkout.", "mistake"),
                Arguments.of("<!subteam^S0614TZR7|@oncall> failed to acknowledge the page.", "failed to"));
    }

    /** Sentences that mention people or blaming words but do not blame a person. */
    static Stream<String> neutral() {
        return Stream.of(
                "@alice rolled back the deploy at 14:40.",
                "Bob paged the DB team.",
                "The script failed to handle large tables.",
                "<@U024BE7LH> acknowledged the page and started looking at DB CPU.",
                "The migration should have been run in stages.",
                "Alice noticed that the health check failed to detect the stuck worker.",
                "Kubernetes failed to reschedule the pods because the node pool was full.",
                "Tests should have caught the missing index.",
                "Alerting did not fire because the threshold was set to 99%.",
                "<@U123|carol> found the mistake in the config diff and reverted it.",
                "Our runbook did not mention the failover step.",
                "Dave and @erin joined the call at 14:30.",
                "The on-call engineer was paged at 02:14 and acknowledged within 3 minutes.",
                "The deploy pipeline has no check for table size, so the lock went unnoticed.",
                "Monitoring failed to alert because the exporter had crashed.",
                "We rolled back at 15:02 and error rates returned to normal.",
                "Replication failed to catch up after the failover.",
                "Jenkins ignored the retry setting after the plugin upgrade.",
                "Priya wrote the fix and @sam reviewed it.",
                "The config change was approved by two reviewers.",
                "No blame: the process allowed a one-character typo to reach production.",
                "The certificate expired because the renewal job failed to run.",
                "The health check failed to page <@U42|bob> because the route was missing.",
                "CI should have blocked the merge but the check was optional.",
                "No engineer should have to restart the workers by hand.",
                "Ops@example.com forwarded the customer report to @support-lead.",
                "Grafana showed the error rate climbing from 14:23.",
                "The review process did not catch the lock.",
                "Postgres ignored the statement timeout for the vacuum job.",
                "Checkout failed to load for EU users between 14:23 and 14:31.",
                "It was not Bob's fault: the console had no confirmation step.");
    }

    @ParameterizedTest
    @MethodSource("blaming")
    void blamingSentencesAreFlagged(String sentence, String phrase) {
        List<Finding> findings = BlamelessLint.check(sentence);
        assertEquals(1, findings.size(), () -> "not flagged: " + sentence);
        Finding f = findings.get(0);
        assertEquals(sentence, f.sentence());
        assertTrue(f.reason().contains("'" + phrase + "'"), () -> f.reason());
        assertTrue(f.suggestion().startsWith("Describe "), () -> f.suggestion());
    }

    @ParameterizedTest
    @MethodSource("neutral")
    void neutralSentencesAreNotFlagged(String sentence) {
        assertEquals(List.of(), BlamelessLint.check(sentence), () -> "flagged: " + sentence);
    }

    @Test
    void corpusIsBigEnough() {
        assertTrue(blaming().count() >= 15);
        assertTrue(neutral().count() >= 15);
    }

    @Test
    void splitsOnPunctuationAndNewlines() {
        assertEquals(List.of("The deploy started.", "Errors rose!", "Why?", "Rolled back", "Recovered."),
                BlamelessLint.sentences("The deploy started. Errors rose! Why? Rolled back\nRecovered."));
    }

    @Test
    void splittingKeepsMentionsDecimalsAndAbbreviationsWhole() {
        assertEquals(List.of("<@U1|bob.smith> bumped the pool to 2.5x, e.g. from 40 to 100.", "Fine."),
                BlamelessLint.sentences("<@U1|bob.smith> bumped the pool to 2.5x, e.g. from 40 to 100. Fine."));
    }

    @Test
    void splittingDropsListMarkersBlankLinesAndCarriageReturns() {
        assertEquals(List.of("First item", "Second item.", "Third"),
                BlamelessLint.sentences("- First item\r\n\r\n2. Second item.\n * Third\n..."));
        assertEquals(List.of(), BlamelessLint.sentences(null));
        assertEquals(List.of(), BlamelessLint.sentences("  \n "));
    }

    @Test
    void onlyTheBlamingSentencesOfAParagraphAreReported() {
        String text = "At 14:23 the orders API started returning 502s. <@U1|bob> forgot to run the migration"
                + " in stages! @alice rolled back at 14:40.\nThe root cause was human error. The script failed"
                + " to handle large tables.";
        List<Finding> findings = BlamelessLint.check(text);
        assertEquals(2, findings.size());
        assertEquals("<@U1|bob> forgot to run the migration in stages!", findings.get(0).sentence());
        assertEquals("The root cause was human error.", findings.get(1).sentence());
    }

    @Test
    void slackMentionsAreNamedInTheReason() {
        assertEquals("blames @bob: 'forgot to'",
                BlamelessLint.check("<@U123|bob> forgot to drain the node.").get(0).reason());
        assertEquals("blames @U123: 'forgot to'",
                BlamelessLint.check("<@U123> forgot to drain the node.").get(0).reason());
        assertEquals("blames @bob.smith: 'should have'",
                BlamelessLint.check("@bob.smith should have known.").get(0).reason());
        assertEquals("blames Bob: 'Bob's fault'",
                BlamelessLint.check("It was Bob's fault.").get(0).reason());
        assertEquals("blames a person ('reviewer'): 'should have'",
                BlamelessLint.check("The reviewer should have caught this.").get(0).reason());
        assertEquals("blames a person: 'human error'",
                BlamelessLint.check("Root cause: human error").get(0).reason());
    }

    @Test
    void broadcastMentionsAndEmailsAreNotPeople() {
        assertEquals(List.of(), BlamelessLint.check("@here failed to load dashboards since 14:00."));
        assertEquals(List.of(), BlamelessLint.check("<!channel> failed to load dashboards since 14:00."));
        assertEquals(List.of(), BlamelessLint.check("ops@example.com failed to deliver the alert mail."));
    }

    @Test
    void suggestionsAreTailoredPerFamily() {
        assertTrue(suggestion("Bob forgot to drain the node.").contains("checklist"));
        assertTrue(suggestion("Bob neglected to drain the node.").contains("checklist"));
        assertTrue(suggestion("@bob should have checked.").contains("safeguard"));
        assertTrue(suggestion("@bob failed to check the diff.").contains("review"));
        assertTrue(suggestion("@bob was careless.").contains("easy to make"));
        assertTrue(suggestion("@bob made a mistake.").contains("easy to make"));
        assertTrue(suggestion("Human error.").contains("easy to make"));
        assertTrue(suggestion("It was @bob's fault.").contains("whose fault"));
        assertTrue(suggestion("@bob ignored the alert.").contains("easy to miss"));
    }

    @Test
    void suggestionsNeverNameThePerson() {
        for (Finding f : BlamelessLint.check("<@U1|bob> forgot to drain. Bob was careless. @bob ignored it.")) {
            assertTrue(!f.suggestion().toLowerCase().contains("bob"), f.suggestion());
        }
    }

    @Test
    void oneFindingPerSentence() {
        List<Finding> findings = BlamelessLint.check("@bob forgot to check and it was human error and @bob's fault.");
        assertEquals(1, findings.size());
        assertEquals("blames @bob: 'forgot to'", findings.get(0).reason());
    }

    @Test
    void emptyAndNullTextHaveNoFindings() {
        assertEquals(List.of(), BlamelessLint.check(null));
        assertEquals(List.of(), BlamelessLint.check(""));
    }

    private static String suggestion(String sentence) {
        List<Finding> findings = BlamelessLint.check(sentence);
        assertEquals(1, findings.size(), sentence);
        return findings.get(0).suggestion();
    }
}
