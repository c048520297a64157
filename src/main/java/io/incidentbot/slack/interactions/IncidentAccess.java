package io.incidentbot.slack.interactions;

import io.incidentbot.slackapi.SlackGateway;

import io.incidentbot.incident.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Membership of an incident's channel is the permission to change the incident. A slash command
 * typed in the channel proves it; a click, a shortcut or a form can come from anyone who can see a
 * message (e.g. a public channel previewed without joining), so those ask Slack
 * ({@code conversations.members}, briefly cached in {@link SlackGateway#isMember}).
 */
public final class IncidentAccess {
    private static final Logger log = LoggerFactory.getLogger(IncidentAccess.class);

    private final SlackGateway slack;

    public IncidentAccess(SlackGateway slack) {
        this.slack = slack;
    }

    /** How the refusal names the channel: a mrkdwn link for messages, {@code #name} for modal errors (plain text). */
    public enum Style { MESSAGE, PLAIN }

    /**
     * Empty when {@code userId} may change {@code incident}; otherwise what to tell them. When Slack
     * cannot say who is in the channel, the answer is no (and says why): a change that cannot be
     * checked is not made.
     */
    public Optional<String> refusal(Incident incident, String userId, Style style) {
        if (incident.channelId() == null) {
            return Optional.of(incident.humanId() + " has no channel yet; please try again in a moment.");
        }
        // a private channel's name is not told to someone outside it (a mrkdwn link shows them no name either)
        String channel = style == Style.MESSAGE ? "<#" + incident.channelId() + ">"
                : incident.isPrivate() ? "the incident's private channel"
                : "#" + (incident.channelName() != null ? incident.channelName() : incident.channelId());
        try {
            if (slack.isMember(incident.channelId(), userId)) {
                return Optional.empty();
            }
            log.info("{}: refused a change by {}: not a member of {}", incident.humanId(), userId, incident.channelId());
            return Optional.of("Join " + channel + " to change this incident.");
        } catch (SlackGateway.SlackError | SlackGateway.SlackUnavailable e) {
            log.warn("{}: could not check whether {} is in {}: {}", incident.humanId(), userId, incident.channelId(),
                    e.getMessage());
            return Optional.of("I could not check that you are in " + channel + " (" + reason(e)
                    + "), so nothing was changed. Please try again in a moment.");
        }
    }

    private static String reason(RuntimeException e) {
        return e instanceof SlackGateway.SlackError se ? "Slack said " + se.error() : "Slack did not answer";
    }
}
