package io.incidentbot.slack.commands;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Role;
import io.incidentbot.flow.IncidentUpdates;

import java.time.Clock;
import java.util.Optional;

/** {@code /incident role <lead|comms|scribe> <@user>}: the person is invited to the channel too. */
public final class RoleCommand extends InIncidentCommand {
    private final IncidentUpdates updates;

    public RoleCommand(IncidentService service, IncidentUpdates updates, Clock clock) {
        super(service, clock);
        this.updates = updates;
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
        Incident changed = updates.assignRole(incident, inv.userId(), role.get(), user.get());
        return ":white_check_mark: <@" + user.get() + "> is now " + role.get().title() + " of *" + changed.humanId() + "*.";
    }
}
