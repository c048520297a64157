package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A channel read from a Slack export, to be stored as a resolved incident by
 * {@link IncidentService#importChannel}. {@code messages} are its conversation in time order (at
 * least one); {@code title} and {@code severity} may be null (then what is stored, or the channel
 * name and the default severity, are kept). A channel imported before is merged by {@code ts}
 * (what is new is added, what is stored is kept) unless {@code replace} asks to replace its timeline.
 * {@code skippedFiles} names the export's files that could not be read (their messages are missing):
 * the timeline says so, so the draft does.
 */
public record ChannelImport(String teamId, String channelId, String channelName, String title, Severity severity,
                            String openedBy, List<Message> messages, boolean replace, List<String> skippedFiles) {

    public ChannelImport(String teamId, String channelId, String channelName, String title, Severity severity,
                         String openedBy, List<Message> messages, boolean replace) {
        this(teamId, channelId, channelName, title, severity, openedBy, messages, replace, List.of());
    }

    public ChannelImport {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(channelName, "channelName");
        if (messages == null || messages.isEmpty()) {
            throw new IllegalArgumentException("nothing to import");
        }
        messages = List.copyOf(messages);
        skippedFiles = skippedFiles == null ? List.of() : List.copyOf(skippedFiles);
    }

    /** The timeline's note about files left out, or null when none were. */
    public String skippedNote() {
        if (skippedFiles.isEmpty()) {
            return null;
        }
        return "Import skipped " + (skippedFiles.size() == 1 ? "an unreadable file" : skippedFiles.size()
                + " unreadable files") + " of the export; their messages are missing: " + String.join(", ", skippedFiles);
    }

    /** One exported message: {@code editedAt} when its text was edited (else null), pinned when marked so. */
    public record Message(IncomingMessage message, Instant editedAt, boolean pinned) {
        public Message {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * What was stored: {@code existed} when the channel had been imported before, {@code added}
     * messages new to the timeline, {@code kept} already stored (left as they were), {@code pinned}
     * new pins.
     */
    public record Outcome(Incident incident, boolean existed, int added, int kept, int pinned) {
    }
}
