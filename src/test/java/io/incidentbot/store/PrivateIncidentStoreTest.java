package io.incidentbot.store;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentFilter;
import io.incidentbot.incident.IncidentFilter.Visibility;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncidentService.OpenRequest;
import io.incidentbot.incident.Severity;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code is_private} column (V6) through the jOOQ repository: SQLite, and PostgreSQL in that run of the suite. */
class PrivateIncidentStoreTest {
    private static final Instant NOW = Instant.parse("2026-05-09T14:23:00Z");

    @TempDir
    Path dir;
    Database db;
    JooqIncidentRepository incidents;
    IncidentService service;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.forFolder(dir).url());
        incidents = new JooqIncidentRepository(db);
        service = new IncidentService(incidents, new JooqTimelineRepository(db), new JooqPostmortemRepository(db),
                new JooqActionItemRepository(db), db, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Incident open(String title, boolean isPrivate) {
        return service.open(new OpenRequest("T1", "U1", title, null, Severity.P2, isPrivate));
    }

    @Test
    void privateFlagIsStoredAndReadBack() {
        Incident secret = open("Credential leak", true);
        Incident plain = open("Checkout slow", false);
        assertTrue(secret.isPrivate());
        assertTrue(incidents.findById(secret.id()).orElseThrow().isPrivate());
        assertFalse(incidents.findById(plain.id()).orElseThrow().isPrivate());
        assertEquals(List.of(secret.id()), incidents.privateIncidents().stream().map(Incident::id).toList());
    }

    @Test
    void existingIncidentsArePublicAndCanBeMarkedPrivate() {
        Incident adopted = open("Payroll export wrong", false);
        assertFalse(adopted.isPrivate());
        Incident marked = service.markPrivate(adopted);
        assertTrue(marked.isPrivate());
        assertTrue(incidents.findById(adopted.id()).orElseThrow().isPrivate());
    }

    @Test
    void visibilityHidesPrivateIncidentsExceptThoseAllowed() {
        Incident a = open("public one", false);
        Incident secretA = open("secret one", true);
        Incident secretB = open("secret two", true);
        IncidentFilter all = IncidentFilter.all();

        assertEquals(3, service.count(all));
        assertEquals(Set.of(a.id(), secretA.id(), secretB.id()), ids(service.find(all, 0, 10)));

        IncidentFilter publicOnly = all.visibleAs(Visibility.publicAnd(Set.of()));
        assertEquals(1, service.count(publicOnly));
        assertEquals(Set.of(a.id()), ids(service.find(publicOnly, 0, 10)));

        IncidentFilter withB = all.visibleAs(Visibility.publicAnd(Set.of(secretB.id())));
        assertEquals(2, service.count(withB));
        assertEquals(Set.of(a.id(), secretB.id()), ids(service.find(withB, 0, 10)));
    }

    @Test
    void publicIncidentsNeverCompareThemselvesWithPrivateOnes() {
        Incident secret = open("Orders API returns 502", true);
        service.resolve(secret, "U1", "pool exhausted");
        Incident earlierPublic = open("Orders API slow", false);
        service.resolve(earlierPublic, "U1", "pool exhausted");
        Incident current = open("Orders API returns 503", false);
        Incident currentPrivate = open("Orders API down again", true);

        assertEquals(Set.of(earlierPublic.id()), ids(service.earlierIncidents(current, 10)));
        assertEquals(Set.of(secret.id(), earlierPublic.id()), ids(service.earlierIncidents(currentPrivate, 10)));
    }

    private static Set<Long> ids(List<Incident> list) {
        return Set.copyOf(list.stream().map(Incident::id).toList());
    }
}
