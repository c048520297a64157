package io.incidentbot.importer;

import io.incidentbot.importer.SlackExportReader.Channel;
import io.incidentbot.importer.SlackExportReader.Message;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentRepository;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.PostmortemRepository;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.TimelineRepository;
import io.incidentbot.incident.Transactions;
import io.incidentbot.postmortem.PostmortemRenderer;
import io.incidentbot.postmortem.UserNames;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Stores one channel of a Slack export as a resolved incident with its timeline and drafts its
 * postmortem with the same renderer as {@code /incident resolve}, all in one transaction.
 * Importing the same channel again replaces that incident's timeline and adds a draft version.
 */
public final class ExportImporter {
    /** Exports do not say which workspace they came from; imported incidents share this team id. */
    public static final String TEAM_ID = "T-IMPORT";
    /** Pin source for messages pinned (📌 reaction or Slack's pin) in the export. */
    public static final String PIN_SOURCE = "export";
    static final int MAX_TITLE_LENGTH = 200;
    static final int MAX_TEXT = 40_000;

    private final IncidentRepository incidents;
    private final TimelineRepository timeline;
    private final PostmortemRepository postmortems;
    private final Transactions tx;
    private final Clock clock;

    public ExportImporter(IncidentRepository incidents, TimelineRepository timeline, PostmortemRepository postmortems,
                          Transactions tx, Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.postmortems = postmortems;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * What to import. {@code messages} are the channel's conversation in time order, already limited
     * to the wanted time range (see {@link #conversation}); there must be at least one.
     */
    public record Request(Channel channel, List<Message> messages, String title, Severity severity,
                          UserNames names, String pinReaction) {
        public Request {
            Objects.requireNonNull(channel, "channel");
            if (messages == null || messages.isEmpty()) {
                throw new IllegalArgumentException("nothing to import");
            }
        }
    }

    /** What was stored. {@code replaced} is true when an earlier import of the channel was updated. */
    public record Result(Incident incident, boolean replaced, int draftVersion, String markdown,
                         int messages, int threadReplies, int botMessages, int pinned, int edited) {
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
        Channel channel = r.channel();
        List<Message> messages = r.messages();
        Instant first = messages.get(0).at().truncatedTo(ChronoUnit.MILLIS);
        Instant last = messages.get(messages.size() - 1).at().truncatedTo(ChronoUnit.MILLIS);
        String title = title(r.title(), channel.name());
        Severity severity = r.severity() == null ? Severity.DEFAULT : r.severity();
        UserNames names = r.names() == null ? UserNames.idsOnly() : r.names();
        String pinReaction = r.pinReaction() == null || r.pinReaction().isBlank() ? "pushpin" : r.pinReaction();

        return tx.atomically(() -> {
            var existing = incidents.findByChannel(TEAM_ID, channel.id());
            long id;
            if (existing.isPresent()) {
                id = existing.get().id();
                timeline.deleteTimeline(id);
            } else {
                String openedBy = channel.creator() != null ? channel.creator() : "import";
                id = incidents.create(new IncidentRepository.NewIncident(TEAM_ID, title, null, severity,
                        openedBy, first)).id();
                incidents.bindChannel(id, channel.id(), channel.name());
            }
            incidents.updateImported(id, new IncidentRepository.Imported(title, severity, channel.name(), first, last));

            // Lifecycle entries have no ts; a millisecond apart keeps them first and last in any database.
            timeline.appendLifecycle(id, TEAM_ID, null,
                    "Incident imported from Slack export (#" + channel.name() + ")", first.minusMillis(1));
            int replies = 0;
            int bots = 0;
            int pinned = 0;
            int edited = 0;
            for (Message m : messages) {
                IncomingMessage incoming = toIncoming(channel, m, names);
                if (m.editedAt() != null) {
                    // The export holds the final text: stored as an edit so the draft marks it.
                    timeline.editMessage(id, incoming, m.editedAt());
                    edited++;
                } else {
                    timeline.insertMessage(id, incoming);
                }
                if (isPinned(m, pinReaction)) {
                    timeline.addPin(TEAM_ID, null, channel.id(), m.ts(), PIN_SOURCE);
                    pinned++;
                }
                if (m.isThreadReply()) {
                    replies++;
                }
                if (incoming.fromBot()) {
                    bots++;
                }
            }
            timeline.appendLifecycle(id, TEAM_ID, null, "Incident resolved", last.plusMillis(1));

            Incident incident = incidents.findById(id).orElseThrow();
            String markdown = new PostmortemRenderer(names).render(incident, timeline.entries(id));
            int version = postmortems.saveDraft(id, markdown, clock.instant());
            Result result = new Result(incident, existing.isPresent(), version, markdown, messages.size(), replies,
                    bots, pinned, edited);
            if (beforeCommit != null) {
                beforeCommit.accept(result);
            }
            return result;
        });
    }

    static IncomingMessage toIncoming(Channel channel, Message m, UserNames names) {
        String botName = null;
        if (m.fromBot()) {
            botName = m.botName();
            if (botName == null && m.userId() != null) {
                String known = names.displayName(m.userId());
                botName = known == null || known.equals(m.userId()) ? null : known;
            }
            if (botName == null) {
                botName = m.botId() != null ? m.botId() : "integration";
            }
        }
        String text = m.text() == null ? "" : m.text();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + "… (truncated)";
        }
        return new IncomingMessage(TEAM_ID, channel.id(), m.ts(), m.threadTs(), m.userId(), botName, text, m.files());
    }

    /** A 📌 (or PIN_REACTION, any skin tone) reaction, or Slack's own "Pin to channel". */
    static boolean isPinned(Message m, String pinReaction) {
        if (m.pinnedInChannel()) {
            return true;
        }
        for (String reaction : m.reactions()) {
            if (reaction.equals(pinReaction) || reaction.startsWith(pinReaction + "::")) {
                return true;
            }
        }
        return false;
    }

    static String title(String given, String channelName) {
        String title = given == null || given.isBlank() ? channelName : given.strip();
        if (title.codePointCount(0, title.length()) > MAX_TITLE_LENGTH) {
            title = title.substring(0, title.offsetByCodePoints(0, MAX_TITLE_LENGTH));
        }
        return title;
    }
}
