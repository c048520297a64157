package io.incidentbot.slack.commands;

import io.incidentbot.slack.Responses;
import io.incidentbot.incident.ChannelNames;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.incident.Times;
import io.incidentbot.slack.Backfill;
import io.incidentbot.slack.Blocks;
import io.incidentbot.slack.IncidentNotifier;
import io.incidentbot.slack.SlackGateway;
import io.incidentbot.slack.SlackGateway.Channel;
import io.incidentbot.slack.SlackGateway.SlackError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.incidentbot.incident.Severity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.Executor;

/**
 * {@code /incident open [--sev P1] <title> [| <summary>]}: the incident is stored before the ack;
 * its channel, invitation, intro and announcement follow once Slack answers.
 */
public final class OpenCommand implements Subcommand {
    private static final Logger log = LoggerFactory.getLogger(OpenCommand.class);
    static final int MAX_NAME_ATTEMPTS = 20;

    private final IncidentService service;
    private final SlackGateway slack;
    private final Executor background;
    private final String announceChannel;
    private final String pinReaction;

    public OpenCommand(IncidentService service, SlackGateway slack, Executor background,
                       String announceChannel, String pinReaction) {
        this.service = service;
        this.slack = slack;
        this.background = background;
        this.announceChannel = announceChannel;
        this.pinReaction = pinReaction;
    }

    @Override
    public String name() {
        return "open";
    }

    @Override
    public String syntax() {
        return "open [--sev P1|P2|P3|P4] [--here [--since HH:MM]] [--near-miss] <title> [| <summary>]";
    }

    @Override
    public String description() {
        return "declare an incident: a new channel (or, with `--here`, this one and its recent history), "
                + "you invited, the team told (severity P3 unless given)";
    }

    /** Opens the modal instead, when the form would be easier than the text (no title given). */
    public interface ModalOpener {
        void open(Invocation inv);
    }

    private ModalOpener modal;
    private Backfill backfill;
    private Clock clock;
    /** How far back {@code open --here} reads when no {@code --since} is given. */
    static final Duration DEFAULT_BACKFILL = Duration.ofHours(2);

    public void useBackfill(Backfill backfill, Clock clock) {
        this.backfill = backfill;
        this.clock = clock;
    }

    private LearningService learning;

    /** Lets {@code --near-miss} record close calls (without it, the option is refused). */
    public void useLearning(LearningService learning) {
        this.learning = learning;
    }

    public void useModal(ModalOpener modal) {
        this.modal = modal;
    }

    /** Opens the declare form when it can; true when it did (the ack then says nothing). */
    public boolean tryModal(Invocation inv) {
        if (modal == null || inv.triggerId() == null || inv.triggerId().isBlank()) {
            return false;
        }
        modal.open(inv);
        return true;
    }

    @Override
    public String run(Invocation inv, String args) {
        if (args.isBlank() && tryModal(inv)) {
            return null;
        }
        OpenArgs.Result parsed = OpenArgs.parse(args);
        if (parsed.error() != null) {
            return ":warning: " + parsed.error();
        }
        OpenArgs a = parsed.args();
        if (a.nearMiss() && a.here()) {
            return ":warning: `--near-miss` and `--here` do not go together: a near miss gets a channel of its own.";
        }
        if (a.nearMiss()) {
            return recordNearMiss(inv, a);
        }
        if (a.here()) {
            return adopt(inv, a);
        }
        Incident incident = declare(inv.teamId(), inv.userId(), a.title(), a.summary(), a.severity(),
                text -> slack.respond(inv.responseUrl(), Responses.ephemeral(text)));
        return ":hourglass_flowing_sand: Declaring *" + incident.humanId() + "* (" + incident.severity().display()
                + ") — I'll post its channel here in a moment.";
    }

    /**
     * Stores a new incident now and sets up its channel in the background; {@code tell} reaches the
     * person who opened it (an ephemeral answer, or a DM when it came from the modal).
     */
    public Incident declare(String teamId, String userId, String title, String summary, Severity severity,
                            Consumer<String> tell) {
        Incident incident = service.open(new IncidentService.OpenRequest(teamId, userId, title, summary, severity));
        log.info("{} declared by {} ({}): {}", incident.humanId(), userId, incident.severity(), incident.title());
        background.execute(() -> setUp(incident, userId, tell, null));
        return incident;
    }

    /** A near miss: stored with its mark before the ack; a channel follows, but no announcement. */
    private String recordNearMiss(Invocation inv, OpenArgs a) {
        if (learning == null) {
            return ":warning: Near misses are not available in this setup; use `/incident open <title>`.";
        }
        Incident incident = learning.openNearMiss(inv.teamId(), inv.userId(), a.title(), a.summary(),
                a.severityGiven() ? a.severity() : null);
        String label = learning.state(incident).nearMissLabel();
        log.info("{} near miss recorded by {} ({}): {}", incident.humanId(), inv.userId(), label, incident.title());
        background.execute(() -> setUp(incident, inv.userId(),
                text -> slack.respond(inv.responseUrl(), Responses.ephemeral(text)), label));
        return ":hourglass_flowing_sand: Recording *" + incident.humanId() + "* as a " + label
                + " — no announcement; I'll post its channel here in a moment.";
    }

    /** Sets up the channel; {@code nearMissLabel} is null for an incident, else how the near miss shows. */
    private void setUp(Incident declared, String openerId, Consumer<String> tell, String nearMissLabel) {
        Channel channel;
        try {
            channel = createChannel(declared);
        } catch (RuntimeException e) {
            log.error("{}: could not create its channel: {}", declared.humanId(), e.getMessage());
            tell.accept(":warning: *" + declared.humanId()
                    + "* is recorded, but Slack did not create its channel (" + reason(e) + "). "
                    + "Check that the app has the `channels:manage` scope, then run `/incident open` again.");
            return;
        }
        service.bindChannel(declared, channel.id(), channel.name());
        Incident incident = service.find(declared.id()).orElseThrow();
        log.info("{}: channel #{} ({}) created", incident.humanId(), channel.name(), channel.id());
        try {
            slack.invite(channel.id(), List.of(openerId));
        } catch (RuntimeException e) {
            log.warn("{}: could not invite {}: {}", incident.humanId(), openerId, e.getMessage());
        }
        introduce(incident, channel.id(), nearMissLabel);
        tell.accept(":white_check_mark: *" + incident.humanId() + "* is open: <#"
                + channel.id() + ">. Everything said there goes into the timeline; react with :" + pinReaction
                + ": to pin key events, and type `/incident resolve [root cause]` there when it is over.");
    }

    /** Topic, intro (and summary) in the incident channel, and the announcement (none for a near miss). */
    private void introduce(Incident incident, String channelId, String nearMissLabel) {
        boolean nearMiss = nearMissLabel != null;
        try {
            slack.setTopic(channelId, nearMiss ? incident.humanId() + " · " + nearMissLabel + " · lead <@"
                    + incident.leadId() + ">" : IncidentNotifier.topic(incident));
        } catch (RuntimeException e) {
            log.warn("{}: could not set the channel topic: {}", incident.humanId(), e.getMessage());
        }
        try {
            if (nearMiss) {
                slack.post(channelId, ":large_yellow_circle: *" + incident.humanId() + " · " + incident.title()
                        + "* — " + nearMissLabel + ", recorded by <@" + incident.openedBy() + ">. Write down what almost "
                        + "happened and what caught it; `/incident postmortem` drafts the short write-up, "
                        + "`/incident resolve` when you are done. (No announcement was posted.)", null);
            } else {
                slack.post(channelId, Blocks.introText(incident), Blocks.intro(incident, pinReaction));
            }
            incident.summaryText().ifPresent(summary -> slack.post(channelId, "*Summary:* " + summary, null));
        } catch (RuntimeException e) {
            log.warn("{}: could not post the intro: {}", incident.humanId(), e.getMessage());
        }
        if (!nearMiss) {
            announce(incident);
        }
    }

    /**
     * {@code open --here}: the channel the command is typed in becomes the incident's channel, and
     * its recent history is read into the timeline in the background.
     */
    private String adopt(Invocation inv, OpenArgs a) {
        if (backfill == null) {
            return ":warning: Adopting a channel is not available in this deployment.";
        }
        Instant now = clock.instant();
        Instant since = now.minus(DEFAULT_BACKFILL);
        if (a.since() != null) {
            Optional<Instant> parsed = Times.exact(a.since(), now);
            if (parsed.isEmpty()) {
                return ":warning: `--since` needs a UTC time like `13:40` or `2026-05-09T13:40`.";
            }
            since = parsed.get();
        }
        Optional<Incident> adopted = service.openInChannel(new IncidentService.OpenRequest(inv.teamId(), inv.userId(),
                a.title(), a.summary(), a.severity()), inv.channelId(), inv.channelName());
        if (adopted.isEmpty()) {
            String which = service.forChannel(inv.teamId(), inv.channelId()).map(Incident::humanId).orElse("an incident");
            return ":information_source: This channel already belongs to *" + which + "*.";
        }
        Incident incident = adopted.get();
        Instant from = since;
        log.info("{} declared in existing channel {} by {}", incident.humanId(), inv.channelId(), inv.userId());
        background.execute(() -> {
            try {
                slack.join(inv.channelId());
            } catch (RuntimeException e) {
                log.info("{}: did not join {} ({}); fine when the bot is already a member", incident.humanId(),
                        inv.channelId(), e.getMessage());
            }
            introduce(incident, inv.channelId(), null);
            backfill.start(incident, from);
        });
        return ":hourglass_flowing_sand: *" + incident.humanId() + "* (" + incident.severity().display()
                + ") now lives in this channel. I'm reading its history since " + NoteCommand.SHOWN.format(since)
                + " into the timeline. (In a private channel, `/invite` me first.)";
    }

    private Channel createChannel(Incident incident) {
        for (int attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
            String name = ChannelNames.forIncident(incident.openedAt(), incident.title(), incident.id(), attempt);
            try {
                return slack.createChannel(name, false);
            } catch (SlackError e) {
                if (!"name_taken".equals(e.error())) {
                    throw e;
                }
                log.info("{}: #{} is taken, trying the next name", incident.humanId(), name);
            }
        }
        throw new SlackError("conversations.create", "name_taken (" + MAX_NAME_ATTEMPTS + " names tried)");
    }

    private void announce(Incident incident) {
        if (announceChannel == null) {
            return;
        }
        try {
            SlackGateway.Posted posted = slack.post(announceChannel, Blocks.announcementText(incident),
                    Blocks.announcement(incident));
            service.setAnnouncement(incident, posted.channel(), posted.ts());
        } catch (RuntimeException e) {
            log.warn("{}: could not announce in {}: {}", incident.humanId(), announceChannel, e.getMessage());
        }
    }

    static String reason(RuntimeException e) {
        return e instanceof SlackError se ? "`" + se.error() + "`" : e.getMessage();
    }
}
