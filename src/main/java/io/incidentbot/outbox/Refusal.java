package io.incidentbot.outbox;

/** Thrown by a job that cannot succeed however often it is tried (e.g. what it refers to is gone). */
public final class Refusal extends RuntimeException {
    public Refusal(String reason) {
        super(reason);
    }
}
