package io.incidentbot.slackapi;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.outbox.LaneHandler;
import io.incidentbot.outbox.Refusal;
import io.incidentbot.outbox.SlackJob;
import io.incidentbot.outbox.Verdict;
import io.incidentbot.slackapi.SlackGateway.SlackError;
import io.incidentbot.slackapi.SlackGateway.SlackRateLimited;
import io.incidentbot.slackapi.SlackGateway.SlackUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;

/**
 * The {@code slack} lane: runs {@link SlackJob}s through the {@link SlackGateway}, and judges Slack's
 * answers: 429 is waited out as Slack asks, Slack's own trouble is retried, what only an operator
 * can fix (a revoked token, a missing scope) is retried and told, anything else Slack refuses is
 * given up. Jobs for an incident channel the bot can no longer post in are given up unsent.
 */
public final class SlackLane implements LaneHandler<SlackJob> {
    private static final Logger log = LoggerFactory.getLogger(SlackLane.class);
    /** Slack's own trouble: worth trying again. */
    static final Set<String> TRANSIENT_ERRORS = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout", "ratelimited", "rate_limited");
    /** What only whoever runs the bot can fix; tried again until they do. */
    static final Set<String> OPERATOR_ERRORS = Set.of("invalid_auth", "not_authed", "account_inactive",
            "token_revoked", "token_expired", "missing_scope", "team_access_not_granted", "not_allowed_token_type");
    /** Slack's answers when the bot cannot post in a channel any more. */
    public static final Set<String> CHANNEL_GONE_ERRORS = Set.of("not_in_channel", "is_archived", "channel_not_found");

    private final SlackGateway slack;
    private final IncidentService service;

    public SlackLane(SlackGateway slack, IncidentService service) {
        this.slack = slack;
        this.service = service;
    }

    @Override
    public String family() {
        return SlackJob.LANE;
    }

    @Override
    public Class<SlackJob> jobType() {
        return SlackJob.class;
    }

    @Override
    public int parallelism() {
        return 2; // a big upload for one incident does not hold up another incident's messages
    }

    @Override
    public void run(Delivery<SlackJob> delivery) {
        SlackJob job = delivery.job();
        Long incidentId = delivery.incidentId();
        Optional<String> gone = channelGone(job, incidentId);
        if (gone.isPresent()) {
            if (job instanceof SlackJob.Archive) {
                return; // archived by someone, deleted, or the bot removed: nothing left to archive
            }
            throw new Refusal(gone.get());
        }
        if (job instanceof SlackJob.Post p) {
            slack.postJson(p.channel(), p.text(), p.blocks());
        } else if (job instanceof SlackJob.Upload u) {
            slack.uploadFile(u.channel(), u.filename(), u.title(), uploadContent(u, incidentId), null);
        } else if (job instanceof SlackJob.Invite i) {
            slack.invite(i.channel(), i.users());
        } else if (job instanceof SlackJob.Topic t) {
            slack.setTopic(t.channel(), t.topic());
        } else if (job instanceof SlackJob.Respond r) {
            slack.respond(r.url(), r.payload());
        } else if (job instanceof SlackJob.Announce a) {
            // checked when the job runs: the incident may have been marked private since it was queued
            incident(incidentId).filter(i -> !i.isPrivate()).ifPresent(i -> {
                SlackGateway.Posted posted = slack.post(a.channel(), Blocks.announcementText(i), Blocks.announcement(i));
                service.setAnnouncement(i, posted.channel(), posted.ts());
            });
        } else if (job instanceof SlackJob.Announcement) {
            incident(incidentId).filter(i -> i.announceTs() != null && !i.isPrivate()).ifPresent(i ->
                    slack.update(i.announceChannelId(), i.announceTs(), Blocks.announcementText(i), Blocks.announcement(i)));
        } else if (job instanceof SlackJob.Archive a) {
            slack.archive(a.channel());
        } else if (job instanceof SlackJob.AnnouncementReply r) {
            incident(incidentId).filter(i -> i.announceTs() != null && !i.isPrivate()).ifPresent(i ->
                    slack.reply(i.announceChannelId(), i.announceTs(), r.text()));
        } else if (job instanceof SlackJob.Notice n) {
            Optional<Incident> incident = incident(incidentId);
            if (incident.isPresent() && incident.get().channelId() != null && incident.get().botCanPostInChannel()) {
                slack.post(incident.get().channelId(), n.text(), null);
            } else {
                log.info("Notice for {} not posted: the bot cannot post in its channel", incidentId);
            }
        }
    }

    @Override
    public Verdict judge(Exception failure) {
        if (failure instanceof SlackRateLimited r) {
            return new Verdict.WaitFor(r.retryAfter(), r.getMessage());
        }
        if (failure instanceof SlackUnavailable) {
            return new Verdict.Retry(failure.getMessage());
        }
        if (failure instanceof SlackError e && e.error() != null) {
            String said = "Slack said `" + e.error() + "`" + (e.needed() == null ? "" : " (it needs `" + e.needed() + "`)");
            if (OPERATOR_ERRORS.contains(e.error())) {
                return new Verdict.NeedsOperator(said, fix(e));
            }
            if (TRANSIENT_ERRORS.contains(e.error())) {
                return new Verdict.Retry(e.getMessage());
            }
            return new Verdict.Refused(e.getMessage());
        }
        return null;
    }

    /** What an operator does about an error only they can fix. */
    static String fix(SlackError e) {
        return switch (e.error()) {
            case "missing_scope" -> "add the " + (e.needed() == null ? "missing scope" : "`" + e.needed() + "` scope")
                    + " to the Slack app (OAuth & Permissions, or its manifest) and reinstall it";
            case "team_access_not_granted" -> "a workspace admin approves the app for this workspace";
            case "not_allowed_token_type" -> "set SLACK_BOT_TOKEN to the app's bot token (xoxb-…)";
            default -> "Slack no longer accepts the bot token: reinstall the app and set SLACK_BOT_TOKEN to its new token";
        };
    }

    @Override
    public String describe(SlackJob job, String incident) {
        if (job instanceof SlackJob.Post p) {
            return "Posting " + incident + "'s message in " + channelRef(p.channel());
        } else if (job instanceof SlackJob.Upload u) {
            return "Uploading " + incident + "'s postmortem draft" + (u.version() > 0 ? " (v" + u.version() + ")" : "");
        } else if (job instanceof SlackJob.Invite i) {
            return "Inviting " + String.join(", ", i.users().stream().map(u -> "<@" + u + ">").toList()) + " to "
                    + incident + "'s channel";
        } else if (job instanceof SlackJob.Topic) {
            return "Setting " + incident + "'s channel topic";
        } else if (job instanceof SlackJob.Respond) {
            return "Answering a command about " + incident;
        } else if (job instanceof SlackJob.Announce a) {
            return "Announcing " + incident + " in " + channelRef(a.channel());
        } else if (job instanceof SlackJob.Announcement) {
            return "Updating " + incident + "'s announcement";
        } else if (job instanceof SlackJob.AnnouncementReply) {
            return "Replying under " + incident + "'s announcement";
        } else if (job instanceof SlackJob.Archive) {
            return "Archiving " + incident + "'s channel";
        }
        return null; // a notice that cannot be posted is not noticed again
    }

    @Override
    public String remedy(SlackJob job) {
        return job instanceof SlackJob.Upload ? "`/incident postmortem` tries again" : null;
    }

    private static String channelRef(String channel) {
        return channel != null && channel.startsWith("C") ? "<#" + channel + ">" : "a direct message";
    }

    /**
     * Why a job for the incident's own channel cannot be delivered any more (the channel was archived
     * or deleted, or the bot removed, as Slack's channel events said), or empty: trying would only
     * earn {@code is_archived} or {@code not_in_channel}.
     */
    private Optional<String> channelGone(SlackJob job, Long incidentId) {
        String channel = job instanceof SlackJob.Post p ? p.channel()
                : job instanceof SlackJob.Upload u ? u.channel()
                : job instanceof SlackJob.Invite i ? i.channel()
                : job instanceof SlackJob.Topic t ? t.channel()
                : job instanceof SlackJob.Archive a ? a.channel()
                : null;
        if (incidentId == null || channel == null) {
            return Optional.empty();
        }
        return incident(incidentId)
                .filter(i -> channel.equals(i.channelId()) && !i.botCanPostInChannel())
                .map(i -> "the incident channel is " + i.channelState().describe() + "; not sent");
    }

    /** The file to upload: the stored draft version the job names (jobs of earlier versions of the bot carry the text). */
    private String uploadContent(SlackJob.Upload u, Long incidentId) {
        if (u.content() != null) {
            return u.content();
        }
        return service.draft(incidentId, u.version()).orElseThrow(() -> new Refusal(
                "draft v" + u.version() + " of " + Incident.ID_PREFIX + incidentId + " is not stored"));
    }

    private Optional<Incident> incident(Long id) {
        return id == null ? Optional.empty() : service.find(id);
    }
}
