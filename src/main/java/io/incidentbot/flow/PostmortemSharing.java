package io.incidentbot.flow;

import io.incidentbot.slackapi.Blocks;
import io.incidentbot.slackapi.SlackGateway;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.incident.LearningState;
import io.incidentbot.postmortem.Metrics;
import io.incidentbot.postmortem.PostmortemDrafter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/**
 * Brings a published postmortem to Slack: stores the final text as a version (the latest draft when
 * nothing changed), posts it in the incident channel, and shares a one-paragraph summary with a link
 * in {@code POSTMORTEM_SHARE_CHANNEL}.
 */
public final class PostmortemSharing {
    private static final Logger log = LoggerFactory.getLogger(PostmortemSharing.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final int MAX_PART = 280;

    private final IncidentService service;
    private final LearningService learning;
    private final SlackGateway slack;
    private final PostmortemDrafter drafter;
    private final String shareChannel;

    public PostmortemSharing(IncidentService service, LearningService learning, SlackGateway slack,
                             PostmortemDrafter drafter, String shareChannel) {
        this.service = service;
        this.learning = learning;
        this.slack = slack;
        this.drafter = drafter;
        this.shareChannel = shareChannel;
    }

    /** How the share channel reads in a message: a link for an id, the name as written otherwise. */
    public static String channelRef(String channel) {
        if (channel == null) {
            return "";
        }
        return channel.startsWith("#") ? channel : "<#" + channel + ">";
    }

    public String shareChannel() {
        return shareChannel;
    }

    /** Where this incident's published postmortem is shared: nowhere for a private incident. */
    public java.util.Optional<String> shareChannelFor(Incident incident) {
        return incident.isPrivate() ? java.util.Optional.empty() : java.util.Optional.ofNullable(shareChannel);
    }

    /**
     * Stores and posts the published version; {@code overridden} is how many review findings
     * {@code --anyway} published over; {@code update} says an earlier version was published before.
     * Failures reach {@code tell}; the publication itself is already stored.
     */
    public void publish(Incident published, String userId, int overridden, boolean update, Consumer<String> tell) {
        Incident incident = service.find(published.id()).orElse(published);
        LearningService.PublishedVersion stored;
        String markdown;
        try {
            markdown = drafter.draft(incident);
            stored = learning.storePublishedVersion(incident, markdown);
        } catch (RuntimeException e) {
            log.error("{}: could not store the published postmortem: {}", incident.humanId(), e.getMessage(), e);
            tell.accept(":warning: *" + incident.humanId() + "* is marked published, but storing its final text failed; "
                    + "run `/incident publish --anyway` again in a moment.");
            return;
        }
        if (stored.sameAsBefore()) {
            tell.accept(":information_source: Nothing changed since v" + stored.version() + " of *" + incident.humanId()
                    + "*'s postmortem was published; it stays as it is.");
            return;
        }
        log.info("{}: postmortem v{} published by {}{}", incident.humanId(), stored.version(), userId,
                overridden > 0 ? " over " + overridden + " review findings" : "");
        LearningState state = learning.state(incident);
        String link = null;
        String fileName = PostmortemPublisher.fileName(incident);
        String shareTo = shareChannelFor(incident).orElse(null);
        if (incident.channelId() != null) {
            try {
                SlackGateway.Posted posted = slack.post(incident.channelId(), ":books: The postmortem of *"
                        + Blocks.clip(Blocks.heading(incident)) + "* is published (v" + stored.version() + ") by <@"
                        + userId + ">" + (overridden > 0 ? ", over " + overridden + " review finding"
                        + (overridden == 1 ? "" : "s") + " (`--anyway`)" : "") + "."
                        + (shareTo == null ? "" : " A summary is shared in " + channelRef(shareTo) + "."), null);
                slack.uploadFile(incident.channelId(), fileName, incident.humanId() + " postmortem (published, v"
                        + stored.version() + ")", markdown, null);
                link = permalink(posted);
            } catch (RuntimeException e) {
                log.warn("{}: could not post the published postmortem in its channel: {}", incident.humanId(), e.getMessage());
            }
        }
        if (shareTo == null) {
            return;
        }
        try {
            slack.post(shareTo, summary(incident, state, stored.version(), update, link, fileName), null);
        } catch (RuntimeException e) {
            log.warn("{}: could not share the published postmortem in {}: {}", incident.humanId(), shareTo, e.getMessage());
            tell.accept(":warning: *" + incident.humanId() + "*'s postmortem is published, but sharing it in "
                    + channelRef(shareTo) + " failed (" + e.getMessage() + ").");
        }
    }

    private String permalink(SlackGateway.Posted posted) {
        try {
            return slack.permalink(posted.channel(), posted.ts());
        } catch (RuntimeException e) {
            log.debug("chat.getPermalink failed: {}", e.getMessage());
            return null;
        }
    }

    /** The one-paragraph summary for the share channel. */
    String summary(Incident i, LearningState state, int version, boolean update, String link, String fileName) {
        List<ActionItem> actions = service.actions(i);
        List<String> tags = learning.tags(i);
        long done = actions.stream().filter(ActionItem::done).count();
        StringBuilder sb = new StringBuilder(":books: *")
                .append(state.nearMiss() ? "Near-miss write-up " : "Postmortem ")
                .append(update ? "updated" : "published").append(": ").append(Blocks.clip(oneLine(Blocks.heading(i), 200)))
                .append("* — ").append(state.nearMiss() ? state.nearMissLabel() : i.severity().display())
                .append(", ").append(DATE.format(i.startedAt() != null ? i.startedAt() : i.openedAt()));
        i.duration().ifPresent(d -> sb.append(", ").append(Metrics.formatDuration(d)));
        sb.append(". ");
        i.summaryText().ifPresent(s -> sb.append(oneLine(s, MAX_PART)).append(endOfSentence(s)));
        i.rootCauseText().ifPresent(s -> sb.append("Root cause: ").append(oneLine(s, MAX_PART)).append(endOfSentence(s)));
        if (!tags.isEmpty()) {
            sb.append("Tags: ").append(String.join(", ", tags)).append(". ");
        }
        sb.append(actions.isEmpty() ? "No action items." : "Action items: " + done + " of " + actions.size() + " done.");
        sb.append(" Read it: ").append(link == null ? "`" + fileName + "` (v" + version + ")"
                : "<" + link + "|" + fileName + " (v" + version + ")>");
        if (i.channelId() != null) {
            sb.append(" in <#").append(i.channelId()).append(">");
        }
        sb.append('.');
        return sb.toString();
    }

    private static String endOfSentence(String s) {
        String t = s.strip();
        return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? " " : ". ";
    }

    static String oneLine(String text, int max) {
        String t = text == null ? "" : text.replace('\n', ' ').strip();
        return t.length() > max ? t.substring(0, max - 1) + "…" : t;
    }
}
