package io.incidentbot.cli;

import io.incidentbot.config.Config;
import io.incidentbot.config.IntegrationsConfig;
import io.incidentbot.config.LearningConfig;
import io.incidentbot.flow.AlertIntake;
import io.incidentbot.integrations.alerts.AlertReceivers;
import io.incidentbot.slack.interactions.AlertActions;
import io.incidentbot.store.JooqAlertRepository;
import io.incidentbot.store.JooqPageRepository;
import io.incidentbot.incident.Paging;
import io.incidentbot.integrations.pagerduty.PagerDutyLane;
import io.incidentbot.integrations.pagerduty.PagerDutyPager;
import io.incidentbot.integrations.webhooks.WebhookLane;
import io.incidentbot.integrations.webhooks.WebhookSink;
import io.incidentbot.outbox.LaneHandler;
import io.incidentbot.slack.commands.PageCommand;
import java.util.ArrayList;

import io.incidentbot.incident.IncidentFilter;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.LearningService;
import io.incidentbot.incident.Severity;
import io.incidentbot.metrics.BotMetrics;
import io.incidentbot.postmortem.PostmortemDrafter;
import io.incidentbot.flow.LearningReminders;
import io.incidentbot.metrics.LogContext;
import io.incidentbot.flow.PostmortemPublisher;
import io.incidentbot.flow.ResolveIncident;
import io.incidentbot.flow.PostmortemSharing;
import io.incidentbot.flow.Reminders;
import io.incidentbot.slack.inbound.SlackApp;
import io.incidentbot.slack.inbound.SlackEndpoint;
import io.incidentbot.slackapi.SlackGateway;
import io.incidentbot.slack.inbound.SlackSignature;
import io.incidentbot.slack.inbound.SocketModeConnection;
import io.incidentbot.slack.inbound.WorkspaceGate;
import io.incidentbot.flow.Backfill;
import io.incidentbot.flow.IncidentUpdates;
import io.incidentbot.slack.interactions.Interactions;
import io.incidentbot.outbox.Outbox;
import io.incidentbot.outbox.OutboxJob;
import io.incidentbot.outbox.OutboxWorker;
import io.incidentbot.outbox.SlackJob;
import io.incidentbot.slackapi.Pacer;
import io.incidentbot.slackapi.SlackLane;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.OutboxRepository;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.incidentbot.slack.commands.ActionCommand;
import io.incidentbot.slack.commands.ActionsCommand;
import io.incidentbot.slack.commands.CloseWithoutPostmortemCommand;
import io.incidentbot.slack.commands.PublishCommand;
import io.incidentbot.slack.commands.StatsCommand;
import io.incidentbot.slack.commands.TagCommand;
import io.incidentbot.slack.commands.TagsCommand;
import io.incidentbot.slack.commands.UntagCommand;
import io.incidentbot.slack.commands.CommandRouter;
import io.incidentbot.slack.commands.CustomerNoteCommand;
import io.incidentbot.slack.commands.DoneCommand;
import io.incidentbot.slack.commands.DropCommand;
import io.incidentbot.slack.commands.ListCommand;
import io.incidentbot.slack.commands.MilestoneCommand;
import io.incidentbot.slack.commands.NoteCommand;
import io.incidentbot.slack.commands.OpenCommand;
import io.incidentbot.slack.commands.PostmortemCommand;
import io.incidentbot.slack.commands.ReopenCommand;
import io.incidentbot.slack.commands.ResolveCommand;
import io.incidentbot.slack.commands.RoleCommand;
import io.incidentbot.slack.commands.SetCommand;
import io.incidentbot.slack.commands.SeverityCommand;
import io.incidentbot.slack.commands.StatusCommand;
import io.incidentbot.slack.commands.UpdateCommand;
import io.incidentbot.slack.events.ChannelListener;
import io.incidentbot.slack.events.EventRouter;
import io.incidentbot.slack.events.MessageListener;
import io.incidentbot.slack.events.PinListener;
import io.incidentbot.store.Database;
import io.incidentbot.store.JooqActionItemRepository;
import io.incidentbot.store.JooqBackfillRepository;
import io.incidentbot.store.JooqIncidentRepository;
import io.incidentbot.store.JooqOutboxRepository;
import io.incidentbot.store.JooqLearningRepository;
import io.incidentbot.store.JooqPostmortemRepository;
import io.incidentbot.store.JooqTimelineRepository;
import io.incidentbot.http.HttpServer;
import io.incidentbot.http.HttpServer.Reply;
import io.incidentbot.web.WebPages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the parts together and runs the bot. */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Database db;
    private final HttpServer http;
    private final ExecutorService background;
    private final Reminders reminders;
    private final Backfill backfill;
    private final OutboxWorker outboxWorker;
    private final Outbox outbox;
    /** Slack's traffic over Socket Mode, or null when it arrives on POST /slack/events. */
    private final SocketModeConnection socket;

    private App(Database db, HttpServer http, ExecutorService background, Reminders reminders, Backfill backfill,
                OutboxWorker outboxWorker, Outbox outbox, SocketModeConnection socket) {
        this.outboxWorker = outboxWorker;
        this.socket = socket;
        this.db = db;
        this.http = http;
        this.background = background;
        this.reminders = reminders;
        this.backfill = backfill;
        this.outbox = outbox;
    }

    /** Starts the bot; {@link #port()} tells where it listens (PORT=0 picks a free port). */
    public static App start(Config config, Clock clock) throws Exception {
        return start(config, clock, Pacer.slackTiers());
    }

    /** With {@code pacer} keeping Web API calls within Slack's tiers (tests run the tiers faster). */
    public static App start(Config config, Clock clock, Pacer pacer) throws Exception {
        long began = System.nanoTime();
        Database db = Database.open(config.databaseUrl(), config.sqlite().synchronous(), config.sqlite().groupCommit());
        IncidentService service = new IncidentService(new JooqIncidentRepository(db), new JooqTimelineRepository(db),
                new JooqPostmortemRepository(db), new JooqActionItemRepository(db), db, clock);
        BotMetrics metrics = config.metricsEnabled() ? BotMetrics.prometheus() : BotMetrics.disabled();
        var slackClient = SlackApp.slackClient(config.slackApiUrl());
        SlackGateway slack = new SlackGateway(slackClient, config.botToken(), Duration.ofMillis(500), metrics, pacer);
        ExecutorService background = backgroundExecutor();

        LearningService learning = new LearningService(service, new JooqIncidentRepository(db),
                new JooqTimelineRepository(db), new JooqLearningRepository(db), db, clock);
        LearningConfig learningConfig = config.learning();
        PostmortemDrafter drafter = new PostmortemDrafter(service, learning, slack, config.ttrTargets());
        Outbox outbox = new Outbox(new JooqOutboxRepository(db), clock);
        IntegrationsConfig integrations = config.integrations();
        JooqAlertRepository alertRepository = new JooqAlertRepository(db);
        PostmortemPublisher publisher = new PostmortemPublisher(service, drafter, outbox, db);
        List<LaneHandler<?>> lanes = new ArrayList<>(List.of(new SlackLane(slack, service), publisher));
        if (integrations.pagerDuty().on()) {
            JooqPageRepository pages = new JooqPageRepository(db);
            service.usePaging(new Paging(new PagerDutyPager(outbox), pages, alertRepository,
                    integrations.pagerDuty().pageSeverities(), clock));
            lanes.add(new PagerDutyLane(integrations.pagerDuty(), service, pages, integrations.webBaseUrl(), metrics,
                    clock));
        }
        if (integrations.webhooks().on()) {
            service.useEvents(new WebhookSink(integrations.webhooks().urls(), outbox, integrations.webBaseUrl()));
            // signatures carry the real time: receivers check it against theirs
            lanes.add(new WebhookLane(integrations.webhooks().key(), integrations.webhooks().urls().size(), service,
                    metrics, Clock.systemUTC()));
        }
        OutboxWorker outboxWorker = new OutboxWorker(outbox, lanes,
                (incidentId, text) -> outbox.add(incidentId, new SlackJob.Notice(text)),
                OutboxWorker.Settings.defaults(db.vendor() == Database.Vendor.SQLITE));
        ResolveIncident resolving = new ResolveIncident(service, publisher, db);
        PostmortemSharing sharing = new PostmortemSharing(service, learning, slack, drafter, learningConfig.shareChannel());
        IncidentUpdates updates = new IncidentUpdates(service, outbox, db);
        ResolveCommand resolve = new ResolveCommand(service, resolving, clock);
        OpenCommand open = new OpenCommand(service, slack, outbox, db, background, config.announceChannel(),
                config.pinReaction());
        Backfill backfill = new Backfill(service, new JooqBackfillRepository(db), slack, config.pinReaction(),
                Backfill.PAGE_SIZE, clock, config.backfillHistoryPerMinute());
        open.useBackfill(backfill, clock);
        open.useLearning(learning);
        CommandRouter commands = new CommandRouter(List.of(
                open,
                new StatusCommand(service, updates, resolve, clock),
                new SeverityCommand(service, updates, clock),
                new RoleCommand(service, updates, clock),
                new NoteCommand(service, clock),
                new MilestoneCommand(service, IncidentService.Milestone.STARTED, clock),
                new MilestoneCommand(service, IncidentService.Milestone.DETECTED, clock),
                new MilestoneCommand(service, IncidentService.Milestone.MITIGATED, clock),
                new UpdateCommand(service, updates, clock),
                new ActionCommand(service, clock),
                new ActionsCommand(service, clock),
                new DoneCommand(service, clock),
                new DropCommand(service, clock),
                new SetCommand(service, clock),
                resolve,
                new PostmortemCommand(service, resolving, clock),
                new ReopenCommand(service, updates, clock),
                new PageCommand(service, clock),
                new CustomerNoteCommand(service, clock),
                new PublishCommand(service, learning, sharing, slack, background, clock),
                new CloseWithoutPostmortemCommand(service, learning, learningConfig.archiveAfterDays(), clock),
                new TagCommand(service, learning, learningConfig.tags(), clock),
                new TagsCommand(service, learning, learningConfig.tags(), clock),
                new UntagCommand(service, learning, clock),
                new StatsCommand(learning),
                new ListCommand(service, clock, config.integrations().webBaseUrl())), open::tryModal);
        PinListener pins = new PinListener(service, config.pinReaction());
        Map<String, EventRouter.Listener> listeners = new HashMap<>(Map.of(
                "message", new MessageListener(service, slack),
                "reaction_added", pins,
                "reaction_removed", pins,
                "pin_added", pins,
                "pin_removed", pins));
        ChannelListener channels = new ChannelListener(service, slack);
        ChannelListener.EVENT_TYPES.forEach(type -> listeners.put(type, channels));
        EventRouter events = new EventRouter(listeners, metrics, service::incidentIdFor);
        var bolt = SlackApp.build(slackClient, config.signingSecret(), new WorkspaceGate(slack, (team, channel) -> service.incidentIdFor(team, channel).isPresent()), commands, events);
        new Interactions(service, slack, open, commands, background).register(bolt);
        AlertIntake alerts = new AlertIntake(service, alertRepository, db, integrations.alerts().rules(),
                integrations.alerts().triageChannel(), integrations.alerts().invite(), outbox, open::declareFromAlert,
                () -> slack.knownIdentity().map(SlackGateway.BotIdentity::teamId), clock);
        new AlertActions(alerts, slack, commands, background).register(bolt);
        Map<String, HttpServer.Route> routes = new HashMap<>(WebPages.routes(config.webAccessToken(), config.signIn(),
                slack, service, slack, drafter, config.ttrTargets(), clock));
        // signatures are checked against the real time, whatever clock the incidents run on
        routes.putAll(new AlertReceivers(integrations.alerts(), alerts, metrics, Clock.systemUTC()).routes());
        SocketModeConnection socket = null;
        if (config.socketMode()) {
            // one way in for Slack's requests: with Socket Mode on, nothing unsigned is taken over HTTP
            socket = new SocketModeConnection(bolt, slackClient, config.appToken(), metrics);
            routes.put("POST /slack/events", ex -> Reply.json(404, "{\"error\":\"Socket Mode is on (SLACK_APP_TOKEN): "
                    + "Slack's requests arrive over the WebSocket, not on POST /slack/events\"}"));
        } else {
            // Signatures are checked against the real time, whatever clock the incidents run on.
            SlackEndpoint endpoint = new SlackEndpoint(bolt,
                    new SlackSignature(config.signingSecret(), Clock.systemUTC()), metrics);
            routes.put("POST /slack/events", endpoint::handle);
        }
        routes.put("GET /health", ex -> health(db, outbox, slack));
        if (metrics.enabled()) {
            for (Severity severity : Severity.values()) {
                // read at each scrape: one small count query per severity
                IncidentFilter openOfSeverity = new IncidentFilter(IncidentFilter.open(), Set.of(severity));
                metrics.gauge("incidentbot.incidents.open", "Incidents not yet resolved, by severity",
                        "severity", severity.name(), () -> service.count(openOfSeverity));
            }
            for (String tag : config.learning().tags()) {
                // the configured tags only, so the label set stays small
                IncidentFilter tagged = new IncidentFilter(Set.of(), Set.of(), tag);
                metrics.gauge("incidentbot.incidents.tagged", "Incidents with a tag (/incident tag), any status",
                        "tag", tag, () -> service.count(tagged));
            }
            metrics.gauge("incidentbot.outbox.jobs", "Slack work in the outbox: pending (waiting for Slack) or failed "
                    + "(refused for good)", "state", "pending", outbox::pending);
            metrics.gauge("incidentbot.outbox.jobs", "Slack work in the outbox: pending (waiting for Slack) or failed "
                    + "(refused for good)", "state", "failed", outbox::failed);
            routes.put("GET /metrics", ex -> new Reply(200, BotMetrics.CONTENT_TYPE, metrics.scrape()));
        }
        // Which workspace this deployment serves (WorkspaceGate). Over HTTP the bot listens at once and
        // asks auth.test in the background (health, pages and alerts do not wait for Slack; Slack's own
        // requests wait until it answers). Socket Mode asks first, as its connection needs Slack anyway.
        if (config.socketMode()) {
            slack.identity();
        }
        slack.connectInBackground(() -> !background.isShutdown());
        HttpServer http = new HttpServer(config.port(), routes);
        try {
            try {
                http.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot listen on port " + config.port() + ": " + e.getMessage(), e);
            }
            if (socket != null) {
                socket.start();
            }
        } catch (RuntimeException e) {
            // undo what started, then report the first error
            if (socket != null) {
                socket.close(0);
            }
            try {
                http.close();
            } catch (Exception ignored) {
                // already failing
            }
            db.close();
            background.shutdownNow();
            throw e;
        }
        Reminders reminders = new Reminders(service, outbox, clock, db);
        reminders.add(new LearningReminders(service, learning, outbox, db, learningConfig));
        reminders.start(Duration.ofMinutes(1));
        backfill.resumeUnfinished();
        outboxWorker.start();
        App app = new App(db, http, background, reminders, backfill, outboxWorker, outbox, socket);
        integrations.describe().forEach(log::info);
        log.info("incident-bot listening on http://0.0.0.0:{} ({}), "
                        + "database {}, Slack API {}, web pages {}, metrics {}, started in {} ms",
                app.port(), socket != null
                        ? "Slack traffic over Socket Mode (SLACK_APP_TOKEN); POST /slack/events is off"
                        : "Slack request URL: https://<your-host>/slack/events",
                db.describe(), config.slackApiUrl(),
                webPages(config),
                config.metricsEnabled() ? "on (GET /metrics)" : "off",
                (System.nanoTime() - began) / 1_000_000);
        return app;
    }

    /** How people get into the web pages, for the start-up line. */
    private static String webPages(Config config) {
        if (!config.webPagesEnabled()) {
            return "off (set WEB_ACCESS_TOKEN, or SLACK_CLIENT_ID/SLACK_CLIENT_SECRET/WEB_BASE_URL)";
        }
        return "on (GET /, " + (config.signIn() != null ? "Sign in with Slack via " + config.signIn().redirectUri()
                + (config.webAccessToken() != null ? ", or " : "") : "")
                + (config.webAccessToken() != null ? "admin sign-in with ?token=" : "") + ")";
    }

    /**
     * 200 while the database answers, with the outbox depth (jobs waiting) and jobs given up, in all
     * and per lane, and the latest jobs given up (what, for which incident, why); {@code "slack"} says
     * whether Slack accepted SLACK_BOT_TOKEN: ok, connecting, unreachable or token_refused (still 200).
     */
    private static Reply health(Database db, Outbox outbox, SlackGateway slack) {
        JsonObject body = new JsonObject();
        if (!db.isHealthy()) {
            body.addProperty("status", "unavailable");
            body.addProperty("database", "down");
            return Reply.json(503, body.toString());
        }
        body.addProperty("status", "ok");
        body.addProperty("database", "up");
        body.addProperty("slack", slack.connection().label());
        JsonObject total = new JsonObject();
        JsonObject lanes = new JsonObject();
        try {
            int pending = 0;
            int failed = 0;
            for (OutboxRepository.LaneCount lane : outbox.lanes()) {
                JsonObject l = new JsonObject();
                l.addProperty("queued", lane.queued());
                l.addProperty("failed", lane.failed());
                lanes.add(OutboxJob.shown(lane.lane()), l);
                pending += lane.queued();
                failed += lane.failed();
            }
            JsonArray recent = new JsonArray();
            for (OutboxRepository.FailedJob job : outbox.recentFailures(HEALTH_FAILURES)) {
                JsonObject f = new JsonObject();
                f.addProperty("lane", OutboxJob.shown(job.lane()));
                f.addProperty("job", job.kind());
                if (job.incidentId() != null) {
                    f.addProperty("incident", Incident.ID_PREFIX + job.incidentId());
                }
                f.addProperty("failed_at", job.failedAt().toString());
                f.addProperty("error", job.error());
                recent.add(f);
            }
            total.addProperty("pending", pending);
            total.addProperty("failed", failed);
            body.add("outbox", total);
            body.add("lanes", lanes);
            body.add("failed_jobs", recent);
        } catch (RuntimeException e) {
            return Reply.json(503, "{\"status\":\"unavailable\",\"database\":\"down\"}");
        }
        return Reply.json(200, body.toString());
    }

    /** How many of the latest given-up jobs /health lists. */
    private static final int HEALTH_FAILURES = 20;

    private static ExecutorService backgroundExecutor() {
        AtomicInteger n = new AtomicInteger();
        // Slack calls that follow an ack; bounded so a Slack outage cannot pile up work without limit.
        // Each task logs with the request's context (incident, Slack request id) it was handed over from.
        return new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "slack-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) {
            @Override
            public void execute(Runnable command) {
                super.execute(LogContext.carry(command));
            }
        };
    }

    public int port() {
        return http.port();
    }

    /** The scheduler, so tests can run a check without waiting for its minute. */
    public Reminders reminders() {
        return reminders;
    }

    /** Outbox jobs not yet done, as {@code /health} reports them. */
    public int outboxPending() {
        return outbox.pending();
    }

    /**
     * Stops gracefully within about 10 s: the port (and the Socket Mode connection) stop taking
     * requests at once and those in progress finish (≤ 3 s, both at the same time); Slack calls already
     * started get ≤ 4 s; the outbox's job in progress ≤ 2 s, and every job not yet delivered stays in
     * the database for the next start. Socket Mode envelopes not yet acknowledged are delivered again
     * by Slack.
     */
    @Override
    public void close() {
        long began = System.nanoTime();
        if (socket != null) {
            socket.stopTaking();
        }
        try {
            http.close();
        } catch (Exception e) {
            log.warn("Stopping the HTTP server failed: {}", e.getMessage());
        }
        if (socket != null) {
            socket.close(Math.max(0, 3_000 - (System.nanoTime() - began) / 1_000_000));
        }
        reminders.close();
        backfill.close();
        background.shutdown();
        try {
            if (!background.awaitTermination(4, TimeUnit.SECONDS)) {
                log.warn("Some Slack calls were still running at shutdown");
                background.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outboxWorker.close(Duration.ofSeconds(2));
        int left;
        try {
            left = outbox.pending();
        } catch (RuntimeException e) {
            left = 0;
        }
        db.close();
        log.info("incident-bot stopped in {} ms{}", (System.nanoTime() - began) / 1_000_000,
                left == 0 ? "" : "; " + left + " outbox job(s) will be delivered after the next start");
    }
}
