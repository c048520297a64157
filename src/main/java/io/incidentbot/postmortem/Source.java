package io.incidentbot.postmortem;

import io.incidentbot.incident.TimelineEntry;
import java.time.Instant;

/**
 * The message a suggestion was read from: when, who (a person's id, or a bot's name), and its Slack
 * {@code ts} (with the thread's) for a permalink. Every suggestion names one, so a reader can check it.
 */
public record Source(long entryId, Instant at, String authorId, String botName, String ts, String threadTs) {

    static Source of(TimelineEntry e) {
        boolean bot = e.kind() == TimelineEntry.Kind.BOT_MESSAGE;
        return new Source(e.id(), e.occurredAt(), bot ? null : e.authorId(),
                bot ? (e.authorName() == null || e.authorName().isBlank() ? "integration" : e.authorName().strip()) : null,
                e.ts(), e.threadTs());
    }

    public boolean fromBot() {
        return botName != null;
    }

    /**
     * The message's Slack permalink ({@code https://slack.com/archives/<channel>/p<ts>}, which Slack
     * redirects to the workspace), with the thread for a reply; null without a channel or ts.
     */
    public String permalink(String channelId) {
        if (channelId == null || channelId.isBlank() || ts == null || !ts.matches("\\d+\\.\\d+")) {
            return null;
        }
        String link = "https://slack.com/archives/" + channelId + "/p" + ts.replace(".", "");
        if (threadTs != null && !threadTs.equals(ts) && threadTs.matches("\\d+\\.\\d+")) {
            link += "?thread_ts=" + threadTs + "&cid=" + channelId;
        }
        return link;
    }
}
