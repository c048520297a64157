package io.incidentbot.incident;

/**
 * Where lifecycle events go (outgoing webhooks). Called inside the transaction of the change the
 * event reports; an adapter queues its deliveries so that they exist exactly when the change
 * committed. Private incidents are the adapter's to leave out (they are never sent).
 */
@FunctionalInterface
public interface EventSink {
    /** Tells nobody: outgoing webhooks are off. */
    EventSink NONE = event -> { };

    void publish(LifecycleEvent event);
}
