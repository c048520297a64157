package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;

/**
 * A message as captured from a channel, already stripped of transport details.
 * {@code botName} is non-null when another bot or integration posted it. {@code enterpriseId} is the
 * Enterprise Grid organization Slack named with it, or null (then the incident's own is stored).
 */
public record IncomingMessage(
        String teamId,
        String channelId,
        String ts,
        String threadTs,
        String userId,
        String botName,
        String text,
        List<String> files,
        String enterpriseId) {

    /** A message from a workspace outside Enterprise Grid (or whose organization Slack did not name). */
    public IncomingMessage(String teamId, String channelId, String ts, String threadTs, String userId, String botName,
                           String text, List<String> files) {
        this(teamId, channelId, ts, threadTs, userId, botName, text, files, null);
    }

    public Instant occurredAt() {
        return SlackTs.toInstant(ts);
    }

    public boolean fromBot() {
        return botName != null;
    }
}
