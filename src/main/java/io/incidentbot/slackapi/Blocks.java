package io.incidentbot.slackapi;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.composition.OptionObject;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.TimelineEntry;
import io.incidentbot.postmortem.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

/**
 * Block Kit messages. Incident titles and summaries arrive from Slack already escaped
 * ({@code &amp; &lt; &gt;}), so they go back into mrkdwn as they are; text that did not come
 * from Slack goes through {@link #escape}.
 */
public final class Blocks {
    private static final int MAX_KEY_EVENTS = 5;
    private static final int MAX_SECTION_TEXT = 2900;

    private Blocks() {
    }

    /** Blocks as Slack's JSON, to store in a {@link io.incidentbot.outbox.SlackJob.Post}; null stays null. */
    public static String json(List<LayoutBlock> blocks) {
        return blocks == null ? null : SNAKE_CASE.toJson(blocks);
    }

    private static final com.google.gson.Gson SNAKE_CASE = com.slack.api.util.json.GsonFactory.createSnakeCase();

    /** Escapes the three characters Slack's mrkdwn treats as control characters. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static String heading(Incident i) {
        return i.humanId() + " · " + i.title();
    }

    /** The lead as messages name them: a mention, or a prompt to take the role (an incident declared from an alert has none yet). */
    public static String lead(Incident i) {
        return i.leadId() == null ? "nobody yet (`/incident role lead @you`)" : "<@" + i.leadId() + ">";
    }

    static String when(java.time.Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + at + ">";
    }

    /** The first message in an incident channel: what it is and how to work in it. */
    public static List<LayoutBlock> intro(Incident i, String pinReaction) {
        List<TextObject> fields = List.of(
                markdownText("*Severity*\n" + i.severity().display()),
                markdownText("*Status*\n" + i.status().title()),
                markdownText("*Incident lead*\n" + lead(i)),
                markdownText("*Declared*\n" + when(i.openedAt())));
        return List.of(
                section(s -> s.text(markdownText(":rotating_light: *" + clip(heading(i)) + "*"))),
                section(s -> s.fields(fields)),
                actions(a -> a.blockId("incident_actions").elements(List.of(
                        staticSelect(e -> e.actionId("incident_status").placeholder(plainText("Change status"))
                                .options(optionsOf(List.of(Status.INVESTIGATING, Status.IDENTIFIED, Status.MONITORING),
                                        Status::title, Status::name))),
                        staticSelect(e -> e.actionId("incident_severity").placeholder(plainText("Change severity"))
                                .options(optionsOf(List.of(Severity.values()), Severity::display, Severity::name))),
                        button(b -> b.actionId("incident_resolve").text(plainText("Resolve")).style("danger").value("resolve")
                                .confirm(confirmationDialog(d -> d.title(plainText("Resolve " + i.humanId() + "?"))
                                        .text(plainText("The draft postmortem will be posted here."))
                                        .confirm(plainText("Resolve")).deny(plainText("Not yet")))))))),
                context(c -> c.elements(List.of(markdownText(
                        ":" + pinReaction + ": React with :" + pinReaction + ": to pin a message as a key event"
                                + " · `/incident resolve [root cause]` when it is over"
                                + " · `/incident help` for everything else")))));
    }

    private static <T> List<OptionObject> optionsOf(List<T> values, Function<T, String> label, Function<T, String> value) {
        return values.stream().map(v -> option(plainText(label.apply(v)), value.apply(v))).toList();
    }

    public static String introText(Incident i) {
        return ":rotating_light: " + heading(i) + " — " + i.severity().display() + ", " + i.status().display()
                + ", lead " + lead(i);
    }

    /** The announcement post, kept up to date as the incident moves on. */
    public static List<LayoutBlock> announcement(Incident i) {
        return List.of(section(s -> s.text(markdownText(announcementText(i)))));
    }

    public static String announcementText(Incident i) {
        String channel = i.channelId() == null ? "" : " · <#" + i.channelId() + ">";
        if (i.isResolved()) {
            return ":white_check_mark: *" + clip(heading(i)) + "* — resolved after "
                    + i.duration().map(Metrics::formatDuration).orElse("?") + " · " + i.severity().display() + channel;
        }
        return ":rotating_light: *" + clip(heading(i)) + "* — " + i.severity().display() + " · "
                + i.status().title() + " · lead " + lead(i) + channel;
    }

    /** Posted in the channel when the incident is resolved, beside the draft file. */
    public static List<LayoutBlock> resolved(Incident i, List<TimelineEntry> entries, String fileName) {
        long messages = entries.stream().filter(e -> !e.deleted() && e.kind() != TimelineEntry.Kind.LIFECYCLE).count();
        List<TimelineEntry> pinned = entries.stream().filter(e -> e.pinned() && !e.deleted()).toList();
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(resolvedText(i)))));
        blocks.add(section(s -> s.fields(List.of(
                markdownText("*Severity*\n" + i.severity().display()),
                markdownText("*Duration*\n" + i.duration().map(Metrics::formatDuration).orElse("?")),
                markdownText("*Messages captured*\n" + messages),
                markdownText("*Key events (pinned)*\n" + pinned.size())))));
        if (i.rootCauseText().isPresent()) {
            blocks.add(section(s -> s.text(markdownText(clip("*Root cause*\n" + i.rootCause())))));
        }
        if (!pinned.isEmpty()) {
            StringBuilder sb = new StringBuilder("*Key events*");
            for (TimelineEntry e : pinned.subList(0, Math.min(MAX_KEY_EVENTS, pinned.size()))) {
                sb.append("\n• ").append(java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                                .withZone(java.time.ZoneOffset.UTC).format(e.occurredAt())).append(" UTC — ")
                        .append(e.authorId() != null ? "<@" + e.authorId() + ">: " : "")
                        .append(oneLine(e.text()));
            }
            blocks.add(section(s -> s.text(markdownText(clip(sb.toString())))));
        }
        blocks.add(context(c -> c.elements(List.of(markdownText(
                ":memo: The draft postmortem is attached as `" + fileName + "`: fill in the _TODO_ prompts"
                        + " and review it blamelessly.")))));
        return blocks;
    }

    public static String resolvedText(Incident i) {
        if (!i.isResolved()) {
            return ":memo: Draft postmortem of *" + clip(heading(i)) + "* (the incident is still "
                    + i.status().display() + ").";
        }
        return ":white_check_mark: *" + clip(heading(i)) + "* is resolved after "
                + i.duration().map(Metrics::formatDuration).orElse("?") + ".";
    }

    private static String oneLine(String text) {
        String t = text == null ? "" : text.replace('\n', ' ');
        return t.length() > 200 ? t.substring(0, 199) + "…" : t;
    }

    /** Section texts are limited to 3000 characters. */
    public static String clip(String text) {
        return text.length() > MAX_SECTION_TEXT ? text.substring(0, MAX_SECTION_TEXT - 1) + "…" : text;
    }
}
