package io.incidentbot.incident;

import java.time.Instant;
import java.time.LocalDate;

/** A follow-up from an incident, numbered per incident. Owner and due date may be missing (the lint says so). */
public record ActionItem(long incidentId, int number, String what, String ownerId, LocalDate due,
                         boolean done, Instant createdAt, Instant doneAt) {

    public boolean isOverdue(LocalDate today) {
        return !done && due != null && due.isBefore(today);
    }
}
