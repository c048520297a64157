package io.incidentbot.importer;

import io.incidentbot.importer.SlackExportReader.Channel;
import io.incidentbot.importer.SlackExportReader.Message;
import io.incidentbot.incident.ChannelImport;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Transactions;
import io.incidentbot.postmortem.PostmortemDrafter;
import io.incidentbot.slackapi.SlackMessages;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Stores one channel of a Slack export as a resolved incident through {@link IncidentService} and
 * drafts its postmortem with the {@link PostmortemDrafter} that {@code /incident resolve} uses
 * (action items, TTR targets, earlier incidents, learning data), all in one transaction.
 */
public final class ExportImporter {
    private final IncidentService service;
    private final PostmortemDrafter drafter;
    private final Transactions tx;

    public ExportImporter(IncidentService service, PostmortemDrafter drafter, Transactions tx) {
        this.service = service;
        this.drafter = drafter;
        this.tx = tx;
    }

    /**
     * What to import. {@code messages} are the channel's conversation in time order, already limited
     * to the wanted time range (see {@link #conversation}); there must be at least one.
     * {@code title} and {@code severity} may be null: then the stored ones (or the defaults) stay.
     * {@code skippedFiles}: the export's files that could not be read (the timeline and draft say so).
     */
    public record Request(Channel channel, List<Message> messages, String title, Severity severity,
                          String pinReaction, boolean replace, List<String> skippedFiles) {
        public Request(Channel channel, List<Message> messages, String title, Severity severity, String pinReaction,
                       boolean replace) {
            this(channel, messages, title, severity, pinReaction, replace, List.of());
        }

        public Request {
            Objects.requireNonNull(channel, "channel");
            if (messages == null || messages.isEmpty()) {
                throw new IllegalArgumentException("nothing to import");
            }
        }
    }

    /**
     * What was stored. {@code replaced} is true when an earlier import of the channel was updated;
     * {@code added} of {@code messages} were new to its timeline.
     */
    public record Result(Incident incident, boolean replaced, int draftVersion, String markdown,
                         int messages, int added, int threadReplies, int botMessages, int pinned, int edited) {
    }

    /** The messages worth a timeline entry (no joins, topic changes…), with {@code from <= at < until}. */
    public static List<Message> conversation(List<Message> messages, Instant from, Instant until) {
        List<Message> kept = new ArrayList<>();
        for (Message m : messages) {
            if (!m.isConversation()) {
                continue;
            }
            if ((from != null && m.at().isBefore(from)) || (until != null && !m.at().isBefore(until))) {
                continue;
            }
            kept.add(m);
        }
        return kept;
    }

    /**
     * Imports in one transaction. {@code beforeCommit} receives the result last, inside the
     * transaction (e.g. to write the draft to a file): if it throws, nothing is stored.
     */
    public Result importChannel(Request r, Consumer<Result> beforeCommit) {
        String pinReaction = r.pinReaction() == null || r.pinReaction().isBlank() ? "pushpin" : r.pinReaction();
        List<ChannelImport.Message> messages = new ArrayList<>(r.messages().size());
        int replies = 0;
        int bots = 0;
        int edited = 0;
        int pins = 0;
        for (Message m : r.messages()) {
            boolean pinned = isPinned(m, pinReaction);
            messages.add(new ChannelImport.Message(m.message(), m.editedAt(), pinned));
            pins += pinned ? 1 : 0;
            replies += m.isThreadReply() ? 1 : 0;
            bots += m.fromBot() ? 1 : 0;
            edited += m.editedAt() != null ? 1 : 0;
        }
        Channel channel = r.channel();
        var request = new ChannelImport(SlackExportReader.TEAM_ID, channel.id(), channel.name(), r.title(),
                r.severity(), channel.creator(), messages, r.replace(), r.skippedFiles());
        int threadReplies = replies;
        int botMessages = bots;
        int editedMessages = edited;
        int pinnedMessages = pins;
        return tx.atomically(() -> {
            ChannelImport.Outcome stored = service.importChannel(request);
            String markdown = drafter.draft(stored.incident());
            int version = service.saveDraft(stored.incident(), markdown);
            Result result = new Result(stored.incident(), stored.existed(), version, markdown, messages.size(),
                    stored.added(), threadReplies, botMessages, pinnedMessages, editedMessages);
            if (beforeCommit != null) {
                beforeCommit.accept(result);
            }
            return result;
        });
    }

    /** A 📌 (or PIN_REACTION, any skin tone) reaction, or Slack's own "Pin to channel". */
    static boolean isPinned(Message m, String pinReaction) {
        return m.pinnedInChannel() || m.reactions().stream().anyMatch(r -> SlackMessages.isPinReaction(r, pinReaction));
    }
}
