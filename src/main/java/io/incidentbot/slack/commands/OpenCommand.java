package io.incidentbot.slack.commands;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.incidentbot.metrics.LogContext;
import io.incidentbot.slackapi.Responses;
import io.incidentbot.incident.ChannelNames;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.incident.Times;
import io.incidentbot.incident.Transactions;
import io.incidentbot.flow.AlertIntake;
import io.incidentbot.flow.Backfill;
import io.incidentbot.slackapi.Blocks;
import io.incidentbot.flow.IncidentUpdates;
import io.incidentbot.outbox.Outbox;
import io.incidentbot.outbox.SlackJob;
import io.incidentbot.slackapi.SlackGateway;
import io.incidentbot.slackapi.SlackGateway.Channel;
import io.incidentbot.slackapi.SlackGateway.SlackError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.incidentbot.incident.Severity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /incident open [--sev P1] [--private] <title> [| <summary>]}: the incident is stored before the ack;
 * its channel follows once Slack answers, and the invitation, topic, intro, announcement and
 * confirmation are queued in the {@link Outbox} with the channel's binding, so a Slack outage
 * after that delays them but loses none. A private incident gets a private channel and no announcement.
 */
public final class OpenCommand implements Subcommand {
    private static final Logger log = LoggerFactory.getLogger(OpenCommand.class);
    static final int MAX_NAME_ATTEMPTS = 20;
    /** What Slack sends as {@code channel_name} when a slash command is typed in a private channel. */
    static final String PRIVATE_CHANNEL_NAME = "privategroup";
    static final String PRIVATE_NOTE = ":lock: This incident is *private*: it is not announced or shared, "
            + "`/incident list` shows it only here, and the web pages show it only to members of this channel. "
            + "Add people with `/invite`.";

    private final IncidentService service;
    private final SlackGateway slack;
    private final Outbox outbox;
    private final Transactions tx;
    private final Executor background;
    private final String announceChannel;
    private final String pinReaction;
    /**
     * Slash commands already acted on, by trigger_id → incident id: a replayed request (a proxy, a
     * captured request sent again within the signature's 5 minutes) gets the first one's incident.
     */
    private final Cache<String, Long> byTrigger = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    public OpenCommand(IncidentService service, SlackGateway slack, Outbox outbox, Transactions tx, Executor background,
                       String announceChannel, String pinReaction) {
        this.service = service;
        this.slack = slack;
        this.outbox = outbox;
        this.tx = tx;
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
        return "open [--sev P1|P2|P3|P4] [--private] [--here [--since HH:MM]] [--near-miss] <title> [| <summary>]";
    }

    @Override
    public String description() {
        return "declare an incident: a new channel (or, with `--here`, this one and its recent history), "
                + "you invited, the team told (severity P3 unless given; `--private`: a private channel, not announced)";
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
        IncidentService.Opened opened;
        if (inv.triggerId() == null || inv.triggerId().isBlank()) {
            opened = declare(inv.teamId(), inv.enterpriseId(), inv.userId(), a.title(), a.summary(), a.severity(),
                    a.isPrivate(), inv.responseUrl());
        } else {
            // atomic per trigger_id: a concurrent replay waits for the first and gets its incident
            AtomicReference<IncidentService.Opened> first = new AtomicReference<>();
            long id = byTrigger.get(inv.triggerId(), k -> {
                first.set(declare(inv.teamId(), inv.enterpriseId(), inv.userId(), a.title(), a.summary(), a.severity(),
                        a.isPrivate(), inv.responseUrl()));
                return first.get().incident().id();
            });
            opened = first.get() != null ? first.get()
                    : new IncidentService.Opened(service.find(id).orElseThrow(), false);
        }
        Incident incident = opened.incident();
        if (!opened.isNew()) {
            log.info("{}: a second submission by {} was answered with the first", incident.humanId(), inv.userId());
            return ":information_source: You just declared *" + incident.humanId() + "* (" + incident.title()
                    + "), so I did not open a second incident. " + (incident.channelId() != null
                    ? "Its channel is <#" + incident.channelId() + ">." : "Its channel is on its way.");
        }
        return ":hourglass_flowing_sand: Declaring *" + incident.humanId() + "* (" + incident.severity().display()
                + (incident.isPrivate() ? ", private: no announcement" : "")
                + ") — I'll post its channel here in a moment.";
    }

    /**
     * Stores a new incident now and sets up its channel in the background; the person who opened it
     * hears back through {@code responseUrl} (a slash command's), or by DM when it is null (the
     * modal). When the same person declared the same title moments ago, that incident is returned
     * and nothing is done.
     */
    public IncidentService.Opened declare(String teamId, String userId, String title, String summary, Severity severity,
                                          String responseUrl) {
        return declare(teamId, null, userId, title, summary, severity, false, responseUrl);
    }

    /** {@link #declare(String, String, String, String, Severity, String)}, private when {@code isPrivate}. */
    public IncidentService.Opened declare(String teamId, String userId, String title, String summary, Severity severity,
                                          boolean isPrivate, String responseUrl) {
        return declare(teamId, null, userId, title, summary, severity, isPrivate, responseUrl);
    }

    /** The same, with the Enterprise Grid organization Slack named with the request ({@code enterpriseId}, or null). */
    public IncidentService.Opened declare(String teamId, String enterpriseId, String userId, String title, String summary,
                                          Severity severity, boolean isPrivate, String responseUrl) {
        IncidentService.Opened opened = service.openOnce(
                new IncidentService.OpenRequest(teamId, userId, title, summary, severity, isPrivate, enterpriseId));
        LogContext.incident(opened.incident().id());
        if (opened.isNew()) {
            Incident incident = opened.incident();
            // what people typed (the title) only at DEBUG: INFO logs are shipped and kept where incidents are not
            log.info("{} declared by {} ({}{})", incident.humanId(), userId, incident.severity(),
                    incident.isPrivate() ? ", private" : "");
            log.debug("{} title: {}", incident.humanId(), incident.title());
            background.execute(() -> setUp(incident, List.of(userId), userId, responseUrl, null));
        }
        return opened;
    }

    /**
     * An incident declared from an alert ({@link AlertIntake}): stored in the caller's transaction;
     * once that commits, its channel is set up as for {@code /incident open}, with the people of
     * {@code ALERT_INVITE} (user ids, or user groups' members) and the person who declared it from
     * triage, if any, invited.
     */
    public AlertIntake.Declared declareFromAlert(AlertIntake.Declaration d) {
        Incident incident = service.openFromAlert(new IncidentService.OpenRequest(d.teamId(), d.openerId(), d.title(),
                d.summary(), d.severity()), d.leadId(), d.detectedAt(), d.detectedBy());
        return new AlertIntake.Declared(incident, () -> background.execute(() -> {
            List<String> invitees = new java.util.ArrayList<>();
            if (d.leadId() != null) {
                invitees.add(d.leadId());
            }
            for (String id : d.invite()) {
                if (id.startsWith("S")) {
                    try {
                        invitees.addAll(slack.userGroupMembers(id));
                    } catch (RuntimeException e) {
                        log.warn("{}: could not read user group {} to invite it: {}", incident.humanId(), id, e.getMessage());
                    }
                } else {
                    invitees.add(id);
                }
            }
            setUp(incident, invitees.stream().distinct().toList(), d.leadId(), null, null);
        }));
    }

    /** A near miss: stored with its mark before the ack; a channel follows, but no announcement. */
    private String recordNearMiss(Invocation inv, OpenArgs a) {
        if (learning == null) {
            return ":warning: Near misses are not available in this setup; use `/incident open <title>`.";
        }
        Incident incident = learning.openNearMiss(inv.teamId(), inv.enterpriseId(), inv.userId(), a.title(), a.summary(),
                a.severityGiven() ? a.severity() : null, a.isPrivate());
        LogContext.incident(incident.id());
        String label = learning.state(incident).nearMissLabel();
        log.info("{} near miss recorded by {} ({})", incident.humanId(), inv.userId(), label);
        log.debug("{} title: {}", incident.humanId(), incident.title());
        background.execute(() -> setUp(incident, List.of(inv.userId()), inv.userId(), inv.responseUrl(), label));
        return ":hourglass_flowing_sand: Recording *" + incident.humanId() + "* as a " + label
                + " — no announcement; I'll post its channel here in a moment.";
    }

    /**
     * Sets up the channel and invites {@code invitees}; {@code nearMissLabel} is null for an incident,
     * else how the near miss shows. The opener hears back through {@code responseUrl}, or by DM to
     * {@code openerId} when it is null (nobody, when that is null too: an alert declared it).
     */
    private void setUp(Incident declared, List<String> invitees, String openerId, String responseUrl,
                       String nearMissLabel) {
        Channel channel;
        try {
            channel = createChannel(declared);
        } catch (RuntimeException e) {
            log.error("{}: could not create its channel: {}", declared.humanId(), e.getMessage());
            String text = ":warning: *" + declared.humanId()
                    + "* is recorded, but Slack did not create its channel (" + reason(e) + "). "
                    + "Check that the app has the `" + (declared.isPrivate() ? "groups:write" : "channels:manage")
                    + "` scope, then run `/incident open` again.";
            try {
                if (responseUrl != null) {
                    slack.respond(responseUrl, Responses.ephemeral(text));
                } else if (openerId != null) {
                    slack.post(openerId, text, null);
                }
            } catch (RuntimeException unreachable) {
                log.warn("{}: could not tell {} either: {}", declared.humanId(), openerId, unreachable.getMessage());
            }
            return;
        }
        // the binding and everything Slack should hear about it commit together
        Incident incident = tx.atomically(() -> {
            service.bindChannel(declared, channel.id(), channel.name());
            Incident bound = service.find(declared.id()).orElseThrow();
            if (!invitees.isEmpty()) {
                outbox.add(bound, new SlackJob.Invite(channel.id(), invitees));
            }
            introduce(bound, channel.id(), nearMissLabel);
            String confirmation = ":white_check_mark: *" + bound.humanId() + "* is open: <#" + channel.id()
                    + ">. Everything said there goes into the timeline; react with :" + pinReaction
                    + ": to pin key events, and type `/incident resolve [root cause]` there when it is over.";
            if (responseUrl != null) {
                outbox.add(bound, new SlackJob.Respond(responseUrl, Responses.ephemeral(confirmation)));
            } else if (openerId != null) {
                outbox.add(bound, new SlackJob.Post(openerId, confirmation, null));
            }
            return bound;
        });
        log.info("{}: channel #{} ({}) created", incident.humanId(), channel.name(), channel.id());
    }

    /**
     * Queues the topic, intro (and summary) in the incident channel, and the announcement (none for a
     * near miss). Call inside a transaction.
     */
    private void introduce(Incident incident, String channelId, String nearMissLabel) {
        boolean nearMiss = nearMissLabel != null;
        outbox.add(incident, new SlackJob.Topic(channelId, nearMiss ? incident.humanId() + " · " + nearMissLabel
                + " · lead <@" + incident.leadId() + ">" : IncidentUpdates.topic(incident)));
        if (nearMiss) {
            outbox.add(incident, new SlackJob.Post(channelId, ":large_yellow_circle: *" + incident.humanId() + " · "
                    + incident.title() + "* — " + nearMissLabel + ", recorded by <@" + incident.openedBy() + ">. Write "
                    + "down what almost happened and what caught it; `/incident postmortem` drafts the short write-up, "
                    + "`/incident resolve` when you are done. (No announcement was posted.)", null));
        } else {
            outbox.add(incident, new SlackJob.Post(channelId, Blocks.introText(incident),
                    Blocks.json(Blocks.intro(incident, pinReaction))));
        }
        incident.summaryText().ifPresent(summary -> outbox.add(incident, new SlackJob.Post(channelId,
                "*Summary:* " + summary, null)));
        if (incident.isPrivate()) {
            outbox.add(incident, new SlackJob.Post(channelId, PRIVATE_NOTE, null));
        } else if (!nearMiss && announceChannel != null) {
            outbox.add(incident, new SlackJob.Announce(announceChannel));
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
        // Slack names a private channel "privategroup" in slash commands; anything else is checked after the ack
        boolean knownPrivate = a.isPrivate() || PRIVATE_CHANNEL_NAME.equals(inv.channelName());
        Optional<Incident> adopted = service.openInChannel(new IncidentService.OpenRequest(inv.teamId(), inv.userId(),
                a.title(), a.summary(), a.severity(), knownPrivate, inv.enterpriseId()), inv.channelId(),
                PRIVATE_CHANNEL_NAME.equals(inv.channelName()) ? null : inv.channelName());
        if (adopted.isEmpty()) {
            String which = service.forChannel(inv.teamId(), inv.channelId()).map(Incident::humanId).orElse("an incident");
            return ":information_source: This channel already belongs to *" + which + "*.";
        }
        Incident incident = adopted.get();
        LogContext.incident(incident.id());
        Instant from = since;
        log.info("{} declared in existing channel {} by {}", incident.humanId(), inv.channelId(), inv.userId());
        background.execute(() -> {
            try {
                slack.join(inv.channelId());
            } catch (RuntimeException e) {
                log.info("{}: did not join {} ({}); fine when the bot is already a member", incident.humanId(),
                        inv.channelId(), e.getMessage());
            }
            Incident checked = withChannelFacts(incident, inv.channelId());
            tx.atomically(() -> introduce(checked, inv.channelId(), null));
            backfill.start(checked, from);
        });
        return ":hourglass_flowing_sand: *" + incident.humanId() + "* (" + incident.severity().display()
                + ") now lives in this channel. I'm reading its history since " + NoteCommand.SHOWN.format(since)
                + " into the timeline. (In a private channel, `/invite` me first.)";
    }

    private Channel createChannel(Incident incident) {
        for (int attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
            String name = ChannelNames.forIncident(incident.openedAt(), incident.title(), incident.id(), attempt);
            try {
                return slack.createChannel(name, incident.isPrivate());
            } catch (SlackError e) {
                if (!"name_taken".equals(e.error())) {
                    throw e;
                }
                log.info("{}: #{} is taken, trying the next name", incident.humanId(), name);
            }
        }
        throw new SlackError("conversations.create", "name_taken (" + MAX_NAME_ATTEMPTS + " names tried)");
    }

    /**
     * An adopted channel as Slack describes it (conversations.info): a private channel makes the
     * incident private, and its real name replaces Slack's "privategroup". When Slack cannot say, the
     * incident stays as declared: the bot cannot have been invited to a private channel it cannot read.
     */
    private Incident withChannelFacts(Incident incident, String channelId) {
        SlackGateway.ChannelInfo info;
        try {
            info = slack.channelInfo(channelId);
        } catch (RuntimeException e) {
            log.info("{}: could not ask Slack about {} ({}); keeping it {}", incident.humanId(), channelId,
                    e.getMessage(), incident.isPrivate() ? "private" : "public");
            return incident;
        }
        Incident checked = incident;
        if (info.isPrivate() && !checked.isPrivate()) {
            log.info("{}: {} is a private channel, so the incident is private", checked.humanId(), channelId);
            checked = service.markPrivate(checked);
        }
        if (checked.channelName() == null && info.name() != null && !info.name().isBlank()) {
            service.bindChannel(checked, channelId, info.name());
            checked = service.find(checked.id()).orElse(checked);
        }
        return checked;
    }

    static String reason(RuntimeException e) {
        return e instanceof SlackError se ? "`" + se.error() + "`" : e.getMessage();
    }
}
