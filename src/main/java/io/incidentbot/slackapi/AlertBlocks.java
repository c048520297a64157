package io.incidentbot.slackapi;

import com.slack.api.model.block.LayoutBlock;
import io.incidentbot.incident.Incident;

import java.util.ArrayList;
import java.util.List;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

/** The messages alerts bring: "Declare an incident?" in the triage channel, "fired again" in an incident channel. */
public final class AlertBlocks {
    public static final String DECLARE = "alert_declare";
    public static final String IGNORE = "alert_ignore";
    public static final String REOPEN = "incident_reopen";

    private AlertBlocks() {
    }

    /** The triage question with the alerts (already mrkdwn) and Declare / Ignore for group {@code groupId}. */
    public static List<LayoutBlock> triage(long groupId, String text, List<String> alertLines) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(Blocks.clip(text)))));
        StringBuilder lines = new StringBuilder();
        for (String line : alertLines) {
            lines.append(lines.length() == 0 ? "" : "\n").append("• ").append(line);
        }
        if (lines.length() > 0) {
            blocks.add(section(s -> s.text(markdownText(Blocks.clip(lines.toString())))));
        }
        blocks.add(actions(a -> a.blockId("alert_triage").elements(List.of(
                button(b -> b.actionId(DECLARE).text(plainText("Declare")).style("primary").value(Long.toString(groupId))),
                button(b -> b.actionId(IGNORE).text(plainText("Ignore")).value(Long.toString(groupId)))))));
        blocks.add(context(c -> c.elements(List.of(markdownText(
                "Ignore keeps this alert group quiet until it resolves.")))));
        return blocks;
    }

    /** Posted in a recently resolved incident's channel when its alert group fires again. */
    public static List<LayoutBlock> refired(Incident incident, String text) {
        return List.of(
                section(s -> s.text(markdownText(Blocks.clip(text)))),
                actions(a -> a.blockId("alert_refired").elements(List.of(
                        button(b -> b.actionId(REOPEN).text(plainText("Reopen " + incident.humanId())).style("danger")
                                .value(Long.toString(incident.id())))))));
    }

    /** The triage message once someone chose: the question replaced by what was done. */
    public static List<LayoutBlock> decided(String text) {
        return List.of(section(s -> s.text(markdownText(Blocks.clip(text)))));
    }
}
