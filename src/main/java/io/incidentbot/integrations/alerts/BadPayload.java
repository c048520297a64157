package io.incidentbot.integrations.alerts;

/** A body that is not the source's format; the message is the one-line answer (400). */
final class BadPayload extends RuntimeException {
    BadPayload(String message) {
        super(message);
    }
}
