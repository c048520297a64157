package io.incidentbot.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerNoteTest {

    private static final Instant START = Instant.parse("2026-05-09T14:23:00Z");
    private static final Instant END = Instant.parse("2026-05-09T15:47:00Z");

    private static Incident incident(String title, String summary, Status status, Instant started, Instant resolved) {
        return new Incident(42, "T1", title, summary, Severity.P1, status, "U1", "U1", "C0INC42",
                "inc-2026-05-09-orders-api-returns-502", "Migration locked the orders table", null, null,
                START, started, START, null, resolved);
    }

    private static Incident resolved(String title, String summary) {
        return incident(title, summary, Status.RESOLVED, START, END);
    }

    @Test
    void resolvedNoteHasEveryPart() {
        String note = CustomerNote.draft(resolved("Orders API returns 502",
                "Customers could not place orders because <@U024BE7LH> ran a migration on orders-db-2 that locked"
                        + " the orders table; see <#C0INC42|inc-2026-05-09-orders-api-returns-502>."));
        assertEquals("""
                Resolved: Orders API returns 502

                What happened: Customers could not place orders because our team ran a migration on one of our \
                systems that locked the orders table.

                When: between 14:23 and 15:47 UTC on 9 May 2026.

                What we are doing: The issue has been resolved and the service is working normally. We are \
                reviewing what happened and will make changes to prevent it from happening again.

                We are sorry for the disruption this caused.

                Need help? _TODO: support contact_ (e.g. "Contact support@<your-domain> or reply to this message.")
                """, note);
    }

    @Test
    void noMentionsChannelsOrInternalIdsLeak() {
        String note = CustomerNote.draft(incident(
                "<!here> orders-db-2 CPU at 100% on prod-eu-1",
                "<@U024BE7LH|alice> and @bob traced it to the payments_worker on k8s node ip-10-0-3-17;"
                        + " dashboard <https://grafana.internal.example.com/d/abc|here>, discussed in #inc-2026-05-09-db"
                        + " and <#C123ABC>. Failover to orders-db-3 at 10.0.3.17 via `kubectl rollout restart`."
                        + " Status: https://status.internal/xyz",
                Status.MONITORING, START, null));
        for (String leak : List.of("<@", "U024BE7LH", "alice", "@bob", "<!", "@here", "#inc", "C123ABC", "<#",
                "orders-db", "prod-eu-1", "k8s", "payments_worker", "ip-10-0-3-17", "grafana", "internal",
                "10.0.3.17", "kubectl", "https://", "status.internal")) {
            assertFalse(note.contains(leak), () -> "leaks '" + leak + "':\n" + note);
        }
        assertTrue(note.startsWith("Monitoring: One of our systems CPU at 100% on one of our systems\n"), note);
        assertTrue(note.contains("Our team traced it to one of our systems on one of our systems;"), note);
        assertTrue(note.contains("Failover to one of our systems at one of our systems via one of our systems."), note);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
            "<@U1> acknowledged the page                        => Our team acknowledged the page",
            "<@U1|bob> and <@U2|carol> rolled back              => Our team rolled back",
            "Checkout failing on orders-db-2 and orders-db-3    => Checkout failing on some of our systems",
            "The orders-db-2 primary ran out of disk            => One of our systems ran out of disk",
            "Restarted the k8s pods                             => Restarted one of our systems",
            "Latency on prod-eu-1 above 500ms at p99             => Latency on one of our systems above 500ms at p99",
            "5xx errors from the payments-svc since 14:23        => 5xx errors from one of our systems since 14:23",
            "Discussed in #inc-2026-05-09-orders, fixed by @dave => Discussed, fixed by our team",
            "Rolled back at 15:02 (see <#C0INC42|inc-orders> for details). => Rolled back at 15:02.",
            "Updates in #inc-orders-api channel every 30 min     => Updates every 30 min",
            "Reported on 2026-05-09 by support                   => Reported on 2026-05-09 by support",
            "Third-party long-running jobs were slow             => Third-party long-running jobs were slow",
            "Emails to support@example.com bounced               => Emails to support@example.com bounced",
            "Node at 10.1.2.3 went down                          => Node at one of our systems went down",
            "orderId lookups in OrdersService failed             => One of our systems lookups in one of our systems failed",
            "x &lt; 5 &amp;&amp; y &gt; 2                        => X < 5 && y > 2",
            "Cart page returned 502s for 10% of users            => Cart page returned 502s for 10% of users",
            "The pgbouncer pool on orders-db-2 was exhausted     => One of our systems on one of our systems was exhausted",
            "Redis cluster ran out of memory                     => One of our systems ran out of memory"})
    void sanitizesTitlesAndSummaries(String in, String expected) {
        assertEquals(expected, CustomerNote.sanitize(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders-db-2", "prod-eu-1", "k8s", "payments_worker", "api.internal", "orders-db",
            "us-east-1", "db2", "10.0.0.1", "status.example.com", "v1.2.3", "checkoutService", "pgbouncer", "Redis"})
    void internalIdentifiers(String word) {
        assertTrue(CustomerNote.looksInternal(word), word);
    }

    @ParameterizedTest
    @ValueSource(strings = {"502", "5xx", "502s", "2026-05-09", "14:23", "500ms", "2GB", "p99", "10%", "third-party",
            "long-running", "Orders", "API", "HTTP/2", "IPv6", "read/write", "1M"})
    void publicWords(String word) {
        assertFalse(CustomerNote.looksInternal(word), word);
    }

    @Test
    void timesAcrossMidnightNameBothDays() {
        Incident i = incident("Orders API returns 502", null, Status.RESOLVED,
                Instant.parse("2026-05-09T23:50:00Z"), Instant.parse("2026-05-10T00:35:00Z"));
        assertTrue(CustomerNote.draft(i).contains(
                "When: between 23:50 UTC on 9 May 2026 and 00:35 UTC on 10 May 2026.\n"));
    }

    @Test
    void backdatedStartIsUsedAndOpenTimeIsTheFallback() {
        Incident backdated = incident("Orders API returns 502", null, Status.RESOLVED,
                Instant.parse("2026-05-09T13:05:00Z"), END);
        assertTrue(CustomerNote.draft(backdated).contains("between 13:05 and 15:47 UTC on 9 May 2026"));
        Incident noStart = incident("Orders API returns 502", null, Status.RESOLVED, null, END);
        assertTrue(CustomerNote.draft(noStart).contains("between 14:23 and 15:47 UTC on 9 May 2026"));
    }

    @Test
    void openIncidentSaysSinceAndInvestigating() {
        String note = CustomerNote.draft(incident("Orders API returns 502", null, Status.INVESTIGATING, START, null));
        assertTrue(note.startsWith("Investigating: Orders API returns 502\n"), note);
        assertTrue(note.contains("What happened: Orders API returns 502.\n"), note);
        assertTrue(note.contains("When: since 14:23 UTC on 9 May 2026.\n"), note);
        assertTrue(note.contains("We are investigating the cause and working to restore normal service."), note);
        assertTrue(note.contains("update within 30 minutes"), note);
        assertTrue(note.contains("We are sorry for the disruption this is causing"), note);
        assertFalse(note.contains("resolved"), note);
        assertTrue(note.contains(CustomerNote.SUPPORT_TODO), note);
    }

    @Test
    void wordingFollowsStatus() {
        assertTrue(CustomerNote.draft(incident("Orders API returns 502", null, Status.IDENTIFIED, START, null))
                .contains("We have identified the cause and are working on a fix."));
        assertTrue(CustomerNote.draft(incident("Orders API returns 502", null, Status.MONITORING, START, null))
                .contains("We have applied a fix and are monitoring"));
        String resolved = CustomerNote.draft(resolved("Orders API returns 502", null));
        assertTrue(resolved.contains("The issue has been resolved"));
        assertTrue(resolved.contains("We are sorry for the disruption this caused."));
        assertFalse(resolved.contains("investigating"));
        assertFalse(resolved.contains("since"));
    }

    @Test
    void resolvedWithoutResolvedAtSaysFrom() {
        Incident i = incident("Orders API returns 502", null, Status.RESOLVED, START, null);
        assertTrue(CustomerNote.draft(i).contains("When: from 14:23 UTC on 9 May 2026.\n"));
    }

    @Test
    void rootCauseIsNotPublished() {
        assertFalse(CustomerNote.draft(resolved("Orders API returns 502", null)).contains("Migration locked"));
    }

    @Test
    void titleThatIsOnlyInternalNamesStillReadsWell() {
        String note = CustomerNote.draft(incident("<#C1|inc-x> <@U1>", "   ", Status.INVESTIGATING, START, null));
        assertTrue(note.startsWith("Investigating: Our team\n") || note.startsWith("Investigating: Service disruption\n"),
                note);
        String empty = CustomerNote.draft(incident("<#C1|inc-x>", null, Status.INVESTIGATING, START, null));
        assertTrue(empty.startsWith("Investigating: Service disruption\n"), empty);
        assertTrue(empty.contains("What happened: Some customers had problems using our service.\n"), empty);
    }
}
