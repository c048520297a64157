package io.incidentbot.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActionItemLintTest {

    private static final LocalDate DUE = LocalDate.of(2026, 5, 15);
    private static final String OWNER = "U024BE7LH";

    @ParameterizedTest
    @ValueSource(strings = {
            "Add a prod-sized migration test for tables > 1M rows",
            "Add an alert when pool usage > 80% for 5 minutes",
            "Require a second approver for production migrations",
            "Move the deploy checklist into the release pipeline as a blocking step",
            "Page #oncall when p99 latency exceeds 500 ms for 5 minutes",
            "Add a synthetic monitor for the checkout page",
            "Document the failover procedure in the orders runbook"})
    void smartItemsPass(String what) {
        assertEquals(List.of(), ActionItemLint.problems(what, OWNER, DUE));
    }

    @Test
    void missingOwner() {
        assertEquals(List.of("no owner: add @someone"),
                ActionItemLint.problems("Add a prod-sized migration test for tables > 1M rows", null, DUE));
        assertEquals(List.of("no owner: add @someone"),
                ActionItemLint.problems("Add a prod-sized migration test for tables > 1M rows", "  ", DUE));
    }

    @Test
    void missingDueDate() {
        assertEquals(List.of("no due date: add due YYYY-MM-DD"),
                ActionItemLint.problems("Add a prod-sized migration test for tables > 1M rows", OWNER, null));
    }

    @Test
    void missingOwnerAndDueComeFirst() {
        List<String> problems = ActionItemLint.problems("Improve migration safety", null, null);
        assertEquals(3, problems.size());
        assertEquals("no owner: add @someone", problems.get(0));
        assertEquals("no due date: add due YYYY-MM-DD", problems.get(1));
        assertTrue(problems.get(2).startsWith("'improve' is vague: say what will exist when it is done, e.g. "
                + "'Add an alert when pool usage > 80%'"), problems.get(2));
    }

    @Test
    void emptyAction() {
        assertEquals(List.of("no action: say what will be done, e.g. '" + ActionItemLint.EXAMPLE + "'"),
                ActionItemLint.problems("   ", OWNER, DUE));
        assertEquals(3, ActionItemLint.problems(null, null, null).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Fix it          | 2",
            "Postmortem      | 1",
            "Add alerts !    | 2"})
    void tooShort(String what, int words) {
        List<String> problems = ActionItemLint.problems(what, OWNER, DUE);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("too short (" + words + " word"), problems.get(0));
    }

    @Test
    void threeWordsAreEnough() {
        assertEquals(List.of(), ActionItemLint.problems("Rotate the keys", OWNER, DUE));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Improve migration safety for large tables                 | improve",
            "Make the rollout process an improvement over last time   | improvement",
            "Look into the connection pool settings                    | look into",
            "Keep looking into why the cache was cold                   | looking into",
            "Investigate more about the lock timeouts                   | investigate more",
            "Investigate further why replication lagged                 | investigate further",
            "Be careful when running migrations on big tables          | be careful",
            "Engineers should be more careful with prod credentials    | be more careful",
            "Monitor the orders database closely                       | monitor",
            "Keep monitoring the error rate after deploys              | keep monitoring",
            "Consider moving sessions to a replicated store           | consider",
            "Try to reduce deploy time this quarter                    | try to",
            "Make sure migrations are safe on large tables             | make sure",
            "Set up better alerting for the checkout flow              | better",
            "Fix stuff in the payment worker                           | fix stuff"})
    void vagueWordingsAreNamed(String what, String wording) {
        List<String> problems = ActionItemLint.problems(what, OWNER, DUE);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("'" + wording + "'"), problems.get(0));
        assertTrue(problems.get(0).contains("e.g. '"), "suggests a specific rewording: " + problems.get(0));
    }

    @Test
    void monitorAloneIsVagueButAMonitorIsAThing() {
        assertTrue(ActionItemLint.problems("Monitor the DB", OWNER, DUE).get(0)
                .startsWith("'monitor' alone is vague: say which signal, which threshold and who is alerted"));
        assertEquals(List.of(), ActionItemLint.problems("Add a monitor for checkout latency", OWNER, DUE));
        assertEquals(List.of(), ActionItemLint.problems("Add monitoring for pool usage > 80%", OWNER, DUE));
    }

    @Test
    void wholeWordsOnly() {
        // "betterment" is not "better", "reconsidered" is not "consider", "entry to" is not "try to"
        assertEquals(List.of(), ActionItemLint.problems("Remove the betterment flag we reconsidered", OWNER, DUE));
        assertEquals(List.of(), ActionItemLint.problems("Add an entry to the on-call runbook", OWNER, DUE));
    }

    @Test
    void severalVagueWordingsAreListedInOrder() {
        List<String> problems = ActionItemLint.problems("Look into it and try to improve things", OWNER, DUE);
        assertEquals(3, problems.size());
        assertTrue(problems.get(0).startsWith("'look into'"));
        assertTrue(problems.get(1).startsWith("'try to'"));
        assertTrue(problems.get(2).startsWith("'improve'"));
    }

    @Test
    void shortAndVagueBothReported() {
        List<String> problems = ActionItemLint.problems("Be careful", null, null);
        assertEquals(List.of("no owner: add @someone", "no due date: add due YYYY-MM-DD"), problems.subList(0, 2));
        assertTrue(problems.get(2).startsWith("too short (2 words)"));
        assertTrue(problems.get(3).startsWith("'be careful' is vague"));
    }

    @Test
    void theTemplatesExamples() {
        assertEquals(3, ActionItemLint.problems("Improve migration safety.", null, null).size());
        assertEquals(List.of(), ActionItemLint.problems(
                "Add a prod-sized migration test for tables > 1M rows.", "@alice", LocalDate.of(2026, 5, 15)));
    }
}
