package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Role;
import io.incidentbot.flow.IncidentUpdates;
import io.incidentbot.slackapi.SlackGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** {@code /incident role <lead|comms|scribe> <@user>}: the person is invited to the channel too. */
public final class RoleCommand extends InIncidentCommand {
    private static final Logger log = LoggerFactory.getLogger(RoleCommand.class);
    private final IncidentUpdates notifier;
    private final SlackGateway slack;
    private final Executor background;

    public RoleCommand(IncidentService service, IncidentUpdates notifier, SlackGateway slack, Executor background,
                       Clock clock) {
        super(service, clock);
        this.notifier = notifier;
        this.slack = slack;
        this.background = background;
    }

    @Override
    public String name() {
        return "role";
    }

    @Override
    public String syntax() {
        return "role <lead|comms|scribe> <@user>";
    }

    @Override
    public String description() {
        return "give someone a role (the opener is lead until then); they are invited";
    }

    @Override
    String act(Incident incident, Invocation inv, String args) {
        String[] parts = args.split("\\s+", 2);
        Optional<Role> role = Role.parse(parts[0]);
        if (role.isEmpty()) {
            return ":warning: The role must be lead, comms or scribe. " + usageHint();
        }
        Optional<String> user = Mentions.firstUser(parts.length > 1 ? parts[1] : "");
        if (user.isEmpty()) {
            return ":warning: Who should be " + role.get().title() + "? " + Mentions.HOW_TO_MENTION + " " + usageHint();
        }
        Incident changed = service.assignRole(incident, inv.userId(), role.get(), user.get());
        if (changed.channelId() != null) {
            background.execute(() -> {
                try {
                    slack.invite(changed.channelId(), List.of(user.get()));
                } catch (RuntimeException e) {
                    log.warn("{}: could not invite {}: {}", changed.humanId(), user.get(), e.getMessage());
                }
            });
        }
        if (role.get() == Role.LEAD) {
            notifier.refresh(changed);
        }
        notifier.inChannel(changed, ":bust_in_silhouette: <@" + user.get() + "> is now " + role.get().title()
                + " (set by <@" + inv.userId() + ">).");
        return ":white_check_mark: <@" + user.get() + "> is now " + role.get().title() + " of *" + changed.humanId() + "*.";
    }
}
