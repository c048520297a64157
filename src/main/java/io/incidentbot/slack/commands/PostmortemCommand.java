package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.slack.PostmortemPublisher;
import io.incidentbot.slack.SlackGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executor;

/** {@code /incident postmortem}: re-drafts from the current data as a new version (old ones are kept). */
public final class PostmortemCommand extends InIncidentCommand {
    private static final Logger log = LoggerFactory.getLogger(PostmortemCommand.class);
    private final PostmortemPublisher publisher;
    private final SlackGateway slack;
    private final Executor background;

    public PostmortemCommand(IncidentService service, PostmortemPublisher publisher, SlackGateway slack,
                             Executor background, Clock clock) {
        super(service, clock);
        this.publisher = publisher;
        this.slack = slack;
        this.background = background;
    }

    @Override
    public String name() {
        return "postmortem";
    }

    @Override
    public String syntax() {
        return "postmortem";
    }

    @Override
    public String description() {
        return "draft the postmortem again from the current data (also before resolve, e.g. for a near miss)";
    }

    @Override
    protected boolean allowedWhenResolved() {
        return true;
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        background.execute(() -> {
            try {
                publisher.publish(incident);
            } catch (RuntimeException e) {
                log.error("{}: could not post the postmortem draft: {}", incident.humanId(), e.getMessage(), e);
                slack.respond(inv.responseUrl(), Responses.ephemeral(":warning: The new draft of *" + incident.humanId()
                        + "* is stored, but posting it to Slack failed (" + OpenCommand.reason(e) + ")."));
            }
        });
        return ":memo: Drafting the postmortem of *" + incident.humanId() + "* again — it will appear here in a moment.";
    }
}
