package io.incidentbot.incident;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A follow-up from an incident, numbered per incident. Owner and due date may be missing (the lint
 * says so). A dropped item ({@code droppedAt}) was given up on purpose: it is neither open nor done,
 * and completion rates leave it out.
 */
public record ActionItem(long incidentId, int number, String what, String ownerId, LocalDate due,
                         boolean done, Instant createdAt, Instant doneAt, Instant droppedAt) {

    public boolean dropped() {
        return droppedAt != null;
    }

    /** Neither done nor dropped. */
    public boolean isOpen() {
        return !done && !dropped();
    }

    public boolean isOverdue(LocalDate today) {
        return isOpen() && due != null && due.isBefore(today);
    }
}
