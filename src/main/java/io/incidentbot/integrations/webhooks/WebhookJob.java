package io.incidentbot.integrations.webhooks;

import io.incidentbot.outbox.OutboxJob;

/**
 * Work for outgoing webhooks: one lane per receiver ({@code webhook:<url>}), so a dead receiver
 * delays only its own deliveries. The body is made when the event happens (it reports that moment);
 * it is signed when sent, with the same {@code eventId} on every attempt. Renaming a record strands
 * the jobs already queued under its old name.
 */
public sealed interface WebhookJob extends OutboxJob permits WebhookJob.Deliver {
    String FAMILY = "webhook";

    /** One event to one receiver: {@code eventId} is its {@code webhook-id}, {@code body} its JSON. */
    record Deliver(String url, String eventId, String type, String body) implements WebhookJob {
        @Override
        public String lane() {
            return FAMILY + ":" + url;
        }
    }
}
