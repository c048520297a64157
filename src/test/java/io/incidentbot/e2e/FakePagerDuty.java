package io.incidentbot.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A strict fake of PagerDuty's Events API v2 ({@code POST /v2/enqueue}) on loopback. What it
 * requires comes from PagerDuty's published OpenAPI description (copied to
 * {@code vendor-apis/pagerduty-events-v2.openapi.json}): {@code routing_key} and
 * {@code event_action} (trigger, acknowledge, resolve); for a trigger a {@code payload} with
 * {@code summary}, {@code source} and a {@code severity} of critical, error, warning or info;
 * {@code links[].href}, {@code images[].src}. From PagerDuty's documentation: {@code summary} at
 * most 1024 characters, {@code dedup_key} at most 255 and required unless triggering, and a
 * routing key must be an integration's. Anything else gets 400 with PagerDuty's error body. Past
 * 120 events a minute for one routing key it answers 429, and counts it ({@link #rateLimited}).
 * An outage ({@link #outage}) answers every request with a status (and {@code Retry-After}) until
 * {@link #recover}. Accepted events are kept in order ({@link #events}).
 */
final class FakePagerDuty implements AutoCloseable {
    static final String ROUTING_KEY = "R0UT1NGKEY0123456789ABCDEFGHIJKL";
    static final int EVENTS_PER_MINUTE = 120;

    /** An accepted event and when it arrived. */
    record Event(JsonObject body, Instant at) {
        String action() {
            return body.get("event_action").getAsString();
        }

        String dedupKey() {
            return body.has("dedup_key") ? body.get("dedup_key").getAsString() : null;
        }

        JsonObject payload() {
            return body.getAsJsonObject("payload");
        }
    }

    /** A refused request: the status and PagerDuty's error body. */
    record Refused(int status, String body, Instant at) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Set<String> routingKeys = new HashSet<>(Set.of(ROUTING_KEY));
    private final Set<String> actions;
    private final Set<String> severities;
    private final List<String> requiredTop;
    private final List<String> requiredPayload;
    private final Clock clock = Clock.systemUTC();
    private final List<Event> events = new ArrayList<>();
    private final List<Refused> refused = new ArrayList<>();
    private final Map<String, Deque<Instant>> recent = new java.util.HashMap<>();
    private int outageStatus;
    private Integer outageRetryAfter;
    private int failNextCount;
    private int failNextStatus;
    private int rateLimited;
    private int requests;

    FakePagerDuty() {
        JsonObject spec = spec();
        JsonObject enqueue = spec.getAsJsonObject("paths").getAsJsonObject("/enqueue").getAsJsonObject("post")
                .getAsJsonObject("requestBody").getAsJsonObject("content").getAsJsonObject("application/json")
                .getAsJsonObject("schema");
        requiredTop = strings(enqueue.getAsJsonArray("required"));
        actions = Set.copyOf(strings(enqueue.getAsJsonObject("properties").getAsJsonObject("event_action")
                .getAsJsonArray("enum")));
        JsonObject payload = spec.getAsJsonObject("components").getAsJsonObject("schemas").getAsJsonObject("Payload");
        requiredPayload = strings(payload.getAsJsonArray("required"));
        severities = Set.copyOf(strings(payload.getAsJsonObject("properties").getAsJsonObject("severity")
                .getAsJsonArray("enum")));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v2/enqueue", this::enqueue);
        server.setExecutor(threads);
        server.start();
    }

    private static JsonObject spec() {
        try (InputStream in = FakePagerDuty.class.getResourceAsStream("/vendor-apis/pagerduty-events-v2.openapi.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    String eventsUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue";
    }

    // ---------------------------------------------------------------- scripting

    /** Every request answers {@code status} (with {@code Retry-After} seconds when not null) until {@link #recover}. */
    synchronized void outage(int status, Integer retryAfterSeconds) {
        outageStatus = status;
        outageRetryAfter = retryAfterSeconds;
    }

    synchronized void recover() {
        outageStatus = 0;
        outageRetryAfter = null;
    }

    /** The next {@code count} requests answer {@code status}. */
    synchronized void failNext(int count, int status) {
        failNextCount = count;
        failNextStatus = status;
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized List<Refused> refused() {
        return List.copyOf(refused);
    }

    /** Requests answered 429 because one routing key sent more than 120 events in a minute. */
    synchronized int rateLimited() {
        return rateLimited;
    }

    /** Every request received, whatever its answer. */
    synchronized int requests() {
        return requests;
    }

    List<Event> awaitEvents(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (events.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " PagerDuty events within " + timeout + ", got "
                            + events.size() + ": " + events + "; refused: " + refused);
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            return List.copyOf(events);
        }
    }

    // ---------------------------------------------------------------- the API

    private void enqueue(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            if (!"POST".equals(ex.getRequestMethod())) {
                answer(ex, 405, "{\"status\":\"method not allowed\",\"message\":\"use POST\"}", null);
                return;
            }
            String answer;
            int status;
            Integer retryAfter = null;
            synchronized (this) {
                requests++;
                if (outageStatus != 0) {
                    status = outageStatus;
                    retryAfter = outageRetryAfter;
                    answer = "{\"status\":\"unavailable\",\"message\":\"Service unavailable\"}";
                } else if (failNextCount > 0) {
                    failNextCount--;
                    status = failNextStatus;
                    answer = "{\"status\":\"error\",\"message\":\"Injected failure\"}";
                } else {
                    String[] result = judge(new String(raw, StandardCharsets.UTF_8));
                    status = Integer.parseInt(result[0]);
                    answer = result[1];
                }
                if (status != 202) {
                    refused.add(new Refused(status, answer, clock.instant()));
                }
                notifyAll();
            }
            answer(ex, status, answer, retryAfter);
        }
    }

    /** Called with the lock held: the status and body PagerDuty would answer. */
    private String[] judge(String text) {
        JsonObject body;
        try {
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonObject()) {
                return invalid("Event object format is unrecognized", "JSON parse error");
            }
            body = root.getAsJsonObject();
        } catch (JsonSyntaxException e) {
            return invalid("Event object format is unrecognized", "JSON parse error");
        }
        List<String> errors = new ArrayList<>();
        for (String field : requiredTop) {
            if (!isString(body, field)) {
                errors.add("'" + field + "' is missing or blank");
            }
        }
        if (isString(body, "routing_key") && !routingKeys.contains(body.get("routing_key").getAsString())) {
            errors.add("'routing_key' is not an Events API v2 integration key");
        }
        String action = isString(body, "event_action") ? body.get("event_action").getAsString() : null;
        if (action != null && !actions.contains(action)) {
            errors.add("'event_action' must be one of " + actions);
        }
        if (body.has("dedup_key")) {
            if (!isString(body, "dedup_key")) {
                errors.add("'dedup_key' must be a string");
            } else if (body.get("dedup_key").getAsString().length() > 255) {
                errors.add("'dedup_key' is longer than 255 characters");
            }
        } else if (action != null && !action.equals("trigger")) {
            errors.add("'dedup_key' is required to " + action);
        }
        if ("trigger".equals(action)) {
            JsonElement p = body.get("payload");
            if (p == null || !p.isJsonObject()) {
                errors.add("'payload' is missing");
            } else {
                checkPayload(p.getAsJsonObject(), errors);
            }
        }
        checkList(body, "links", "href", errors);
        checkList(body, "images", "src", errors);
        if (!errors.isEmpty()) {
            return invalid("Event object is invalid", errors.toArray(String[]::new));
        }
        String key = body.get("routing_key").getAsString();
        Instant now = clock.instant();
        Deque<Instant> window = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!window.isEmpty() && window.peekFirst().isBefore(now.minus(Duration.ofMinutes(1)))) {
            window.removeFirst();
        }
        if (window.size() >= EVENTS_PER_MINUTE) {
            rateLimited++;
            return new String[]{"429", "{\"status\":\"throttle event\",\"message\":\"Requests for this service are "
                    + "arriving too quickly. Please retry later.\"}"};
        }
        window.addLast(now);
        String dedup = body.has("dedup_key") ? body.get("dedup_key").getAsString() : UUID.randomUUID().toString();
        events.add(new Event(body, now));
        JsonObject ok = new JsonObject();
        ok.addProperty("status", "success");
        ok.addProperty("message", "Event processed");
        ok.addProperty("dedup_key", dedup);
        return new String[]{"202", ok.toString()};
    }

    private void checkPayload(JsonObject p, List<String> errors) {
        for (String field : requiredPayload) {
            if (!isString(p, field)) {
                errors.add("'payload." + field + "' is missing or blank");
            }
        }
        if (isString(p, "summary") && p.get("summary").getAsString().length() > 1024) {
            errors.add("'payload.summary' is longer than 1024 characters");
        }
        if (isString(p, "severity") && !severities.contains(p.get("severity").getAsString())) {
            errors.add("'payload.severity' must be one of " + severities);
        }
        if (p.has("timestamp")) {
            try {
                OffsetDateTime.parse(p.get("timestamp").getAsString());
            } catch (DateTimeParseException | UnsupportedOperationException | IllegalStateException e) {
                errors.add("'payload.timestamp' is not an ISO 8601 time");
            }
        }
        if (p.has("custom_details") && !p.get("custom_details").isJsonObject()) {
            errors.add("'payload.custom_details' must be an object");
        }
    }

    private static void checkList(JsonObject body, String name, String required, List<String> errors) {
        if (!body.has(name)) {
            return;
        }
        if (!body.get(name).isJsonArray()) {
            errors.add("'" + name + "' must be a list");
            return;
        }
        for (JsonElement item : body.getAsJsonArray(name)) {
            if (!item.isJsonObject() || !isString(item.getAsJsonObject(), required)) {
                errors.add("'" + name + "[]." + required + "' is missing");
            }
        }
    }

    private static boolean isString(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() && !e.getAsString().isBlank();
    }

    private static String[] invalid(String message, String... errors) {
        JsonObject o = new JsonObject();
        o.addProperty("status", "invalid event");
        o.addProperty("message", message);
        JsonArray list = new JsonArray();
        for (String e : errors) {
            list.add(e);
        }
        o.add("errors", list);
        return new String[]{"400", o.toString()};
    }

    private static void answer(HttpExchange ex, int status, String body, Integer retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfter));
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
