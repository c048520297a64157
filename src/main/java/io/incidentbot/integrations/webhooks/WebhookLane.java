package io.incidentbot.integrations.webhooks;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.metrics.BotMetrics;
import io.incidentbot.outbox.LaneHandler;
import io.incidentbot.outbox.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code webhook:<url>} lanes: POSTs each {@link WebhookJob.Deliver} with the Standard Webhooks
 * headers {@code webhook-id} (the same on every attempt), {@code webhook-timestamp} (the attempt's
 * time, so a receiver's 5-minute tolerance holds after an outage) and {@code webhook-signature}.
 * A 2xx is delivered; 410 Gone means the receiver wants no more (given up); anything else and
 * network errors are retried with backoff, waiting out {@code Retry-After}. A delivery for an
 * incident that has become private since is dropped unsent. Failures are for the operator
 * ({@code /health}, the logs), not the incident's channel.
 */
public final class WebhookLane implements LaneHandler<WebhookJob> {
    private static final Logger log = LoggerFactory.getLogger(WebhookLane.class);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final StandardWebhooks signer;
    private final IncidentService service;
    private final BotMetrics metrics;
    /** Signatures carry the real time: receivers check it against theirs, whatever clock incidents run on. */
    private final Clock signingClock;
    private final int receivers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public WebhookLane(byte[] key, int receivers, IncidentService service, BotMetrics metrics, Clock signingClock) {
        this.signer = new StandardWebhooks(key);
        this.receivers = receivers;
        this.service = service;
        this.metrics = metrics;
        this.signingClock = signingClock;
    }

    @Override
    public String family() {
        return WebhookJob.FAMILY;
    }

    @Override
    public Class<WebhookJob> jobType() {
        return WebhookJob.class;
    }

    @Override
    public int parallelism() {
        return Math.min(8, receivers + 1); // a receiver that hangs until the timeout does not hold up the others
    }

    /** The receiver did not take the delivery. */
    static final class NotDelivered extends Exception {
        private final int status;
        private final transient Duration retryAfter;

        NotDelivered(int status, String message, Duration retryAfter) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }

    @Override
    public void run(Delivery<WebhookJob> delivery) throws Exception {
        WebhookJob.Deliver job = (WebhookJob.Deliver) delivery.job();
        if (delivery.incidentId() != null
                && service.find(delivery.incidentId()).map(Incident::isPrivate).orElse(false)) {
            log.info("Webhook {} for INC-{} not sent: the incident is private now", job.type(), delivery.incidentId());
            return;
        }
        long timestamp = signingClock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(job.url()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "incident-bot")
                .header("webhook-id", job.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(job.eventId(), timestamp, job.body()))
                .POST(HttpRequest.BodyPublishers.ofString(job.body(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            metrics.integrationCall("webhook", job.type(), "network_error");
            throw e;
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            metrics.integrationCall("webhook", job.type(), "ok");
            return;
        }
        metrics.integrationCall("webhook", job.type(), status == 410 ? "gone" : status == 429 ? "rate_limited"
                : status >= 500 ? "unavailable" : "refused");
        throw new NotDelivered(status, host(job.url()) + " answered " + status,
                response.headers().firstValue("Retry-After").flatMap(WebhookLane::seconds).orElse(null));
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long s = Long.parseLong(value.strip());
            Duration d = Duration.ofSeconds(Math.max(0, s));
            return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String host(String url) {
        try {
            URI u = URI.create(url);
            return u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return "the receiver";
        }
    }

    @Override
    public Verdict judge(Exception failure) {
        if (failure instanceof NotDelivered n) {
            if (n.status == 410) {
                return new Verdict.Refused(n.getMessage() + " (Gone: it wants no more deliveries)");
            }
            if (n.retryAfter != null) {
                return new Verdict.WaitFor(n.retryAfter, n.getMessage() + " with Retry-After " + n.retryAfter.toSeconds() + " s");
            }
            return new Verdict.Retry(n.getMessage());
        }
        if (failure instanceof IOException || failure instanceof InterruptedException) {
            return new Verdict.Retry("the webhook receiver could not be reached: " + failure);
        }
        return null;
    }

    @Override
    public String describe(WebhookJob job, String incident) {
        return null; // receivers are the operator's: /health and the logs show their failures
    }
}
