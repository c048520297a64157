package io.incidentbot.integrations.pagerduty;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.incidentbot.config.PagerDutyConfig;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.PageRepository;
import io.incidentbot.incident.Severity;
import io.incidentbot.metrics.BotMetrics;
import io.incidentbot.outbox.Backoff;
import io.incidentbot.outbox.LaneHandler;
import io.incidentbot.outbox.Refusal;
import io.incidentbot.outbox.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code pagerduty} lane: sends {@link PagerDutyJob}s to PagerDuty's Events API v2. A trigger is
 * built from the incident as it is when the job runs: {@code "INC-12 P1 <title>"} (a private
 * incident only {@code "Private incident INC-12"}, no details), severity P1 {@code critical}, P2
 * {@code error}, P3 {@code warning}, P4 {@code info}, its details, and links to its Slack channel
 * and, with {@code WEB_BASE_URL}, its page. A 400 is final: the timeline records it, the incident
 * counts as not paged, and the channel is told once with PagerDuty's message. 429, 5xx and network
 * errors are retried (at most a minute apart, as long as it takes; PagerDuty's {@code Retry-After}
 * is waited out). At most 120 events a minute are sent, PagerDuty's limit per routing key.
 */
public final class PagerDutyLane implements LaneHandler<PagerDutyJob> {
    private static final Logger log = LoggerFactory.getLogger(PagerDutyLane.class);
    static final String SOURCE = "incident-bot";
    static final String TIMELINE_SOURCE = "PagerDuty";
    static final int MAX_SUMMARY = 1024;
    /** PagerDuty's documented limit per routing key. */
    static final int EVENTS_PER_MINUTE = 120;
    /** Retries of PagerDuty's trouble: never more than a minute apart. */
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1));
    /** How long a new incident's page waits for its Slack channel, so the page can link to it. */
    static final Duration CHANNEL_GRACE = Duration.ofSeconds(10);
    private static final Duration CHANNEL_POLL = Duration.ofMillis(100);

    private final PagerDutyConfig config;
    private final EventsApi api;
    private final IncidentService service;
    private final PageRepository pages;
    private final String webBaseUrl;
    private final BotMetrics metrics;
    private final Clock clock;
    private final Pacer pacer;

    public PagerDutyLane(PagerDutyConfig config, IncidentService service, PageRepository pages, String webBaseUrl,
                         BotMetrics metrics, Clock clock) {
        this.config = config;
        this.api = new EventsApi(config.eventsUrl());
        this.service = service;
        this.pages = pages;
        this.webBaseUrl = webBaseUrl;
        this.metrics = metrics;
        this.clock = clock;
        this.pacer = new Pacer(EVENTS_PER_MINUTE, Duration.ofMinutes(1), clock);
    }

    @Override
    public String family() {
        return PagerDutyJob.LANE;
    }

    @Override
    public Class<PagerDutyJob> jobType() {
        return PagerDutyJob.class;
    }

    @Override
    public Backoff backoff() {
        return BACKOFF;
    }

    @Override
    public int parallelism() {
        return 4; // a new incident's page waiting for its channel does not hold up another incident's
    }

    /** The lane's own wait: for a free slot under PagerDuty's limit. */
    static final class Wait extends Exception {
        private final transient Duration delay;

        Wait(Duration delay, String reason) {
            super(reason);
            this.delay = delay;
        }
    }

    @Override
    public void run(Delivery<PagerDutyJob> delivery) throws Exception {
        Optional<Incident> found = delivery.incidentId() == null ? Optional.empty() : service.find(delivery.incidentId());
        if (found.isEmpty()) {
            throw new Refusal("its incident is not stored");
        }
        Incident incident = found.get();
        PagerDutyJob job = delivery.job();
        if (job instanceof PagerDutyJob.Trigger t) {
            trigger(incident, t);
        } else if (job instanceof PagerDutyJob.Resolve r) {
            if (service.paging().fromPager(incident)) {
                return; // declared from PagerDuty's own incident: its resolution stays PagerDuty's
            }
            send("resolve", resolveEvent(r.dedupKey()));
            service.recordIntegration(incident, TIMELINE_SOURCE, "Resolved the PagerDuty page", clock.instant());
            log.info("{}: PagerDuty page resolved", incident.humanId());
        }
    }

    private void trigger(Incident incident, PagerDutyJob.Trigger t) throws Exception {
        Instant queuedAt = Instant.ofEpochMilli(t.queuedAt());
        if (service.paging().fromPager(incident)) {
            // declared from PagerDuty's own incident: its on-call knows, and its resolution stays PagerDuty's
            pages.refused(incident.id(), queuedAt);
            log.info("{}: not paged: it came from PagerDuty's own incident", incident.humanId());
            return;
        }
        if (incident.isResolved()) {
            // resolved before PagerDuty heard of it: the resolve queued behind this job ends the page
            log.info("{}: page not sent: the incident was resolved before PagerDuty could take it", incident.humanId());
            return;
        }
        long deadline = System.nanoTime() + CHANNEL_GRACE.toNanos();
        while (incident.channelId() == null && System.nanoTime() < deadline) {
            Thread.sleep(CHANNEL_POLL.toMillis()); // Slack is creating it: the page links to it
            incident = service.find(incident.id()).orElse(incident);
        }
        try {
            send("trigger", triggerEvent(incident, t.dedupKey(), queuedAt));
        } catch (EventsApi.Refused refused) {
            String said = "PagerDuty said: " + refused.getMessage();
            service.recordIntegration(incident, TIMELINE_SOURCE, "Paging the on-call through PagerDuty failed: " + said,
                    clock.instant());
            pages.refused(incident.id(), queuedAt);
            throw new Refusal(said);
        }
        pages.delivered(incident.id(), queuedAt, clock.instant());
        service.recordIntegration(incident, TIMELINE_SOURCE, "Paged the on-call through PagerDuty"
                + (t.requestedBy() == null ? " (" + incident.severity().name() + " pages)"
                : " (asked by <@" + t.requestedBy() + ">)"), clock.instant());
        log.info("{}: on-call paged through PagerDuty", incident.humanId());
    }

    /** Sends one event within PagerDuty's rate, counting the outcome. */
    private void send(String operation, JsonObject event) throws Exception {
        Optional<Duration> wait = pacer.take();
        if (wait.isPresent()) {
            metrics.integrationCall("pagerduty", operation, "paced");
            throw new Wait(wait.get(), EVENTS_PER_MINUTE + " events sent to PagerDuty in the last minute (its limit)");
        }
        try {
            api.send(event);
            metrics.integrationCall("pagerduty", operation, "ok");
        } catch (EventsApi.Refused e) {
            metrics.integrationCall("pagerduty", operation, "refused");
            throw e;
        } catch (EventsApi.Unavailable e) {
            metrics.integrationCall("pagerduty", operation, e.status() == 429 ? "rate_limited" : "unavailable");
            throw e;
        } catch (EventsApi.Misconfigured e) {
            metrics.integrationCall("pagerduty", operation, "misconfigured");
            throw e;
        } catch (IOException e) {
            pacer.giveBack();
            metrics.integrationCall("pagerduty", operation, "network_error");
            throw e;
        }
    }

    JsonObject triggerEvent(Incident incident, String dedupKey, Instant at) {
        JsonObject event = new JsonObject();
        event.addProperty("routing_key", config.routingKey());
        event.addProperty("event_action", "trigger");
        event.addProperty("dedup_key", dedupKey);
        JsonObject payload = new JsonObject();
        payload.addProperty("summary", summary(incident));
        payload.addProperty("source", SOURCE);
        payload.addProperty("severity", severity(incident.severity()));
        payload.addProperty("timestamp", at.toString());
        if (!incident.isPrivate()) {
            JsonObject details = new JsonObject();
            details.addProperty("incident", incident.humanId());
            details.addProperty("severity", incident.severity().name());
            details.addProperty("status", incident.status().title());
            details.addProperty("lead", incident.leadId() == null ? "none yet" : incident.leadId());
            details.addProperty("channel", incident.channelName() == null ? "not created yet" : "#" + incident.channelName());
            payload.add("custom_details", details);
        }
        event.add("payload", payload);
        event.addProperty("client", SOURCE);
        JsonArray links = new JsonArray();
        if (incident.channelId() != null) {
            links.add(link("https://slack.com/app_redirect?channel=" + encode(incident.channelId()) + "&team="
                    + encode(incident.teamId()), incident.isPrivate() || incident.channelName() == null
                    ? "Slack channel" : "Slack channel #" + incident.channelName()));
        }
        if (webBaseUrl != null) {
            String page = webBaseUrl + "/incidents/" + incident.humanId();
            links.add(link(page, incident.humanId() + " timeline"));
            event.addProperty("client_url", page);
        }
        if (!links.isEmpty()) {
            event.add("links", links);
        }
        return event;
    }

    private JsonObject resolveEvent(String dedupKey) {
        JsonObject event = new JsonObject();
        event.addProperty("routing_key", config.routingKey());
        event.addProperty("event_action", "resolve");
        event.addProperty("dedup_key", dedupKey);
        return event;
    }

    /** "INC-12 P1 Orders API returns 502", at most 1024 characters; "Private incident INC-12" for a private one. */
    static String summary(Incident incident) {
        if (incident.isPrivate()) {
            return "Private incident " + incident.humanId();
        }
        String s = (incident.humanId() + " " + incident.severity().name() + " " + incident.title())
                .replaceAll("\\s+", " ").strip();
        if (s.length() <= MAX_SUMMARY) {
            return s;
        }
        int end = MAX_SUMMARY - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    static String severity(Severity s) {
        return switch (s) {
            case P1 -> "critical";
            case P2 -> "error";
            case P3 -> "warning";
            case P4 -> "info";
        };
    }

    private static JsonObject link(String href, String text) {
        JsonObject l = new JsonObject();
        l.addProperty("href", href);
        l.addProperty("text", text);
        return l;
    }

    private static String encode(String s) {
        return URLEncoder.encode(String.valueOf(s), StandardCharsets.UTF_8);
    }

    @Override
    public Verdict judge(Exception failure) {
        if (failure instanceof Wait w) {
            return new Verdict.WaitFor(w.delay, w.getMessage());
        }
        if (failure instanceof EventsApi.Unavailable u) {
            return u.retryAfter().<Verdict>map(d -> new Verdict.WaitFor(d, u.getMessage() + " (Retry-After "
                    + d.toSeconds() + " s)")).orElseGet(() -> new Verdict.Retry(u.getMessage()));
        }
        if (failure instanceof EventsApi.Misconfigured m) {
            return new Verdict.NeedsOperator(m.getMessage(), "check PAGERDUTY_EVENTS_URL (default "
                    + PagerDutyConfig.DEFAULT_EVENTS_URL + ") and PAGERDUTY_ROUTING_KEY (the service's Events API v2 "
                    + "integration key)");
        }
        if (failure instanceof IOException || failure instanceof InterruptedException) {
            return new Verdict.Retry("PagerDuty could not be reached: " + failure);
        }
        return null;
    }

    @Override
    public String describe(PagerDutyJob job, String incident) {
        return job instanceof PagerDutyJob.Trigger ? "Paging the on-call for " + incident + " through PagerDuty"
                : "Resolving " + incident + "'s PagerDuty page";
    }

    @Override
    public String remedy(PagerDutyJob job) {
        return job instanceof PagerDutyJob.Trigger ? "`/incident page` tries again" : null;
    }
}
