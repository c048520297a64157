package io.incidentbot.flow;

import io.incidentbot.metrics.LogContext;
import io.incidentbot.slackapi.SlackLane;
import io.incidentbot.slackapi.SlackGateway;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.incidentbot.incident.BackfillJob;
import io.incidentbot.incident.BackfillJob.Phase;
import io.incidentbot.incident.BackfillRepository;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.IncomingMessage;
import io.incidentbot.incident.SlackTs;
import io.incidentbot.slackapi.SlackMessages;

import static io.incidentbot.slackapi.Json.str;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reads an adopted channel's recent history into its incident's timeline, in the background: the
 * channel's messages (conversations.history), then every thread's replies (conversations.replies),
 * page by page with Slack's cursors. The job is saved after each page, so a restart resumes it;
 * entries are keyed like live messages, so back-fill and live capture never duplicate each other.
 * 429s are waited out by {@link SlackGateway}; progress shows in one message in the channel.
 */
public final class Backfill implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Backfill.class);
    /** Messages per history page (Slack allows up to 999; 200 is its recommendation). */
    public static final int PAGE_SIZE = 200;
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final IncidentService service;
    private final BackfillRepository jobs;
    private final SlackGateway slack;
    private final String pinReaction;
    private final int pageSize;
    private final Clock clock;
    /** BACKFILL_HISTORY_PER_MINUTE: conversations.history/replies calls a minute at most. */
    private final int historyPerMinute;
    /** History calls still allowed now (a minute's worth at most), and when one was last added back. */
    private double historyTokens;
    private Instant tokensAt;
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** When the progress message was last edited; only the single worker thread reads and writes it. */
    private Instant lastProgress;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backfill");
        t.setDaemon(true);
        return t;
    });

    public Backfill(IncidentService service, BackfillRepository jobs, SlackGateway slack, String pinReaction,
                    int pageSize, Clock clock) {
        this(service, jobs, slack, pinReaction, pageSize, clock, 50);
    }

    /**
     * With the history calls paced at {@code historyPerMinute} (BACKFILL_HISTORY_PER_MINUTE): Slack
     * allows 50 a minute (Tier 3), and 1 a minute for commercially distributed apps outside the Marketplace.
     */
    public Backfill(IncidentService service, BackfillRepository jobs, SlackGateway slack, String pinReaction,
                    int pageSize, Clock clock, int historyPerMinute) {
        if (historyPerMinute < 1) {
            throw new IllegalArgumentException("historyPerMinute must be at least 1");
        }
        this.historyPerMinute = historyPerMinute;
        this.historyTokens = historyPerMinute;
        this.service = service;
        this.jobs = jobs;
        this.slack = slack;
        this.pinReaction = pinReaction;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    /** Starts reading the incident channel's history since {@code since}. */
    public void start(Incident incident, Instant since) {
        BackfillJob job = new BackfillJob(incident.id(), incident.channelId(), toTs(since), Phase.HISTORY, null,
                List.of(), 0, null);
        jobs.save(job, clock.instant());
        worker.execute(LogContext.carry(() -> run(job)));
    }

    /** Carries on with jobs a restart interrupted. */
    public void resumeUnfinished() {
        for (BackfillJob job : jobs.unfinished()) {
            log.info("INC-{}: resuming the back-fill of {} ({} messages read before the restart)",
                    job.incidentId(), job.channelId(), job.messages());
            worker.execute(() -> run(job));
        }
    }

    private void run(BackfillJob start) {
        LogContext.incident(start.incidentId());
        try {
            runLogged(start);
        } finally {
            LogContext.clear();
        }
    }

    private void runLogged(BackfillJob start) {
        Optional<Incident> found = service.find(start.incidentId());
        if (found.isEmpty()) {
            return;
        }
        Incident incident = found.get();
        BackfillJob job = start;
        try {
            if (job.progressTs() == null) {
                job = job.withProgressTs(slack.post(job.channelId(), progressText(job), null).ts());
                jobs.save(job, clock.instant());
            }
            while (job.phase() != Phase.DONE) {
                job = job.phase() == Phase.HISTORY ? historyPage(incident, job) : repliesPage(incident, job);
                jobs.save(job, clock.instant());
                updateProgress(job);
            }
            service.noteBackfilled(incident, job.messages(), SlackTs.toInstant(job.oldestTs()));
            log.info("{}: back-fill done, {} messages", incident.humanId(), job.messages());
        } catch (RuntimeException e) {
            if (e instanceof SlackGateway.SlackError se && SlackLane.CHANNEL_GONE_ERRORS.contains(se.error())) {
                // removed from the channel, or it is archived or gone: retrying every minute would never end
                jobs.save(job.next(Phase.DONE, null, List.of(), job.messages()), clock.instant());
                log.warn("{}: back-fill given up after {} messages: Slack said {} (the bot cannot read the channel)",
                        incident.humanId(), job.messages(), se.error());
                return;
            }
            log.warn("{}: back-fill stopped after {} messages, will resume after a restart or in a minute: {}",
                    incident.humanId(), job.messages(), e.getMessage());
            BackfillJob resumeFrom = job;
            retryLater(resumeFrom);
        }
    }

    private void retryLater(BackfillJob job) {
        Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "backfill-retry");
            t.setDaemon(true);
            return t;
        }).schedule(() -> {
            if (!worker.isShutdown()) {
                worker.execute(() -> run(job));
            }
        }, 1, TimeUnit.MINUTES);
    }

    /**
     * Waits until one more history call fits in BACKFILL_HISTORY_PER_MINUTE (a minute's worth may go
     * at once, then one every 60/n s), on the back-fill's clock.
     */
    private void paceHistoryCall() {
        refillTokens();
        while (historyTokens < 1) {
            long waitMillis = (long) Math.ceil((1 - historyTokens) * 60_000.0 / historyPerMinute);
            try {
                Thread.sleep(Math.max(1, Math.min(waitMillis, 100)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("back-fill interrupted", e);
            }
            refillTokens();
        }
        historyTokens -= 1;
    }

    private void refillTokens() {
        Instant now = clock.instant();
        if (tokensAt != null && now.isAfter(tokensAt)) {
            double minutes = Duration.between(tokensAt, now).toMillis() / 60_000.0;
            historyTokens = Math.min(historyPerMinute, historyTokens + minutes * historyPerMinute);
        }
        tokensAt = now;
    }

    private BackfillJob historyPage(Incident incident, BackfillJob job) {
        paceHistoryCall();
        SlackGateway.Page page = slack.history(job.channelId(), job.oldestTs(), job.cursor(), pageSize);
        List<String> threads = new ArrayList<>(job.threads());
        int read = 0;
        for (JsonObject m : page.messages()) {
            if (ingest(incident, m)) {
                read++;
            }
            JsonElement replies = m.get("reply_count");
            String ts = str(m, "ts");
            if (replies != null && replies.isJsonPrimitive() && replies.getAsInt() > 0 && ts != null && !threads.contains(ts)) {
                threads.add(ts);
            }
        }
        int messages = job.messages() + read;
        return page.nextCursor() != null
                ? job.next(Phase.HISTORY, page.nextCursor(), threads, messages)
                : job.next(threads.isEmpty() ? Phase.DONE : Phase.REPLIES, null, threads, messages);
    }

    private BackfillJob repliesPage(Incident incident, BackfillJob job) {
        if (job.threads().isEmpty()) {
            return job.next(Phase.DONE, null, List.of(), job.messages());
        }
        String parent = job.threads().get(0);
        paceHistoryCall();
        SlackGateway.Page page = slack.replies(job.channelId(), parent, job.cursor(), pageSize);
        int read = 0;
        for (JsonObject m : page.messages()) {
            if (!parent.equals(str(m, "ts")) && ingest(incident, m)) {
                read++;
            }
        }
        List<String> threads = new ArrayList<>(job.threads());
        if (page.nextCursor() == null) {
            threads.remove(0);
        }
        Phase phase = threads.isEmpty() ? Phase.DONE : Phase.REPLIES;
        return job.next(phase, page.nextCursor(), threads, job.messages() + read);
    }

    /** Stores one message of the history (and its pins); false when it is not part of the conversation. */
    private boolean ingest(Incident incident, JsonObject m) {
        if (!SlackMessages.carriesConversation(m) || fromThisBot(m)) {
            return false;
        }
        IncomingMessage message = SlackMessages.toMessage(incident.teamId(), null, incident.channelId(), m);
        if (message == null) {
            return false;
        }
        service.addMessage(incident, message);
        for (String user : SlackMessages.pinnedBy(m, pinReaction)) {
            if (user != null) {
                service.pin(null, incident.teamId(), incident.enterpriseId(), incident.channelId(), message.ts(),
                        "reaction:" + user);
            }
        }
        return true;
    }

    private boolean fromThisBot(JsonObject m) {
        String user = str(m, "user");
        String botId = str(m, "bot_id");
        return slack.identity().map(me -> (user != null && user.equals(me.userId()))
                || (botId != null && botId.equals(me.botId()))).orElse(false);
    }

    /**
     * At most one progress edit per {@link #PROGRESS_EVERY} (chat.update is Tier 3, ~50 a minute, and
     * a fast back-fill reads many pages a second); the last one, saying it is done, always goes.
     */
    private void updateProgress(BackfillJob job) {
        Instant now = clock.instant();
        if (job.phase() != Phase.DONE && lastProgress != null && now.isBefore(lastProgress.plus(PROGRESS_EVERY))) {
            return;
        }
        lastProgress = now;
        if (job.progressTs() != null) {
            try {
                slack.update(job.channelId(), job.progressTs(), progressText(job), null);
            } catch (RuntimeException e) {
                log.debug("Could not update the back-fill progress: {}", e.getMessage());
            }
        }
    }

    private String progressText(BackfillJob job) {
        refillTokens();
        return progressText(job, historyPerMinute, historyTokens);
    }

    /**
     * The progress message: while reading, how long the rest takes at {@code perMinute} history calls
     * a minute with {@code tokens} of them free now (one call per history page and per thread; more
     * history pages may follow, so while reading the history it says "at least").
     */
    static String progressText(BackfillJob job, int perMinute, double tokens) {
        String since = HHMM.format(SlackTs.toInstant(job.oldestTs())) + " UTC";
        if (job.phase() == Phase.DONE) {
            return ":white_check_mark: Back-filled this channel's history since " + since + " into the timeline: "
                    + job.messages() + " messages.";
        }
        boolean history = job.phase() == Phase.HISTORY;
        int calls = (history ? 1 : 0) + job.threads().size();
        long seconds = (long) Math.ceil(Math.max(0, calls - Math.floor(tokens)) * 60.0 / perMinute);
        return ":hourglass_flowing_sand: Back-filling this channel's history since " + since + " into the timeline… "
                + job.messages() + " messages so far" + (job.phase() == Phase.REPLIES
                ? ", reading " + job.threads().size() + " thread" + (job.threads().size() == 1 ? "" : "s") : "")
                + "; " + (history ? "at least " : "") + duration(seconds) + " to go at " + perMinute + " history "
                + (perMinute == 1 ? "call" : "calls") + " a minute (BACKFILL_HISTORY_PER_MINUTE).";
    }

    /** "under a minute", "about 3 min", "about 2 h 5 min". */
    static String duration(long seconds) {
        if (seconds < 60) {
            return "under a minute";
        }
        long minutes = (seconds + 59) / 60;
        return minutes < 60 ? "about " + minutes + " min"
                : "about " + minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    static String toTs(Instant at) {
        return at.getEpochSecond() + "." + String.format("%06d", at.getNano() / 1000);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
