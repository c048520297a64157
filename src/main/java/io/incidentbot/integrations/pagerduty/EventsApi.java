package io.incidentbot.integrations.pagerduty;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * PagerDuty's Events API v2 over {@code java.net.http}: one {@code POST} of an event to
 * {@code PAGERDUTY_EVENTS_URL}. 202 is success; 400 is PagerDuty refusing the event for good
 * ({@link Refused}, with its message); 429 and 5xx are PagerDuty's trouble ({@link Unavailable},
 * with its {@code Retry-After} when it sent one); other answers mean the setting is wrong.
 */
final class EventsApi {
    /** How long PagerDuty may take to answer before the attempt counts as failed. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** A {@code Retry-After} longer than this is taken as this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final URI url;
    private final HttpClient http;

    EventsApi(URI url) {
        this.url = url;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** PagerDuty refused the event (400): sending it again cannot help. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** PagerDuty could not take the event now (429, 5xx): try again, after {@code retryAfter} when it said. */
    static final class Unavailable extends Exception {
        private final int status;
        private final transient Duration retryAfter;

        Unavailable(int status, String message, Duration retryAfter) {
            super(message);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        int status() {
            return status;
        }

        Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** An answer that means the bot is set up wrong (a 401, 403, 404…): an operator must fix the setting. */
    static final class Misconfigured extends Exception {
        Misconfigured(String message) {
            super(message);
        }
    }

    /** Sends one event; returns when PagerDuty accepted it. */
    void send(JsonObject event) throws Refused, Unavailable, Misconfigured, IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status == 202 || status == 200) {
            return;
        }
        String said = message(response.body());
        if (status == 400) {
            throw new Refused(said);
        }
        if (status == 429 || status >= 500) {
            throw new Unavailable(status, "PagerDuty answered " + status + (said.isEmpty() ? "" : ": " + said),
                    retryAfter(response).orElse(null));
        }
        throw new Misconfigured("PagerDuty answered " + status + (said.isEmpty() ? "" : ": " + said));
    }

    /** PagerDuty's {@code message} and {@code errors}, as one line ("Event object is invalid: 'payload.summary' is missing"). */
    static String message(String body) {
        try {
            JsonElement root = JsonParser.parseString(body == null ? "" : body);
            if (root != null && root.isJsonObject()) {
                JsonObject o = root.getAsJsonObject();
                StringBuilder sb = new StringBuilder();
                if (o.has("message") && o.get("message").isJsonPrimitive()) {
                    sb.append(o.get("message").getAsString());
                }
                if (o.has("errors") && o.get("errors").isJsonArray()) {
                    StringBuilder errors = new StringBuilder();
                    o.getAsJsonArray("errors").forEach(e -> errors.append(errors.length() == 0 ? "" : "; ")
                            .append(e.isJsonPrimitive() ? e.getAsString() : e.toString()));
                    if (errors.length() > 0) {
                        sb.append(sb.length() == 0 ? "" : ": ").append(errors);
                    }
                }
                return oneLine(sb.toString());
            }
        } catch (RuntimeException notJson) {
            // fall through: show the start of what it said
        }
        return oneLine(body == null ? "" : body);
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 299) + "…" : line;
    }

    /** {@code Retry-After} as seconds or an HTTP date, at most {@link #MAX_RETRY_AFTER}. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(EventsApi::retryAfter);
    }

    static Optional<Duration> retryAfter(String value) {
        String v = value.strip();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException notSeconds) {
            try {
                d = Duration.between(java.time.Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }
}
