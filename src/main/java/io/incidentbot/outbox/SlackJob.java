package io.incidentbot.outbox;

import java.util.List;

/**
 * Work for Slack's Web API after the ack, run by the {@code slack} lane's handler (in
 * {@code slackapi}). Each record is one kind of job; its name (with a small first letter) is the
 * kind stored with it, so renaming a record strands the jobs already queued under the old name.
 */
public sealed interface SlackJob extends OutboxJob permits SlackJob.Post, SlackJob.Upload, SlackJob.Invite,
        SlackJob.Topic, SlackJob.Respond, SlackJob.Announce, SlackJob.Announcement, SlackJob.AnnouncementReply,
        SlackJob.Archive, SlackJob.Notice {

    String LANE = "slack";
    /** Failure notices have a lane of their own: they must not wait behind the job that failed. */
    String NOTICES = LANE + ":notices";

    @Override
    default String lane() {
        return LANE;
    }

    /** A message; {@code blocks} is its Block Kit blocks as Slack's JSON, or null for text only. */
    record Post(String channel, String text, String blocks) implements SlackJob {
    }

    /**
     * A stored postmortem draft shared as a file. The job names the draft's version rather than
     * holding a copy (a huge incident's draft is tens of megabytes); {@code content} is set only in
     * jobs queued by earlier versions of the bot.
     */
    record Upload(String channel, String filename, String title, int version, String content) implements SlackJob {
    }

    /** People invited to a channel. */
    record Invite(String channel, List<String> users) implements SlackJob {
    }

    record Topic(String channel, String topic) implements SlackJob {
    }

    /** An answer through a slash command's response_url (valid for 30 minutes); {@code payload} is its JSON. */
    record Respond(String url, String payload) implements SlackJob {
    }

    /** The incident's one announcement post in {@code channel}, as the incident is when the job runs. */
    record Announce(String channel) implements SlackJob {
    }

    /** Brings the announcement post up to date with the incident as it is when the job runs. */
    record Announcement() implements SlackJob {
    }

    /** A reply under the announcement post as it is when the job runs (skipped when there is none). */
    record AnnouncementReply(String text) implements SlackJob {
    }

    /** A channel archived; done already when the channel is archived or gone. */
    record Archive(String channel) implements SlackJob {
    }

    /** A one-line notice in the incident's channel (e.g. that background work failed), if the bot can post there. */
    record Notice(String text) implements SlackJob {
        @Override
        public String lane() {
            return NOTICES;
        }
    }
}
