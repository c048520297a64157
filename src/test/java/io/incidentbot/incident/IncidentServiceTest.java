package io.incidentbot.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.incidentbot.incident.IncidentRepository.NewIncident;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class IncidentServiceTest {

    private static final Instant NOW = Instant.parse("2026-05-09T14:23:00Z");

    @Mock
    IncidentRepository incidents;
    @Mock
    TimelineRepository timeline;
    @Mock
    PostmortemRepository postmortems;

    /** Runs the work at once, and remembers whether a repository call happened inside it. */
    static final class InlineTx implements Transactions {
        int calls;
        boolean active;

        @Override
        public <T> T atomically(Supplier<T> work) {
            calls++;
            boolean outer = active;
            active = true;
            try {
                return work.get();
            } finally {
                active = outer;
            }
        }
    }

    InlineTx tx;
    IncidentService service;

    @BeforeEach
    void setUp() {
        tx = new InlineTx();
        service = new IncidentService(incidents, timeline, postmortems, org.mockito.Mockito.mock(ActionItemRepository.class), tx, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Incident incident(long id, Status status, String channelId, String rootCause) {
        return new Incident(id, "T1", "Orders API returns 502", null, Severity.P2, status, "U1", "U1",
                channelId, channelId == null ? null : "inc-2026-05-09-orders", rootCause, null, null,
                NOW, NOW, NOW, null, status == Status.RESOLVED ? NOW : null);
    }

    private static Incident stored(NewIncident n, long id) {
        return new Incident(id, n.teamId(), n.title(), n.summary(), n.severity(), Status.INVESTIGATING,
                n.openedBy(), n.openedBy(), null, null, null, null, null,
                n.openedAt(), n.openedAt(), n.openedAt(), null, null);
    }

    private static IncomingMessage message(String channel, String ts, String text) {
        return new IncomingMessage("T1", channel, ts, null, "U2", null, text, List.of());
    }

    private void createReturnsId(long id) {
        when(incidents.create(any())).thenAnswer(inv -> {
            assertTrue(tx.active, "create must run inside the transaction");
            return stored(inv.getArgument(0), id);
        });
    }

    // ---- open ----

    @Test
    void openStoresTheIncidentAndADeclaredEntryInOneTransaction() {
        createReturnsId(1);
        doAnswer(inv -> {
            assertTrue(tx.active, "the declared entry must be written in the same transaction");
            return null;
        }).when(timeline).appendLifecycle(anyLong(), anyString(), anyString(), anyString(), any());

        Incident opened = service.open(new IncidentService.OpenRequest("T1", "U1", "  Orders API returns 502 ",
                "checkout is down", null));

        assertEquals(1, opened.id());
        assertEquals("Orders API returns 502", opened.title());
        assertEquals(Severity.P3, opened.severity());
        verify(incidents).create(new NewIncident("T1", "Orders API returns 502", "checkout is down",
                Severity.P3, "U1", NOW));
        verify(timeline).appendLifecycle(1, "T1", "U1", "Incident declared by <@U1> (P3)", NOW);
        assertEquals(1, tx.calls);
    }

    @Test
    void openUsesTheGivenSeverityInTheDeclaredEntry() {
        createReturnsId(5);
        service.open(new IncidentService.OpenRequest("T1", "U9", "DB down", null, Severity.P1));
        verify(timeline).appendLifecycle(5, "T1", "U9", "Incident declared by <@U9> (P1)", NOW);
    }

    @Test
    void blankSummaryIsStoredAsNone() {
        createReturnsId(2);
        service.open(new IncidentService.OpenRequest("T1", "U1", "DB down", "   ", Severity.P4));
        ArgumentCaptor<NewIncident> captor = ArgumentCaptor.forClass(NewIncident.class);
        verify(incidents).create(captor.capture());
        assertNull(captor.getValue().summary());
        assertEquals(Severity.P4, captor.getValue().severity());
    }

    @Test
    void overlongTitleIsCutTo200Characters() {
        createReturnsId(3);
        Incident opened = service.open(new IncidentService.OpenRequest("T1", "U1", "x".repeat(500), null, null));
        assertEquals("x".repeat(200), opened.title());
    }

    @Test
    void blankTitleIsRejectedAndNothingIsStored() {
        for (String title : new String[] {"", "   ", "\t\n", null}) {
            var e = assertThrows(IncidentRuleException.TitleRequired.class,
                    () -> service.open(new IncidentService.OpenRequest("T1", "U1", title, "summary", Severity.P1)));
            assertTrue(e.getMessage().contains("title"), e.getMessage());
        }
        verifyNoInteractions(incidents, timeline, postmortems);
        assertEquals(0, tx.calls);
    }

    // ---- messages ----

    @Test
    void messageInAChannelWithoutIncidentStoresNothing() {
        when(incidents.findByChannel("T1", "C-random")).thenReturn(Optional.empty());

        assertFalse(service.recordMessage(message("C-random", "1715264580.000100", "hello")));

        verifyNoInteractions(timeline);
        assertEquals(0, tx.calls);
    }

    @Test
    void messageInAnIncidentChannelIsInserted() {
        when(incidents.findByChannel("T1", "C1")).thenReturn(Optional.of(incident(7, Status.INVESTIGATING, "C1", null)));
        IncomingMessage m = message("C1", "1715264580.000100", "rolling back");
        when(timeline.insertMessage(7, m)).thenReturn(true);

        assertTrue(service.recordMessage(m));

        verify(timeline).insertMessage(7, m);
        assertEquals(1, tx.calls);
    }

    @Test
    void aRedeliveredMessageIsRecognisedByItsOwnKeyNotByAnEventIdRow() {
        when(incidents.findByChannel("T1", "C1")).thenReturn(Optional.of(incident(7, Status.INVESTIGATING, "C1", null)));
        IncomingMessage m = message("C1", "1715264580.000100", "rolling back");
        when(timeline.insertMessage(7, m)).thenReturn(true, false); // the store's unique (team, channel, ts)

        assertTrue(service.recordMessage(m));
        assertFalse(service.recordMessage(m));

        verify(timeline, times(2)).insertMessage(7, m);
        verify(timeline, never()).markEventProcessed(any(), any());
    }

    @Test
    void redeliveredEditDeleteAndPinChangeNothing() {
        when(incidents.findByChannel("T1", "C1")).thenReturn(Optional.of(incident(7, Status.INVESTIGATING, "C1", null)));
        when(timeline.markEventProcessed(anyString(), eq(NOW))).thenReturn(false);

        assertFalse(service.recordEdit("EvE", message("C1", "1.1", "edited"), NOW));
        assertFalse(service.recordDelete("EvD", "T1", "C1", "1.1"));
        assertFalse(service.pin("EvP", "T1", null, "C1", "1.1", "U1"));
        assertFalse(service.unpin("EvU", "T1", "C1", "1.1", "U1"));

        verify(timeline, never()).editMessage(anyLong(), any(), any());
        verify(timeline, never()).deleteMessage(anyLong(), any(), any(), any());
        verify(timeline, never()).addPin(any(), any(), any(), any(), any());
        verify(timeline, never()).removePin(any(), any(), any(), any());
    }

    @Test
    void editDeleteAndPinsGoToTheChannelsIncident() {
        when(incidents.findByChannel("T1", "C1")).thenReturn(Optional.of(incident(7, Status.INVESTIGATING, "C1", null)));
        when(timeline.markEventProcessed(anyString(), eq(NOW))).thenReturn(true);
        IncomingMessage edited = message("C1", "1715264580.000100", "new text");
        Instant editedAt = NOW.plusSeconds(5);
        when(timeline.editMessage(7, edited, editedAt)).thenReturn(true);
        when(timeline.addPin("T1", null, "C1", "1715264580.000100", IncidentService.SLACK_PIN)).thenReturn(true);
        when(timeline.removePin("T1", "C1", "1715264580.000100", "U3")).thenReturn(false);

        assertTrue(service.recordEdit("E1", edited, editedAt));
        assertTrue(service.recordDelete("E2", "T1", "C1", "1715264580.000100"));
        assertTrue(service.pin("E3", "T1", null, "C1", "1715264580.000100", IncidentService.SLACK_PIN));
        assertFalse(service.unpin("E4", "T1", "C1", "1715264580.000100", "U3"));

        verify(timeline).deleteMessage(7, "T1", "C1", "1715264580.000100");
        verify(incidents, times(1)).findByChannel("T1", "C1");
    }

    @Test
    void eventsOutsideIncidentChannelsAreIgnored() {
        when(incidents.findByChannel("T1", "C9")).thenReturn(Optional.empty());
        assertFalse(service.recordEdit("E1", message("C9", "1.1", "x"), NOW));
        assertFalse(service.recordDelete("E2", "T1", "C9", "1.1"));
        assertFalse(service.pin("E3", "T1", null, "C9", "1.1", "U1"));
        assertFalse(service.unpin("E4", "T1", "C9", "1.1", "U1"));
        assertFalse(service.recordMessage(new IncomingMessage(null, "C9", "1.1", null, "U1", null, "x", List.of())));
        verifyNoInteractions(timeline);
        // Missing team id never reaches the repository.
        verify(incidents, times(1)).findByChannel(any(), any());
    }

    // ---- channel cache ----

    @Test
    void channelLookupsAreCached() {
        when(incidents.findByChannel("T1", "C1")).thenReturn(Optional.of(incident(7, Status.INVESTIGATING, "C1", null)));
        when(timeline.insertMessage(eq(7L), any())).thenReturn(true);

        assertTrue(service.recordMessage(message("C1", "1715264580.000100", "one")));
        assertTrue(service.recordMessage(message("C1", "1715264580.000200", "two")));

        verify(incidents, times(1)).findByChannel("T1", "C1");
        verify(timeline, times(2)).insertMessage(eq(7L), any());
    }

    @Test
    void negativeLookupsAreCachedToo() {
        when(incidents.findByChannel("T1", "C-random")).thenReturn(Optional.empty());
        service.recordMessage(message("C-random", "1.1", "a"));
        service.recordMessage(message("C-random", "1.2", "b"));
        verify(incidents, times(1)).findByChannel("T1", "C-random");
    }

    @Test
    void cacheIsPerTeamAndChannel() {
        when(incidents.findByChannel("T1", "C1")).thenReturn(Optional.of(incident(7, Status.INVESTIGATING, "C1", null)));
        when(incidents.findByChannel("T2", "C1")).thenReturn(Optional.empty());
        when(timeline.insertMessage(eq(7L), any())).thenReturn(true);

        assertTrue(service.recordMessage(message("C1", "1.1", "team one")));
        assertFalse(service.recordMessage(new IncomingMessage("T2", "C1", "1.2", null, "U1", null, "team two", List.of())));

        verify(timeline, times(1)).insertMessage(anyLong(), any());
    }

    @Test
    void bindChannelInvalidatesTheCachedLookup() {
        Incident declared = incident(7, Status.INVESTIGATING, null, null);
        when(incidents.findByChannel("T1", "C1"))
                .thenReturn(Optional.empty())
                .thenReturn(Optional.of(incident(7, Status.INVESTIGATING, "C1", null)));
        when(timeline.insertMessage(eq(7L), any())).thenReturn(true);

        // A message arrives before the channel is bound: not an incident channel (yet), and cached as such.
        assertFalse(service.recordMessage(message("C1", "1.1", "early")));
        assertFalse(service.recordMessage(message("C1", "1.2", "still early")));
        verify(incidents, times(1)).findByChannel("T1", "C1");

        service.bindChannel(declared, "C1", "inc-2026-05-09-orders");
        verify(incidents).bindChannel(7, "C1", "inc-2026-05-09-orders");

        assertTrue(service.recordMessage(message("C1", "1.3", "after binding")));
        verify(incidents, times(2)).findByChannel("T1", "C1");
        verify(timeline, times(1)).insertMessage(eq(7L), any());
    }

    @Test
    void forChannelLoadsTheCurrentIncident() {
        Incident current = incident(7, Status.IDENTIFIED, "C1", null);
        when(incidents.findByChannel("T1", "C1")).thenReturn(Optional.of(current));
        when(incidents.findById(7)).thenReturn(Optional.of(current));

        assertEquals(Optional.of(current), service.forChannel("T1", "C1"));
        assertEquals(Optional.of(current), service.forChannel("T1", "C1"));
        assertEquals(Optional.empty(), service.forChannel("T1", null));

        verify(incidents, times(1)).findByChannel("T1", "C1");
        verify(incidents, times(2)).findById(7);
    }

    // ---- resolve ----

    @Test
    void resolvingAResolvedIncidentThrows() {
        Incident done = incident(7, Status.RESOLVED, "C1", "bad deploy");
        var e = assertThrows(IncidentRuleException.AlreadyResolved.class,
                () -> service.resolve(done, "U2", "again"));
        assertTrue(e.getMessage().contains("INC-7"), e.getMessage());
        verifyNoInteractions(incidents, timeline);
    }

    @Test
    void resolveMarksResolvedAndAppendsAnEntry() {
        Incident open = incident(7, Status.MONITORING, "C1", null);
        Incident resolved = incident(7, Status.RESOLVED, "C1", "bad deploy");
        when(incidents.markResolved(7, NOW, "bad deploy")).thenReturn(true);
        when(incidents.findById(7)).thenReturn(Optional.of(resolved));

        assertSame(resolved, service.resolve(open, "U2", "  bad deploy  "));

        verify(timeline).appendLifecycle(7, "T1", "U2", "Incident resolved by <@U2>", NOW);
        assertEquals(1, tx.calls);
    }

    @Test
    void blankRootCauseKeepsTheEarlierOne() {
        Incident open = incident(7, Status.IDENTIFIED, "C1", "expired certificate");
        when(incidents.markResolved(7, NOW, "expired certificate")).thenReturn(true);
        when(incidents.findById(7)).thenReturn(Optional.of(incident(7, Status.RESOLVED, "C1", "expired certificate")));

        service.resolve(open, "U2", "  ");

        verify(incidents).markResolved(7, NOW, "expired certificate");
    }

    @Test
    void concurrentResolveLosesWithoutASecondEntry() {
        Incident staleCopy = incident(7, Status.INVESTIGATING, "C1", null);
        when(incidents.markResolved(7, NOW, "cause")).thenReturn(false);

        assertThrows(IncidentRuleException.AlreadyResolved.class, () -> service.resolve(staleCopy, "U2", "cause"));

        verify(timeline, never()).appendLifecycle(anyLong(), any(), any(), any(), any());
        verify(incidents, never()).findById(anyLong());
    }

    // ---- drafts ----

    @Test
    void draftsAreSavedWithTheClockTime() {
        Incident i = incident(7, Status.RESOLVED, "C1", null);
        when(postmortems.saveDraft(7, "# INC-7", NOW)).thenReturn(3);
        when(postmortems.latestDraft(7)).thenReturn(Optional.of("# INC-7"));

        assertEquals(3, service.saveDraft(i, "# INC-7"));
        assertEquals(Optional.of("# INC-7"), service.latestDraft(i));
        verify(postmortems).saveDraft(7, "# INC-7", NOW);
        verifyNoMoreInteractions(postmortems);
    }
}
