package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;

/**
 * A message as captured from a channel, already stripped of transport details.
 * {@code botName} is non-null when another bot or integration posted it.
 */
public record IncomingMessage(
        String teamId,
        String channelId,
        String ts,
        String threadTs,
        String userId,
        String botName,
        String text,
        List<String> files) {

    public Instant occurredAt() {
        return SlackTs.toInstant(ts);
    }

    public boolean fromBot() {
        return botName != null;
    }
}
