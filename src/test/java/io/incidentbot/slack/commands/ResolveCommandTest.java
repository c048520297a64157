package io.incidentbot.slack.commands;

import io.incidentbot.flow.PostmortemPublisher;
import io.incidentbot.flow.ResolveIncident;
import io.incidentbot.incident.ActionItemRepository;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentRepository;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.PostmortemRepository;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.TimelineRepository;
import io.incidentbot.incident.Transactions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * {@code /incident resolve} tells a lost race (another person resolved it first) from a failure:
 * only the domain's own rule is answered as "resolved by someone else".
 */
class ResolveCommandTest {
    private static final Instant NOW = Instant.parse("2026-05-09T14:23:00Z");
    private static final Incident OPEN = new Incident(7, "T1", "Orders API returns 502", null, Severity.P2,
            Status.IDENTIFIED, "U1", "U1", "C1", "inc-7-orders", null, null, null, NOW, NOW, NOW, null, null);

    IncidentRepository incidents;
    PostmortemPublisher publisher;
    CommandRouter router;

    @BeforeEach
    void setUp() {
        incidents = mock(IncidentRepository.class);
        when(incidents.findByChannel("T1", "C1")).thenReturn(Optional.of(OPEN));
        when(incidents.findById(7)).thenReturn(Optional.of(OPEN));
        Transactions inline = new Transactions() {
            @Override
            public <T> T atomically(Supplier<T> work) {
                return work.get();
            }
        };
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        IncidentService service = new IncidentService(incidents, mock(TimelineRepository.class),
                mock(PostmortemRepository.class), mock(ActionItemRepository.class), inline, clock);
        publisher = mock(PostmortemPublisher.class);
        router = new CommandRouter(List.of(new ResolveCommand(service, new ResolveIncident(service, publisher, inline),
                clock)));
    }

    private String resolve() {
        return router.handle(new Invocation("T1", "C1", "U2", "resolve bad deploy", "https://hooks.example/r", "t1"));
    }

    @Test
    void losingARaceToAnotherResolveSaysSo() {
        when(incidents.markResolved(anyLong(), any(), any())).thenReturn(false);
        assertEquals(":information_source: *INC-7* was just resolved by someone else.", resolve());
        verify(publisher, never()).queueDraft(any());
    }

    @Test
    void aResolveQueuesItsDraft() {
        when(incidents.markResolved(anyLong(), any(), any())).thenReturn(true);
        assertTrue(resolve().startsWith(":white_check_mark: Resolving *INC-7*"));
        verify(publisher).queueDraft(any());
    }

    @Test
    void aFailedCommitIsAFailureNotSomeoneElsesResolve() {
        when(incidents.markResolved(anyLong(), any(), any()))
                .thenThrow(new IllegalStateException("database transaction failed: disk I/O error"));
        String reply = resolve();
        assertFalse(reply.contains("someone else"), reply);
        assertTrue(reply.startsWith(":warning: Something went wrong while running `/incident resolve`"), reply);
        verify(publisher, never()).queueDraft(any());
    }
}
