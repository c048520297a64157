package io.incidentbot.outbox;

import io.incidentbot.metrics.LogContext;
import io.incidentbot.slackapi.Blocks;
import io.incidentbot.slackapi.SlackGateway;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.OutboxRepository;
import io.incidentbot.incident.OutboxRepository.Job;
import io.incidentbot.slackapi.SlackGateway.SlackError;
import io.incidentbot.slackapi.SlackGateway.SlackUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Slack work that must reach Slack even when Slack is down when it is asked for: each job is a row
 * in the {@code outbox} table, added in the same transaction as the change it reports, and run by
 * one background thread. A job Slack could not take (it stayed unreachable through
 * {@link SlackGateway}'s own retries, or answered a transient error) is retried with exponential
 * backoff and jitter, without limit and across restarts; one Slack refused for good (e.g.
 * {@code channel_not_found}, {@code is_archived}) is kept as failed for the operator. An incident's
 * jobs run in the order they were added, so its intro comes before its confirmation and its draft
 * message before the draft's file. Delivery is at least once: a crash between Slack's answer and
 * the row's removal repeats that one call. Workers sharing a database (replicas) take each job
 * with a lease ({@link OutboxRepository#claim}), so only one of them runs it.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** Errors that may pass: Slack's own trouble, and a token or scope the operator can still fix. */
    static final Set<String> TRANSIENT_ERRORS = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout", "ratelimited", "rate_limited", "invalid_auth", "not_authed", "account_inactive",
            "token_revoked", "token_expired", "missing_scope", "team_access_not_granted");
    /** Slack's answers when the bot cannot post in a channel any more: given up at once, like every non-transient error. */
    public static final Set<String> CHANNEL_GONE_ERRORS = Set.of("not_in_channel", "is_archived", "channel_not_found");
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Payload field with the Slack request id that queued the job (for the logs only). */
    static final String REQUEST_FIELD = "_slack_request";
    /** How long a job stays taken by the worker running it; a worker that dies leaves it for this long. */
    static final Duration LEASE = Duration.ofMinutes(5);
    private static final int BATCH = 20;

    private final OutboxRepository jobs;
    private final SlackGateway slack;
    private final IncidentService service;
    private final Clock clock = Clock.systemUTC(); // retry timing is real time, whatever clock incidents run on
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final Semaphore wake = new Semaphore(0);
    private final Thread worker;
    private volatile boolean running = true;

    public Outbox(OutboxRepository jobs, SlackGateway slack, IncidentService service, Duration firstRetry,
                  Duration maxRetry) {
        this.jobs = jobs;
        this.slack = slack;
        this.service = service;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.worker = new Thread(this::work, "outbox");
        worker.setDaemon(true);
    }

    /** Starts the worker; jobs left from before a restart run at once. */
    public void start() {
        worker.start();
    }

    // ---------------------------------------------------------------- jobs (join the caller's transaction)

    /** A message in a channel. */
    public void post(Incident incident, String channel, String text, List<LayoutBlock> blocks) {
        JsonObject p = new JsonObject();
        p.addProperty("channel", channel);
        p.addProperty("text", text);
        if (blocks != null) {
            p.addProperty("blocks", GsonFactory.createSnakeCase().toJson(blocks));
        }
        add("post", incident, p);
    }

    /**
     * A stored postmortem draft shared as a file in a channel. The job names the draft's version
     * rather than holding a copy: a huge incident's draft is tens of megabytes.
     */
    public void uploadDraft(Incident incident, String channel, String filename, String title, int version) {
        JsonObject p = new JsonObject();
        p.addProperty("channel", channel);
        p.addProperty("filename", filename);
        p.addProperty("title", title);
        p.addProperty("version", version);
        add("upload", incident, p);
    }

    public void invite(Incident incident, String channel, List<String> users) {
        JsonObject p = new JsonObject();
        p.addProperty("channel", channel);
        JsonArray list = new JsonArray();
        users.forEach(list::add);
        p.add("users", list);
        add("invite", incident, p);
    }

    public void topic(Incident incident, String channel, String topic) {
        JsonObject p = new JsonObject();
        p.addProperty("channel", channel);
        p.addProperty("topic", topic);
        add("topic", incident, p);
    }

    /** An answer through a slash command's response_url (valid for 30 minutes). */
    public void respond(Incident incident, String responseUrl, String payloadJson) {
        JsonObject p = new JsonObject();
        p.addProperty("url", responseUrl);
        p.addProperty("payload", payloadJson);
        add("respond", incident, p);
    }

    /** The incident's one announcement post in {@code channel}, as the incident is when the job runs. */
    public void announce(Incident incident, String channel) {
        JsonObject p = new JsonObject();
        p.addProperty("channel", channel);
        add("announce", incident, p);
    }

    /** Brings the announcement post up to date with the incident as it is when the job runs. */
    public void refreshAnnouncement(Incident incident) {
        add("announcement", incident, new JsonObject());
    }

    private void add(String kind, Incident incident, JsonObject payload) {
        String request = LogContext.requestId();
        if (request != null) {
            payload.addProperty(REQUEST_FIELD, request); // so the job's log lines name the request it came from
        }
        jobs.add(kind, incident == null ? null : incident.id(), payload.toString(), clock.instant());
        wake.release(); // the worker's read waits for the caller's transaction to commit
    }

    /** Jobs not yet delivered (the outbox depth). */
    public int pending() {
        return jobs.pending();
    }

    /** Jobs Slack refused for good. */
    public int failed() {
        return jobs.failedCount();
    }

    // ---------------------------------------------------------------- the worker

    private void work() {
        while (running) {
            try {
                List<Job> due = jobs.due(clock.instant(), BATCH);
                for (Job job : due) {
                    if (!running) {
                        return;
                    }
                    run(job);
                }
                if (due.size() < BATCH) {
                    wake.tryAcquire(untilNextDue().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Outbox: could not read pending jobs, trying again: {}", e.getMessage());
                sleepQuietly(POLL);
            }
        }
    }

    private Duration untilNextDue() {
        Optional<Instant> next = jobs.nextDue();
        if (next.isEmpty()) {
            return POLL;
        }
        Duration d = Duration.between(clock.instant(), next.get());
        return d.isNegative() ? Duration.ZERO : d.compareTo(POLL) > 0 ? POLL : d;
    }

    void run(Job job) {
        if (!jobs.claim(job.id(), job.dueAt(), clock.instant().plus(LEASE))) {
            return; // another worker sharing the database took it
        }
        try {
            runClaimed(job);
        } finally {
            LogContext.clear();
        }
    }

    private void runClaimed(Job job) {
        if (job.incidentId() != null) {
            LogContext.incident(job.incidentId());
        }
        try {
            JsonObject payload = JsonParser.parseString(job.payload()).getAsJsonObject();
            LogContext.request(str(payload, REQUEST_FIELD), null);
            Optional<String> unreachable = channelGone(job, payload);
            if (unreachable.isPresent()) {
                jobs.failed(job.id(), clock.instant(), unreachable.get());
                log.warn("Outbox: {} job {}{} not sent: {}", job.kind(), job.id(), incidentLabel(job), unreachable.get());
                return;
            }
            execute(job.kind(), payload, job.incidentId());
            jobs.done(job.id());
            log.debug("Outbox: {} job {} delivered", job.kind(), job.id());
            if (job.attempts() > 0) {
                log.info("Outbox: {} job {}{} delivered after {} failed attempt(s)", job.kind(), job.id(),
                        incidentLabel(job), job.attempts());
            }
        } catch (RuntimeException e) {
            if (!running && e instanceof SlackUnavailable) {
                // interrupted by shutdown: the job is due again, and runs after the restart
                jobs.release(job.id(), clock.instant());
                log.info("Outbox: {} job {}{} left for after the restart", job.kind(), job.id(), incidentLabel(job));
            } else if (isTransient(e)) {
                Duration delay = backoff(job.attempts() + 1);
                jobs.retryLater(job.id(), clock.instant().plus(delay), e.getMessage());
                log.warn("Outbox: {} job {}{} failed (attempt {}): {}; next try in {} s", job.kind(), job.id(),
                        incidentLabel(job), job.attempts() + 1, e.getMessage(), delay.toSeconds());
            } else {
                jobs.failed(job.id(), clock.instant(), e.getMessage());
                log.error("Outbox: Slack refused {} job {}{} for good: {}{}", job.kind(), job.id(), incidentLabel(job),
                        e.getMessage(), e instanceof SlackError se && CHANNEL_GONE_ERRORS.contains(se.error())
                                ? " (the bot is not in that channel, or it is archived or gone; not retried)" : "");
            }
        }
    }

    private void execute(String kind, JsonObject p, Long incidentId) {
        switch (kind) {
            case "post" -> slack.postJson(str(p, "channel"), str(p, "text"), str(p, "blocks"));
            case "upload" -> slack.uploadFile(str(p, "channel"), str(p, "filename"), str(p, "title"),
                    uploadContent(p, incidentId), null);
            case "invite" -> slack.invite(str(p, "channel"),
                    p.getAsJsonArray("users").asList().stream().map(e -> e.getAsString()).toList());
            case "topic" -> slack.setTopic(str(p, "channel"), str(p, "topic"));
            case "respond" -> slack.respond(str(p, "url"), str(p, "payload"));
            // checked again when the job runs: the incident may have been marked private since it was queued
            case "announce" -> incident(incidentId).filter(i -> !i.isPrivate()).ifPresent(i -> {
                SlackGateway.Posted posted = slack.post(str(p, "channel"), Blocks.announcementText(i), Blocks.announcement(i));
                service.setAnnouncement(i, posted.channel(), posted.ts());
            });
            case "announcement" -> incident(incidentId).filter(i -> i.announceTs() != null && !i.isPrivate()).ifPresent(i ->
                    slack.update(i.announceChannelId(), i.announceTs(), Blocks.announcementText(i), Blocks.announcement(i)));
            default -> throw new IllegalStateException("unknown outbox job kind " + kind);
        }
    }

    /**
     * Why a job for the incident's own channel cannot be delivered any more (the channel was archived
     * or deleted, or the bot removed, as Slack's channel events said), or empty: trying would only
     * earn {@code is_archived} or {@code not_in_channel}.
     */
    private Optional<String> channelGone(Job job, JsonObject payload) {
        String channel = str(payload, "channel");
        if (job.incidentId() == null || channel == null) {
            return Optional.empty();
        }
        return incident(job.incidentId())
                .filter(i -> channel.equals(i.channelId()) && !i.botCanPostInChannel())
                .map(i -> "the incident channel is " + i.channelState().describe() + "; not sent");
    }

    /** The file to upload: the stored draft version the job names (jobs queued by earlier versions of the bot carry the text itself). */
    private String uploadContent(JsonObject p, Long incidentId) {
        if (p.has("content")) {
            return str(p, "content");
        }
        int version = p.get("version").getAsInt();
        return service.draft(incidentId, version).orElseThrow(() -> new IllegalStateException(
                "draft v" + version + " of incident " + incidentId + " is not stored"));
    }

    private Optional<Incident> incident(Long id) {
        return id == null ? Optional.empty() : service.find(id);
    }

    private static String str(JsonObject o, String name) {
        return o.has(name) && !o.get(name).isJsonNull() ? o.get(name).getAsString() : null;
    }

    static boolean isTransient(RuntimeException e) {
        if (e instanceof SlackUnavailable) {
            return true;
        }
        return e instanceof SlackError se && se.error() != null && TRANSIENT_ERRORS.contains(se.error());
    }

    /** firstRetry × 2^(attempt-1), at most maxRetry, minus up to 25% jitter so retries do not align. */
    Duration backoff(int attempt) {
        long ms = firstRetry.toMillis() << Math.min(attempt - 1, 20);
        ms = Math.min(ms, maxRetry.toMillis());
        return Duration.ofMillis(ms - ThreadLocalRandom.current().nextLong(ms / 4 + 1));
    }

    private String incidentLabel(Job job) {
        return job.incidentId() == null ? "" : " (INC-" + job.incidentId() + ")";
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the worker: the job in progress may finish within {@code grace}; after that it is
     * interrupted and stays in the table, due, for the next start. Nothing pending is lost.
     */
    public void close(Duration grace) {
        running = false;
        wake.release();
        try {
            worker.join(grace.toMillis());
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }
}
