package io.incidentbot.outbox;

/** Tells an incident's people, in one line, that background work for it failed (e.g. a message in its channel). */
@FunctionalInterface
public interface FailureNotices {
    void tell(long incidentId, String text);
}
