package io.incidentbot.flow;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Role;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Status;
import io.incidentbot.incident.Transactions;
import io.incidentbot.outbox.Outbox;
import io.incidentbot.outbox.SlackJob;

import java.util.List;
import java.util.function.Supplier;

/**
 * Changes to a running incident that people follow in Slack: each change and the Slack messages that
 * report it (the channel notice, the announcement post edited in place, the channel topic, a reply
 * under the announcement) are committed together, the messages as outbox jobs. So a Slack outage
 * during a status change or an escalation delays the messages, in order, and loses none.
 */
public final class IncidentUpdates {
    static final int MAX_TOPIC = 250;

    private final IncidentService service;
    private final Outbox outbox;
    private final Transactions tx;

    public IncidentUpdates(IncidentService service, Outbox outbox, Transactions tx) {
        this.service = service;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** Severity · status · lead, as the channel topic shows it. */
    public static String topic(Incident i) {
        String topic = i.humanId() + " · " + i.severity().display() + " · " + i.status().title() + " · lead "
                + (i.leadId() == null ? "none yet" : "<@" + i.leadId() + ">");
        return topic.length() > MAX_TOPIC ? topic.substring(0, MAX_TOPIC) : topic;
    }

    public Incident changeStatus(Incident incident, String by, Status to) {
        return reported(() -> service.changeStatus(incident, by, to), changed -> {
            refresh(changed);
            inChannel(changed, ":arrows_counterclockwise: Status → *" + changed.status().display() + "* (by <@" + by
                    + ">)" + (changed.mitigatedAt() != null && incident.mitigatedAt() == null
                    ? " — mitigation time recorded." : ""));
            inAnnouncementThread(changed, "Status → *" + changed.status().display() + "*");
        });
    }

    public Incident changeSeverity(Incident incident, String by, Severity to) {
        return reported(() -> service.changeSeverity(incident, by, to), changed -> {
            refresh(changed);
            inChannel(changed, ":rotating_light: Severity " + incident.severity().name() + " → *" + to.display()
                    + "* (by <@" + by + ">): " + to.definition() + ".");
            if (isEscalation(incident.severity(), to)) {
                inAnnouncementThread(changed, ":rotating_light: Escalated to *" + to.display() + "*: "
                        + to.definition() + ".");
            }
        });
    }

    /** Stakeholders hear of an escalation into P1 or P2 in the announcement's thread. */
    static boolean isEscalation(Severity from, Severity to) {
        return to.ordinal() < from.ordinal() && to.ordinal() <= Severity.P2.ordinal();
    }

    /** The assignee is invited to the channel too. */
    public Incident assignRole(Incident incident, String by, Role role, String assignee) {
        return reported(() -> service.assignRole(incident, by, role, assignee), changed -> {
            if (changed.channelId() != null) {
                outbox.add(changed, new SlackJob.Invite(changed.channelId(), List.of(assignee)));
            }
            if (role == Role.LEAD) {
                refresh(changed);
            }
            inChannel(changed, ":bust_in_silhouette: <@" + assignee + "> is now " + role.title()
                    + " (set by <@" + by + ">).");
        });
    }

    /** A stakeholder update: in the channel and under the announcement. */
    public Incident postUpdate(Incident incident, String by, String text) {
        return reported(() -> service.postUpdate(incident, by, text), updated -> {
            String message = ":mega: *Update on " + updated.humanId() + "* (" + updated.severity().name() + " · "
                    + updated.status().display() + ") from <@" + by + ">: " + text;
            inChannel(updated, message);
            inAnnouncementThread(updated, message);
        });
    }

    public Incident reopen(Incident incident, String by) {
        return reported(() -> service.reopen(incident, by), reopened -> {
            refresh(reopened);
            inChannel(reopened, ":rewind: *" + reopened.humanId() + "* reopened by <@" + by + ">.");
            inAnnouncementThread(reopened, ":rewind: Reopened: the incident is not over.");
        });
    }

    /** Runs {@code change} and queues its messages in one transaction. */
    private Incident reported(Supplier<Incident> change, java.util.function.Consumer<Incident> messages) {
        return tx.atomically(() -> {
            Incident changed = change.get();
            messages.accept(changed);
            return changed;
        });
    }

    /** The announcement and the topic brought to the incident's current state; older waiting edits are dropped. */
    private void refresh(Incident i) {
        if (!i.isPrivate()) { // the lane skips it when there is no announcement post
            outbox.replacing(i.id(), new SlackJob.Announcement());
        }
        if (i.channelId() != null && i.botCanPostInChannel()) {
            outbox.replacing(i.id(), new SlackJob.Topic(i.channelId(), topic(i)));
        }
    }

    private void inChannel(Incident i, String text) {
        if (i.channelId() != null && i.botCanPostInChannel()) {
            outbox.add(i, new SlackJob.Post(i.channelId(), text, null));
        }
    }

    /** Under the announcement post as it is when the job runs (it may still be queued itself). */
    private void inAnnouncementThread(Incident i, String text) {
        if (!i.isPrivate()) {
            outbox.add(i, new SlackJob.AnnouncementReply(text));
        }
    }
}
