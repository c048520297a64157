package io.incidentbot.flow;

import io.incidentbot.slackapi.Blocks;
import io.incidentbot.slackapi.SlackGateway;

import io.incidentbot.incident.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;

/**
 * Keeps Slack in step with an incident after the ack: the one announcement post (edited, never
 * re-posted), the channel topic, notices in the channel and in the announcement's thread.
 * Failures are logged, never thrown: the incident's record is already safe in the database.
 */
public final class IncidentUpdates {
    private static final Logger log = LoggerFactory.getLogger(IncidentUpdates.class);
    static final int MAX_TOPIC = 250;

    private final SlackGateway slack;
    private final Executor background;

    public IncidentUpdates(SlackGateway slack, Executor background) {
        this.slack = slack;
        this.background = background;
    }

    /** Severity · status · lead, as the channel topic shows it. */
    public static String topic(Incident i) {
        String topic = i.humanId() + " · " + i.severity().display() + " · " + i.status().title() + " · lead " + (i.leadId() == null ? "none yet" : "<@" + i.leadId() + ">");
        return topic.length() > MAX_TOPIC ? topic.substring(0, MAX_TOPIC) : topic;
    }

    /** Updates the announcement and the topic to the incident's current state. */
    public void refresh(Incident i) {
        background.execute(() -> refreshNow(i));
    }

    void refreshNow(Incident i) {
        if (i.announceTs() != null && !i.isPrivate()) {
            attempt(i, "update the announcement", () -> slack.update(i.announceChannelId(), i.announceTs(),
                    Blocks.announcementText(i), Blocks.announcement(i)));
        }
        if (i.botCanPostInChannel()) {
            attempt(i, "set the channel topic", () -> slack.setTopic(i.channelId(), topic(i)));
        }
    }

    /** A message in the incident channel. */
    public void inChannel(Incident i, String text) {
        if (i.botCanPostInChannel()) {
            background.execute(() -> attempt(i, "post in the channel", () -> slack.post(i.channelId(), text, null)));
        }
    }

    /** A notice under the announcement post, so stakeholders following it see it without new top-level posts. */
    public void inAnnouncementThread(Incident i, String text) {
        if (i.announceTs() != null && !i.isPrivate()) { // a private incident has no announcement: belt and braces
            background.execute(() -> attempt(i, "reply to the announcement",
                    () -> slack.reply(i.announceChannelId(), i.announceTs(), text)));
        }
    }

    private static void attempt(Incident i, String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("{}: could not {}: {}", i.humanId(), what, e.getMessage());
        }
    }
}
