package io.incidentbot.slack.interactions;

import com.slack.api.bolt.App;
import io.incidentbot.flow.AlertIntake;
import io.incidentbot.slack.commands.CommandRouter;
import io.incidentbot.slack.commands.Invocation;
import io.incidentbot.slackapi.AlertBlocks;
import io.incidentbot.slackapi.Responses;
import io.incidentbot.slackapi.SlackGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;

/**
 * The buttons alerts bring: Declare and Ignore in the triage channel's "Declare an incident?", and
 * Reopen in a resolved incident's channel when its alert fires again. The decision is committed
 * before the ack; the message is then replaced by what was done.
 */
public final class AlertActions {
    private static final Logger log = LoggerFactory.getLogger(AlertActions.class);

    private final AlertIntake intake;
    private final SlackGateway slack;
    private final CommandRouter commands;
    private final Executor background;

    public AlertActions(AlertIntake intake, SlackGateway slack, CommandRouter commands, Executor background) {
        this.intake = intake;
        this.slack = slack;
        this.commands = commands;
        this.background = background;
    }

    public void register(App app) {
        app.blockAction(AlertBlocks.DECLARE, (req, ctx) -> {
            var p = req.getPayload();
            Long group = number(p.getActions().get(0).getValue());
            if (group == null || p.getUser() == null) {
                return ctx.ack();
            }
            AlertIntake.TriageResult result = intake.declareFromTriage(group, p.getUser().getId());
            replace(p.getResponseUrl(), result.text());
            return ctx.ack();
        });
        app.blockAction(AlertBlocks.IGNORE, (req, ctx) -> {
            var p = req.getPayload();
            Long group = number(p.getActions().get(0).getValue());
            if (group == null || p.getUser() == null) {
                return ctx.ack();
            }
            replace(p.getResponseUrl(), intake.ignoreFromTriage(group, p.getUser().getId()).text());
            return ctx.ack();
        });
        app.blockAction(AlertBlocks.REOPEN, (req, ctx) -> {
            var p = req.getPayload();
            String channel = p.getChannel() != null ? p.getChannel().getId()
                    : p.getContainer() != null ? p.getContainer().getChannelId() : null;
            if (p.getTeam() == null || p.getUser() == null || channel == null) {
                return ctx.ack();
            }
            // the same rules and notices as /incident reopen typed in that channel
            String reply = commands.handle(new Invocation(p.getTeam().getId(), channel, p.getUser().getId(), "reopen",
                    p.getResponseUrl(), p.getTriggerId(), null, p.getTeam().getEnterpriseId()));
            if (reply != null) {
                background.execute(() -> slack.respond(p.getResponseUrl(), Responses.ephemeral(reply)));
            }
            return ctx.ack();
        });
    }

    private void replace(String responseUrl, String text) {
        if (responseUrl == null) {
            return;
        }
        background.execute(() -> {
            try {
                slack.respond(responseUrl, Responses.replaceOriginal(text, AlertBlocks.decided(text)));
            } catch (RuntimeException e) {
                log.warn("Could not update the triage message: {}", e.getMessage());
            }
        });
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
