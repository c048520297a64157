package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;

/**
 * One line of an incident's timeline: a captured Slack message (text as Slack sent it, mrkdwn and
 * entity-escaped) or a lifecycle event written by the bot. Messages are keyed by their Slack {@code ts}.
 */
public record TimelineEntry(
        long id,
        long incidentId,
        Kind kind,
        String ts,
        String threadTs,
        String authorId,
        String authorName,
        String text,
        String firstText,
        Instant occurredAt,
        Instant editedAt,
        boolean deleted,
        boolean pinned,
        List<String> files) {

    public enum Kind {
        /** A person's message. */
        MESSAGE,
        /** A message from another bot or integration (alerts, deploy bots): kept and marked. */
        BOT_MESSAGE,
        /** Something the bot records itself: declared, status change, resolved… */
        LIFECYCLE
    }

    /** A reply inside a thread (not the thread's parent). */
    public boolean isThreadReply() {
        return threadTs != null && !threadTs.equals(ts);
    }

    public boolean isEdited() {
        return editedAt != null;
    }
}
