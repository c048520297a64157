package io.incidentbot.integrations.alerts;

import com.google.gson.JsonPrimitive;
import io.incidentbot.config.AlertsConfig;
import io.incidentbot.flow.AlertIntake;
import io.incidentbot.http.HttpServer.Exchange;
import io.incidentbot.http.HttpServer.Reply;
import io.incidentbot.http.HttpServer.Route;
import io.incidentbot.incident.AlertNotification;
import io.incidentbot.incident.AlertSource;
import io.incidentbot.incident.PagerEvent;
import io.incidentbot.metrics.BotMetrics;
import io.incidentbot.metrics.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The alert receivers: {@code POST /integrations/alertmanager}, {@code /grafana} and
 * {@code /pagerduty}. Each checks its credential, reads the source's format and hands the alerts to
 * {@link AlertIntake}; 202 means what the delivery changed is committed. 401 for a bad or missing
 * credential, 400 for a body that is not the source's format, 404 while the receiver's secret is not
 * set, 503 (retried by the source) until Slack has said which workspace this is; bodies over 1 MB
 * get 413 before they reach here ({@link io.incidentbot.http.HttpServer}).
 */
public final class AlertReceivers {
    private static final Logger log = LoggerFactory.getLogger(AlertReceivers.class);
    public static final String ALERTMANAGER = "POST /integrations/alertmanager";
    public static final String GRAFANA = "POST /integrations/grafana";
    public static final String PAGERDUTY = "POST /integrations/pagerduty";
    /** How far a Grafana signature's timestamp may be from now. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    static final String GRAFANA_SIGNATURE = "X-Grafana-Alerting-Signature";
    static final String PAGERDUTY_SIGNATURE = "X-PagerDuty-Signature";
    static final String WEBHOOK_ID = "X-Webhook-Id";

    private final AlertsConfig config;
    private final AlertIntake intake;
    private final BotMetrics metrics;
    private final Clock clock;

    /** {@code clock}: the real time, which signatures are checked against. */
    public AlertReceivers(AlertsConfig config, AlertIntake intake, BotMetrics metrics, Clock clock) {
        this.config = config;
        this.intake = intake;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The three routes; a receiver that is off answers 404 saying which setting turns it on. */
    public Map<String, Route> routes() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(ALERTMANAGER, config.alertmanagerOn() ? this::alertmanager
                : off("Alertmanager", "ALERT_INTAKE_TOKEN"));
        routes.put(GRAFANA, config.grafanaOn() ? this::grafana
                : off("Grafana", "ALERT_INTAKE_TOKEN or GRAFANA_WEBHOOK_SECRET"));
        routes.put(PAGERDUTY, config.pagerDutyWebhooksOn() ? this::pagerDuty
                : off("PagerDuty webhooks", "PAGERDUTY_WEBHOOK_SECRET"));
        return routes;
    }

    private static Route off(String what, String setting) {
        return ex -> error(404, what + " intake is off: set " + setting + " to turn it on");
    }

    Reply alertmanager(Exchange ex) {
        if (!bearer(ex)) {
            return unauthorized(AlertSource.ALERTMANAGER, "missing or wrong Authorization: Bearer <ALERT_INTAKE_TOKEN>");
        }
        return alerts(AlertSource.ALERTMANAGER, () -> AlertPayloads.alertmanager(ex.bodyText()));
    }

    Reply grafana(Exchange ex) {
        if (config.grafanaSecret() != null) {
            Optional<String> refused = grafanaSignature(ex);
            if (refused.isPresent()) {
                return unauthorized(AlertSource.GRAFANA, refused.get());
            }
        } else if (!bearer(ex)) {
            return unauthorized(AlertSource.GRAFANA, "missing or wrong Authorization: Bearer <ALERT_INTAKE_TOKEN>");
        }
        return alerts(AlertSource.GRAFANA, () -> AlertPayloads.grafana(ex.bodyText()));
    }

    Reply pagerDuty(Exchange ex) {
        if (!pagerDutySignature(ex)) {
            return unauthorized(AlertSource.PAGERDUTY, "missing or wrong " + PAGERDUTY_SIGNATURE
                    + " (v1=<hex HMAC-SHA256 of the body under PAGERDUTY_WEBHOOK_SECRET>)");
        }
        String webhookId = ex.header(WEBHOOK_ID);
        if (webhookId == null || webhookId.isBlank() || webhookId.length() > 200) {
            return rejected(AlertSource.PAGERDUTY, 400, WEBHOOK_ID + " is missing: PagerDuty sends one with every delivery");
        }
        Optional<PagerEvent> event;
        try {
            event = PagerDutyPayloads.read(webhookId.strip(), ex.bodyText());
        } catch (BadPayload e) {
            return rejected(AlertSource.PAGERDUTY, 400, e.getMessage());
        }
        if (event.isEmpty()) {
            metrics.integrationCall("pagerduty_webhooks", "receive", "ignored");
            return accepted("ignored");
        }
        return act(AlertSource.PAGERDUTY, () -> intake.receive(event.get()));
    }

    private Reply alerts(AlertSource source, Supplier<AlertNotification> parse) {
        AlertNotification n;
        try {
            n = parse.get();
        } catch (BadPayload e) {
            return rejected(source, 400, e.getMessage());
        }
        return act(source, () -> intake.receive(n));
    }

    private Reply act(AlertSource source, Supplier<AlertIntake.Outcome> work) {
        try {
            AlertIntake.Outcome outcome = work.get();
            String result = outcome.name().toLowerCase(Locale.ROOT);
            metrics.integrationCall(integration(source), "receive", result);
            log.debug("{} delivery: {}", source.title(), result);
            return accepted(result);
        } catch (AlertIntake.NotReady e) {
            metrics.integrationCall(integration(source), "receive", "not_ready");
            log.warn("{} delivery answered 503: {}", source.title(), e.getMessage());
            return error(503, e.getMessage()).withHeader("Retry-After", "30");
        } finally {
            LogContext.clear();
        }
    }

    private boolean bearer(Exchange ex) {
        String auth = ex.header("Authorization");
        if (config.intakeToken() == null || auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return Signatures.textEquals(config.intakeToken(), auth.substring(7).strip());
    }

    /** Why Grafana's signature is refused, or empty when it is good (and recent, when timestamped). */
    private Optional<String> grafanaSignature(Exchange ex) {
        String signature = ex.header(GRAFANA_SIGNATURE);
        if (signature == null || signature.isBlank()) {
            return Optional.of(GRAFANA_SIGNATURE + " is missing: GRAFANA_WEBHOOK_SECRET is set, so deliveries must be signed");
        }
        byte[] key = Signatures.utf8(config.grafanaSecret());
        String timestamp = ex.header(config.grafanaTimestampHeader());
        byte[] expected;
        if (timestamp == null || timestamp.isBlank()) {
            expected = Signatures.hmac(key, ex.body());
        } else {
            long seconds;
            try {
                seconds = Long.parseLong(timestamp.strip());
            } catch (NumberFormatException e) {
                return Optional.of(config.grafanaTimestampHeader() + " must be Unix seconds");
            }
            long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
            if (skew > MAX_SKEW.toSeconds()) {
                return Optional.of("the signed timestamp is more than 5 minutes from now: a replay, or a clock to fix");
            }
            expected = Signatures.hmac(key, Signatures.utf8(timestamp.strip() + ":"), ex.body());
        }
        return Signatures.hexEquals(expected, signature) ? Optional.empty()
                : Optional.of(GRAFANA_SIGNATURE + " does not match the body under GRAFANA_WEBHOOK_SECRET");
    }

    /** Any of the header's {@code v1=} signatures may match (PagerDuty signs with each secret while rotating). */
    private boolean pagerDutySignature(Exchange ex) {
        String header = ex.header(PAGERDUTY_SIGNATURE);
        if (header == null) {
            return false;
        }
        byte[] expected = Signatures.hmac(Signatures.utf8(config.pagerDutySecret()), ex.body());
        boolean match = false;
        int checked = 0;
        for (String part : header.split(",")) {
            String s = part.strip();
            if (s.startsWith("v1=") && checked++ < 10) {
                match |= Signatures.hexEquals(expected, s.substring(3)); // every one compared: no early exit
            }
        }
        return match;
    }

    private Reply unauthorized(AlertSource source, String why) {
        metrics.integrationCall(integration(source), "receive", "unauthorized");
        log.info("{} delivery refused (401): {}", source.title(), why);
        return error(401, why).withHeader("WWW-Authenticate", "Bearer");
    }

    private Reply rejected(AlertSource source, int status, String why) {
        metrics.integrationCall(integration(source), "receive", "bad_request");
        log.info("{} delivery refused ({}): {}", source.title(), status, why);
        return error(status, why);
    }

    private static String integration(AlertSource source) {
        return source == AlertSource.PAGERDUTY ? "pagerduty_webhooks" : source.name().toLowerCase(Locale.ROOT);
    }

    private static Reply accepted(String outcome) {
        return Reply.json(202, "{\"status\":\"accepted\",\"outcome\":\"" + outcome + "\"}");
    }

    private static Reply error(int status, String message) {
        return Reply.json(status, "{\"error\":" + new JsonPrimitive(message) + "}");
    }
}
