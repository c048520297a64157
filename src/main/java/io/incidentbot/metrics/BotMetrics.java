package io.incidentbot.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The bot's operational metrics (Micrometer), served as Prometheus text on {@code GET /metrics}.
 *
 * <p>Every tag value is drawn from a small fixed vocabulary (event types, Web API method names,
 * Slack error codes, severities, HTTP statuses): no incident text, user or channel ever becomes a
 * label. {@link #disabled()} records nothing ({@code METRICS_ENABLED=false}).
 */
public final class BotMetrics {
    /** Prometheus' content type for the text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Ack latency buckets: Slack gives up on an ack after 3 seconds. */
    private static final Duration[] ACK_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(3), Duration.ofSeconds(5)};

    private static final Pattern NOT_LABEL = Pattern.compile("[^A-Za-z0-9_.-]");

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    /**
     * The meters recorded on every Slack request, by name and tags: building and registering a meter
     * costs more than recording into it. Tags come from small vocabularies; the bound is a safeguard.
     */
    private final Cache<List<String>, Meter> hot = Caffeine.newBuilder().maximumSize(1_000).build();

    private BotMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
    }

    /** Metrics kept in memory and scraped in Prometheus format, with the JVM's basics beside them. */
    public static BotMetrics prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return new BotMetrics(registry, registry);
    }

    /** Records nothing: a composite registry without members hands out no-op meters. */
    public static BotMetrics disabled() {
        return new BotMetrics(new CompositeMeterRegistry(), null);
    }

    public boolean enabled() {
        return prometheus != null;
    }

    /** The Prometheus text of every meter, read now (gauges query their source at this moment). */
    public String scrape() {
        if (prometheus == null) {
            throw new IllegalStateException("metrics are disabled");
        }
        return prometheus.scrape();
    }

    /** An Events API callback the bot accepted and stored (or deliberately ignored). */
    public void eventIngested(String eventType) {
        ((Counter) hot.get(List.of("ingested", eventType == null ? "" : eventType), k -> Counter.builder(
                        "incidentbot.events.ingested")
                .description("Events API callbacks accepted (200), by event type; Slack's redeliveries count too")
                .tag("type", label(eventType))
                .register(registry))).increment();
    }

    /** An Events API callback that could not be stored (answered 500, so Slack retries it). */
    public void eventFailed(String eventType) {
        Counter.builder("incidentbot.events.failed")
                .description("Events API callbacks that could not be stored (answered 500 so that Slack retries)")
                .tag("type", label(eventType))
                .register(registry).increment();
    }

    /**
     * How long {@code POST /slack/events} took to answer Slack.
     *
     * @param kind   command, event, interaction, url_verification, … or rejected (bad signature)
     * @param status the HTTP status answered
     */
    public void ack(String kind, int status, long nanos) {
        ((Timer) hot.get(List.of("ack", kind == null ? "" : kind, Integer.toString(status)), k -> Timer.builder(
                        "incidentbot.slack.ack")
                .description("Time to answer POST /slack/events or acknowledge a Socket Mode envelope (Slack retries after 3 s)")
                .tag("kind", label(kind))
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(ACK_BUCKETS)
                .register(registry))).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Slack's Web API answered an error (ok:false with its code, an HTTP error, or no answer at all). */
    public void slackApiError(String method, String error) {
        Counter.builder("incidentbot.slack.api.errors")
                .description("Slack Web API calls that failed, by method and Slack's error code")
                .tag("method", label(method))
                .tag("error", label(error))
                .register(registry).increment();
    }

    /** A Slack Web API call is tried again after 429, 5xx or a connection error. */
    public void slackApiRetry(String method, String reason) {
        Counter.builder("incidentbot.slack.api.retries")
                .description("Slack Web API calls tried again, by method and reason (429, 5xx, io)")
                .tag("method", label(method))
                .tag("reason", label(reason))
                .register(registry).increment();
    }

    /**
     * A call to or from an integration: {@code integration} pagerduty, webhook, alertmanager, grafana…;
     * {@code operation} trigger, resolve, receive, deliver…; {@code result} ok, an outcome (declared,
     * duplicate…) or what failed (http_429, http_503, io, refused…).
     */
    public void integrationCall(String integration, String operation, String result) {
        ((Counter) hot.get(List.of("integration", String.valueOf(integration), String.valueOf(operation),
                String.valueOf(result)), k -> Counter.builder("incidentbot.integration.calls")
                .description("Calls to and from integrations (alerts in, pages and webhooks out), by integration, "
                        + "operation and result")
                .tag("integration", label(integration))
                .tag("operation", label(operation))
                .tag("result", label(result))
                .register(registry))).increment();
    }

    /** A gauge read at each scrape, e.g. a count from the database. */
    public void gauge(String name, String description, String tagKey, String tagValue, Supplier<Number> read) {
        Gauge.builder(name, read).description(description).tag(tagKey, label(tagValue)).strongReference(true)
                .register(registry);
    }

    /** The registry, for libraries that report their own meters (e.g. the connection pool). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Tag values: short, only [A-Za-z0-9_.-]; anything else becomes '_'. */
    static String label(String value) {
        if (value == null || value.isBlank()) {
            return "unknown";
        }
        String v = NOT_LABEL.matcher(value.strip()).replaceAll("_");
        return v.length() > 64 ? v.substring(0, 64) : v;
    }
}
