package io.incidentbot.e2e;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Slack Web API on loopback, for end-to-end tests that drive the real app over HTTP.
 *
 * <p>Start one per test (or per class), point the app's {@code SLACK_API_URL} at {@link #apiUrl()},
 * and assert on the recorded {@link Call}s. Serves:
 * <ul>
 *   <li>{@code POST /api/<method>} — form-encoded, JSON or multipart bodies; every call is recorded
 *       and answered with a realistic {@code {"ok":true,...}} JSON response (see the class body
 *       for the per-method defaults), unless a response was injected with {@link #failNext} or
 *       {@link #respondNext}. {@code apps.connections.open} hands out the WebSocket URL given to
 *       {@link #useSocketMode} (see {@link FakeSocketModeServer}).</li>
 *   <li>{@code POST /upload/<fileId>} — the upload URL handed out by
 *       {@code files.getUploadURLExternal}; stores the bytes ({@link #uploadedContent}).</li>
 *   <li>{@code POST /respond/<n>} — slash command {@code response_url}s from {@link #responseUrl()};
 *       bodies are kept in {@link #responses()}.</li>
 * </ul>
 *
 * <p>Fixed identities: team {@value #TEAM_ID} ("Acme"), bot user {@value #BOT_USER_ID}, bot
 * {@value #BOT_ID}, app {@value #APP_ID}. Thread-safe: all state is guarded by one monitor.
 */
public final class FakeSlack implements AutoCloseable {

    public static final String TEAM_ID = "T0001";
    public static final String TEAM_NAME = "Acme";
    public static final String TEAM_DOMAIN = "acme";
    public static final String TEAM_URL = "https://acme.slack.com/";
    public static final String BOT_USER_ID = "UBOT";
    public static final String BOT_ID = "BBOT";
    public static final String BOT_USER_NAME = "incident-bot";
    public static final String APP_ID = "A0APP";

    /** The first fake ts handed out by chat.postMessage / chat.postEphemeral. */
    public static final long FIRST_TS_SECONDS = 1_700_000_000L;

    /**
     * One request to {@code /api/<method>}.
     *
     * @param method  e.g. {@code chat.postMessage}
     * @param params  form/JSON/multipart params (JSON: top-level only, non-strings as JSON text),
     *                plus query-string params; unmodifiable
     * @param rawBody the request body as UTF-8 text
     * @param headers request headers, looked up case-insensitively; unmodifiable
     */
    public record Call(String method, Map<String, String> params, String rawBody,
                       Map<String, List<String>> headers) {

        /** A param, or null. */
        public String param(String name) {
            return params.get(name);
        }

        /** A param parsed as JSON (e.g. {@code blocks}, {@code attachments}, {@code files}), or null. */
        public JsonElement jsonParam(String name) {
            String v = params.get(name);
            return v == null ? null : JsonParser.parseString(v);
        }

        /** The first value of a header (case-insensitive), or null. */
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The token: from {@code Authorization: Bearer ...}, else the {@code token} param, else null. */
        public String token() {
            String auth = header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return auth.substring(7).trim();
            }
            return params.get("token");
        }

        @Override
        public String toString() {
            return method + " " + abbreviate(params);
        }
    }

    private record Injected(int status, String body, Map<String, String> headers) {
    }

    private record UploadSlot(String filename, String length) {
    }

    private final Object lock = new Object();
    private final HttpServer server;
    private final ExecutorService executor;
    private final String base;

    // ---- state, guarded by lock ----
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Injected>> injected = new HashMap<>();
    private final Map<String, String> alwaysResponses = new HashMap<>();
    /** Methods held to a rate tier (see {@link #enforceTier}), and how many calls each refused with 429. */
    private final Map<String, TierWindow> tiers = new HashMap<>();
    private final Map<String, Integer> rateRefusals = new HashMap<>();
    private final Map<String, String> userNames = new HashMap<>();
    private final Map<String, String> userZones = new HashMap<>();
    private final Map<String, String[]> bots = new HashMap<>();
    private final Map<String, JsonObject> channels = new LinkedHashMap<>();
    /** Who is in each channel the fake knows (created, joined, or set by a test), for conversations.members. */
    private final Map<String, java.util.Set<String>> members = new HashMap<>();
    private final Map<String, UploadSlot> uploadSlots = new LinkedHashMap<>();
    private final Map<String, byte[]> uploads = new LinkedHashMap<>();
    private final List<String> responses = new ArrayList<>();
    private final List<String> responseTargets = new ArrayList<>();
    private int channelSeq = 1000;
    private int fileSeq = 1000;
    private int responseUrlSeq = 1;
    private long tsSeq = 0;
    /** The WebSocket URL apps.connections.open hands out (Socket Mode), or null: not set up. */
    private String socketModeUrl;
    private int socketTicketSeq = 1;

    /** Starts the server on 127.0.0.1 with an ephemeral port. */
    public FakeSlack() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start FakeSlack", e);
        }
        AtomicInteger threadSeq = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-slack-" + threadSeq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/api/} — the base URL for the Slack SDK's MethodsClient. */
    public String apiUrl() {
        return base + "/api/";
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return base;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ recorded calls

    /** The calls to one method so far, in arrival order. */
    public List<Call> calls(String method) {
        synchronized (lock) {
            return callsOf(method);
        }
    }

    /** All calls so far, in arrival order. */
    public List<Call> allCalls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    /** Waits until at least one call to {@code method} exists and returns the first one. */
    public Call awaitCall(String method, Duration timeout) {
        return awaitCalls(method, 1, timeout).get(0);
    }

    /**
     * Waits until at least {@code count} calls to {@code method} exist and returns all calls to it
     * so far (at least {@code count}, in arrival order).
     *
     * @throws AssertionError on timeout, listing every call made so far
     */
    public List<Call> awaitCalls(String method, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                List<Call> found = callsOf(method);
                if (found.size() >= count) {
                    return found;
                }
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new AssertionError("Timed out after " + timeout + " waiting for " + count
                            + " call(s) to " + method + "; got " + found.size() + ". " + describeCalls());
                }
                waitOn(remainingMs);
            }
        }
    }

    /**
     * Clears recorded calls, pending injected responses, sticky responses, uploads and
     * response-URL bodies. Keeps users, created channels and the id/ts counters (ids stay unique).
     */
    public void reset() {
        synchronized (lock) {
            calls.clear();
            injected.clear();
            alwaysResponses.clear();
            uploadSlots.clear();
            uploads.clear();
            responses.clear();
            responseTargets.clear();
        }
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Makes {@code users} the members of {@code channel} (conversations.members). Channels the bot
     * creates start with the bot alone; conversations.invite and .join add to them; a channel the
     * fake never heard of answers {@code channel_not_found}, as Slack does for one the bot cannot see.
     */
    public void setMembers(String channel, String... users) {
        synchronized (lock) {
            members.put(channel, new java.util.LinkedHashSet<>(List.of(users)));
        }
    }

    /** Takes {@code user} out of {@code channel} (e.g. they left, or were never in it). */
    public void removeMember(String channel, String user) {
        synchronized (lock) {
            java.util.Set<String> in = members.get(channel);
            if (in != null) {
                in.remove(user);
            }
        }
    }

    /** The members of {@code channel} as the fake would answer them, or an empty list for an unknown channel. */
    public List<String> members(String channel) {
        synchronized (lock) {
            return List.copyOf(members.getOrDefault(channel, java.util.Set.of()));
        }
    }

    /**
     * Turns Socket Mode on: {@code apps.connections.open} called with an app-level token ({@code xapp-…})
     * answers {@code {"ok":true,"url":"<wsUrl>?ticket=…&app_id=…"}}, a new ticket each time, as Slack does.
     * Without it (or with another kind of token) the method answers Slack's errors.
     */
    public void useSocketMode(String wsUrl) {
        synchronized (lock) {
            socketModeUrl = wsUrl;
        }
    }

    /** Registers a user for {@code users.info}. */
    public void addUser(String id, String displayName) {
        synchronized (lock) {
            userNames.put(id, displayName);
        }
    }

    /** Registers a user for {@code users.info} with a Slack time zone ({@code tz}, e.g. {@code Asia/Seoul}). */
    public void addUser(String id, String displayName, String tz) {
        synchronized (lock) {
            userNames.put(id, displayName);
            userZones.put(id, tz);
        }
    }

    private final Map<String, String> userTeams = new HashMap<>();
    private final Map<String, String> organizations = new HashMap<>();

    /**
     * A person of another organization ({@code teamId}, named {@code organization} by team.info) in a
     * channel shared with ours (Slack Connect): users.info answers with their own team_id.
     */
    public void addExternalUser(String id, String displayName, String teamId, String organization) {
        synchronized (lock) {
            userNames.put(id, displayName);
            userTeams.put(id, teamId);
            organizations.put(teamId, organization);
        }
    }

    /**
     * Registers a bot for {@code bots.info} (Bolt calls it to tell its own bot's messages from others).
     * Without registration, {@value #BOT_ID} is this app's bot (user {@value #BOT_USER_ID}) and any
     * other {@code B<x>} is answered as user {@code U<x>}.
     */
    public void addBot(String botId, String userId, String name) {
        synchronized (lock) {
            bots.put(botId, new String[]{userId, name});
        }
    }

    /**
     * The next call to {@code method} gets this HTTP status, body and headers (e.g. 429 with
     * {@code Retry-After: 1}, or 500). Applies once; several injections for a method apply in FIFO order.
     */
    public void failNext(String method, int httpStatus, String body, Map<String, String> headers) {
        synchronized (lock) {
            injected.computeIfAbsent(method, k -> new ArrayDeque<>())
                    .addLast(new Injected(httpStatus, body == null ? "" : body,
                            headers == null ? Map.of() : Map.copyOf(headers)));
        }
    }

    /**
     * Holds {@code method} to Slack's rule for its tier: at most {@code perMinute} calls in any
     * minute, else HTTP 429 with {@code Retry-After} (whole seconds, as Slack sends it) until the
     * oldest call in the window is a minute old. {@code speedUp} shortens the minute (60: a second)
     * so tests check pacing without waiting minutes.
     */
    public void enforceTier(String method, int perMinute, double speedUp) {
        synchronized (lock) {
            tiers.put(method, new TierWindow(perMinute, (long) (60e9 / speedUp)));
        }
    }

    /** How many calls to {@code method} were refused for its rate tier. */
    public int rateRefusals(String method) {
        synchronized (lock) {
            return rateRefusals.getOrDefault(method, 0);
        }
    }

    /** The calls of the last window, oldest first. */
    private static final class TierWindow {
        final int limit;
        final long windowNanos;
        final ArrayDeque<Long> calls = new ArrayDeque<>();

        TierWindow(int limit, long windowNanos) {
            this.limit = limit;
            this.windowNanos = windowNanos;
        }

        /** Null when admitted (and counted), else the seconds to wait. */
        Long admit(long now) {
            while (!calls.isEmpty() && now - calls.peekFirst() >= windowNanos) {
                calls.pollFirst();
            }
            if (calls.size() < limit) {
                calls.addLast(now);
                return null;
            }
            long waitNanos = windowNanos - (now - calls.peekFirst());
            return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        }
    }

    /** The next call to {@code method} gets HTTP 200 with this JSON (e.g. {@code {"ok":false,"error":"name_taken"}}). Once, FIFO. */
    public void respondNext(String method, String json) {
        failNext(method, 200, json, Map.of("Content-Type", "application/json; charset=utf-8"));
    }

    private String botTokenRefusal;
    private boolean outage;

    /**
     * As Slack answers a bot token it does not accept: while set, every Web API method called with a
     * bot token ({@code xoxb-…}) answers {@code {"ok":false,"error":<error>}} (e.g. {@code invalid_auth},
     * {@code token_revoked}), before any scripted answer. Null accepts the token again.
     */
    public void refuseBotToken(String error) {
        synchronized (lock) {
            botTokenRefusal = error;
        }
    }

    /** While on, every Web API call answers HTTP 503 (Slack unreachable for the bot); off ends it. */
    public void outage(boolean on) {
        synchronized (lock) {
            outage = on;
        }
    }

    /** Every later call to {@code method} (after any pending {@link #respondNext}/{@link #failNext}) gets HTTP 200 with this JSON. */
    public void respondAlways(String method, String json) {
        synchronized (lock) {
            alwaysResponses.put(method, json);
        }
    }

    // ------------------------------------------------------------------ uploads

    /** The bytes uploaded for a file id as UTF-8 text, or null if nothing was uploaded. */
    public String uploadedContent(String fileId) {
        synchronized (lock) {
            byte[] b = uploads.get(fileId);
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }
    }

    /** The raw bytes uploaded for a file id, or null. */
    public byte[] uploadedBytes(String fileId) {
        synchronized (lock) {
            byte[] b = uploads.get(fileId);
            return b == null ? null : b.clone();
        }
    }

    /** The {@code filename} given to files.getUploadURLExternal for a file id, or null. */
    public String uploadFilename(String fileId) {
        synchronized (lock) {
            UploadSlot s = uploadSlots.get(fileId);
            return s == null ? null : s.filename();
        }
    }

    /** file id → uploaded content (UTF-8), in upload order. */
    public Map<String, String> uploads() {
        synchronized (lock) {
            Map<String, String> out = new LinkedHashMap<>();
            uploads.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
            return Collections.unmodifiableMap(out);
        }
    }

    // ------------------------------------------------------------------ response_url

    /** A new unique response URL, {@code http://127.0.0.1:<port>/respond/<n>}. */
    public String responseUrl() {
        synchronized (lock) {
            return base + "/respond/" + (responseUrlSeq++);
        }
    }

    /** The raw JSON bodies POSTed to any response URL, in arrival order. */
    public List<String> responses() {
        synchronized (lock) {
            return List.copyOf(responses);
        }
    }

    /** The raw JSON bodies POSTed to one response URL, in arrival order. */
    public List<String> responsesTo(String responseUrl) {
        synchronized (lock) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < responses.size(); i++) {
                if (java.net.URI.create(responseUrl).getPath().equals(responseTargets.get(i))) {
                    out.add(responses.get(i));
                }
            }
            return out;
        }
    }

    /**
     * Waits until at least {@code count} response-URL posts arrived; returns all so far.
     *
     * @throws AssertionError on timeout, listing the responses and API calls so far
     */
    public List<String> awaitResponses(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (responses.size() < count) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new AssertionError("Timed out after " + timeout + " waiting for " + count
                            + " response_url post(s); got " + responses.size() + ": " + responses
                            + ". " + describeCalls());
                }
                waitOn(remainingMs);
            }
            return List.copyOf(responses);
        }
    }

    // ------------------------------------------------------------------ HTTP handling

    private void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/api/")) {
                handleApi(ex, path.substring("/api/".length()), body);
            } else if (path.startsWith("/upload/")) {
                handleUpload(ex, path.substring("/upload/".length()), body);
            } else if (path.startsWith("/respond/")) {
                handleRespond(ex, path, body);
            } else {
                send(ex, 404, "{\"ok\":false,\"error\":\"unknown_path\"}", Map.of());
            }
        } catch (RuntimeException e) {
            // Never let an exception kill the exchange silently: answer 500 (if still possible).
            try {
                send(ex, 500, "{\"ok\":false,\"error\":\"fake_slack_error\",\"detail\":"
                        + new JsonPrimitive(String.valueOf(e)) + "}", Map.of());
            } catch (IOException | RuntimeException ignored) {
                // response already started
            }
        } finally {
            ex.close();
        }
    }

    private void handleApi(HttpExchange ex, String method, byte[] bodyBytes) throws IOException {
        String rawBody = new String(bodyBytes, StandardCharsets.UTF_8);
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        Map<String, String> params = new LinkedHashMap<>();
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            params.putAll(parseForm(query));
        }
        try {
            params.putAll(parseParams(contentType, bodyBytes, rawBody));
        } catch (RuntimeException malformed) {
            // record the call anyway (rawBody shows what arrived); params stay as parsed so far
        }

        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        Call call = new Call(method, Collections.unmodifiableMap(params), rawBody,
                Collections.unmodifiableMap(headers));

        Injected reply;
        synchronized (lock) {
            calls.add(call);
            String token = call.token();
            boolean refused = botTokenRefusal != null && token != null && token.startsWith("xoxb-");
            TierWindow tier = outage || refused ? null : tiers.get(method);
            Long retryAfter = tier == null ? null : tier.admit(System.nanoTime());
            Deque<Injected> queue = outage || refused || retryAfter != null ? null : injected.get(method);
            Injected next = queue == null ? null : queue.pollFirst();
            if (outage) {
                reply = new Injected(503, "<html>503 Service Unavailable</html>", Map.of("Content-Type", "text/html"));
            } else if (refused) {
                reply = new Injected(200, "{\"ok\":false,\"error\":\"" + botTokenRefusal + "\"}", Map.of());
            } else if (retryAfter != null) {
                rateRefusals.merge(method, 1, Integer::sum);
                reply = new Injected(429, "{\"ok\":false,\"error\":\"ratelimited\"}",
                        Map.of("Retry-After", Long.toString(retryAfter), "Content-Type", "application/json"));
            } else if (next != null) {
                reply = next;
            } else if (alwaysResponses.containsKey(method)) {
                reply = new Injected(200, alwaysResponses.get(method), Map.of());
            } else if (method.equals("apps.connections.open")) {
                reply = new Injected(200, connectionsOpen(call.token()).toString(), Map.of());
            } else {
                String scripted = scriptedAnswer(call);
                reply = new Injected(200, scripted != null ? scripted
                        : defaultResponse(method, params).toString(), Map.of());
            }
            lock.notifyAll();
        }
        send(ex, reply.status(), reply.body(), reply.headers());
    }

    private void handleUpload(HttpExchange ex, String fileId, byte[] body) throws IOException {
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        byte[] content = body;
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            List<Part> parts = parseMultipart(contentType, body);
            Part file = parts.stream().filter(p -> p.filename() != null).findFirst()
                    .orElse(parts.isEmpty() ? null : parts.get(0));
            if (file != null) {
                content = file.content();
            }
        }
        synchronized (lock) {
            uploads.put(fileId, content);
            lock.notifyAll();
        }
        sendText(ex, 200, "OK - " + content.length);
    }

    private void handleRespond(HttpExchange ex, String path, byte[] body) throws IOException {
        synchronized (lock) {
            responses.add(new String(body, StandardCharsets.UTF_8));
            responseTargets.add(path);
            lock.notifyAll();
        }
        sendText(ex, 200, "ok");
    }

    private static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        boolean hasType = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Content-Type"));
        if (!hasType) {
            String trimmed = body.trim();
            ex.getResponseHeaders().set("Content-Type",
                    trimmed.startsWith("{") || trimmed.startsWith("[")
                            ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        }
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        send(ex, status, text, Map.of("Content-Type", "text/plain; charset=utf-8"));
    }

    // ------------------------------------------------------------------ default responses

    /** Called with the lock held. */
    private JsonObject defaultResponse(String method, Map<String, String> p) {
        JsonObject r = new JsonObject();
        r.addProperty("ok", true);
        switch (method) {
            case "auth.test" -> {
                r.addProperty("url", TEAM_URL);
                r.addProperty("team", TEAM_NAME);
                r.addProperty("user", BOT_USER_NAME);
                r.addProperty("team_id", TEAM_ID);
                r.addProperty("user_id", BOT_USER_ID);
                r.addProperty("bot_id", BOT_ID);
                r.addProperty("is_enterprise_install", false);
            }
            case "conversations.create" -> {
                String id = "C" + (channelSeq++);
                JsonObject ch = new JsonObject();
                ch.addProperty("id", id);
                ch.addProperty("name", p.getOrDefault("name", ""));
                ch.addProperty("name_normalized", p.getOrDefault("name", ""));
                ch.addProperty("is_channel", true);
                ch.addProperty("is_group", false);
                ch.addProperty("is_im", false);
                // the Java SDK sends booleans as 1/0 in forms, JSON bodies carry true/false
                String isPrivate = p.getOrDefault("is_private", "");
                ch.addProperty("is_private", isPrivate.equals("true") || isPrivate.equals("1"));
                ch.addProperty("is_archived", false);
                ch.addProperty("is_general", false);
                ch.addProperty("is_member", true);
                ch.addProperty("created", System.currentTimeMillis() / 1000);
                ch.addProperty("creator", BOT_USER_ID);
                ch.addProperty("context_team_id", TEAM_ID);
                ch.add("topic", topicObject(""));
                ch.add("purpose", topicObject(""));
                channels.put(id, ch);
                members.put(id, new java.util.LinkedHashSet<>(List.of(BOT_USER_ID)));
                r.add("channel", ch.deepCopy());
            }
            case "conversations.members" -> {
                java.util.Set<String> in = members.get(p.getOrDefault("channel", ""));
                if (in == null) {
                    r.addProperty("ok", false);
                    r.addProperty("error", "channel_not_found");
                } else {
                    JsonArray list = new JsonArray();
                    in.forEach(list::add);
                    r.add("members", list);
                    JsonObject meta = new JsonObject();
                    meta.addProperty("next_cursor", "");
                    r.add("response_metadata", meta);
                }
            }
            case "conversations.invite", "conversations.info", "conversations.join" -> {
                String channel = p.get("channel");
                if (channel != null && method.equals("conversations.invite") && p.get("users") != null) {
                    members.computeIfAbsent(channel, k -> new java.util.LinkedHashSet<>())
                            .addAll(List.of(p.get("users").split(",")));
                } else if (channel != null && method.equals("conversations.join")) {
                    members.computeIfAbsent(channel, k -> new java.util.LinkedHashSet<>()).add(BOT_USER_ID);
                }
                r.add("channel", channelObject(channel));
            }
            case "conversations.rename" -> {
                JsonObject ch = channelObject(p.get("channel"));
                if (p.get("name") != null) {
                    ch.addProperty("name", p.get("name"));
                    ch.addProperty("name_normalized", p.get("name"));
                    JsonObject known = channels.get(p.get("channel"));
                    if (known != null) {
                        known.addProperty("name", p.get("name"));
                        known.addProperty("name_normalized", p.get("name"));
                    }
                }
                r.add("channel", ch);
            }
            case "chat.postMessage" -> {
                String ts = nextTs();
                r.addProperty("channel", p.get("channel"));
                r.addProperty("ts", ts);
                r.add("message", botMessage(p, ts));
            }
            case "chat.update" -> {
                r.addProperty("channel", p.get("channel"));
                r.addProperty("ts", p.get("ts"));
                r.addProperty("text", p.getOrDefault("text", ""));
                r.add("message", botMessage(p, p.get("ts")));
            }
            case "chat.postEphemeral" -> r.addProperty("message_ts", nextTs());
            case "chat.getPermalink" -> {
                String channel = p.getOrDefault("channel", "");
                String ts = p.getOrDefault("message_ts", "");
                r.addProperty("channel", channel);
                r.addProperty("permalink", TEAM_URL + "archives/" + channel + "/p" + ts.replace(".", ""));
            }
            case "users.info" -> r.add("user", userObject(p.getOrDefault("user", "")));
            case "team.info" -> {
                String team = p.getOrDefault("team", TEAM_ID);
                String name = team.equals(TEAM_ID) ? TEAM_NAME : organizations.get(team);
                if (name == null) {
                    r.addProperty("ok", false);
                    r.addProperty("error", "team_not_found");
                } else {
                    JsonObject t = new JsonObject();
                    t.addProperty("id", team);
                    t.addProperty("name", name);
                    t.addProperty("domain", name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
                    r.add("team", t);
                }
            }
            case "bots.info" -> r.add("bot", botObject(p.getOrDefault("bot", "")));
            case "files.getUploadURLExternal" -> {
                String fileId = "F" + (fileSeq++);
                uploadSlots.put(fileId, new UploadSlot(p.get("filename"), p.get("length")));
                r.addProperty("upload_url", base + "/upload/" + fileId);
                r.addProperty("file_id", fileId);
            }
            case "files.completeUploadExternal" -> {
                JsonArray files = new JsonArray();
                String filesParam = p.get("files");
                if (filesParam != null) {
                    try {
                        for (JsonElement e : JsonParser.parseString(filesParam).getAsJsonArray()) {
                            files.add(fileObject(e.getAsJsonObject()));
                        }
                    } catch (RuntimeException ignored) {
                        // malformed files param: answer with an empty list
                    }
                }
                r.add("files", files);
            }
            case "files.info" -> {
                JsonObject f = new JsonObject();
                f.addProperty("id", p.getOrDefault("file", ""));
                r.add("file", fileObject(f));
            }
            default -> {
                // {"ok":true}
            }
        }
        return r;
    }

    /** Called with the lock held: Slack's answer to apps.connections.open for {@code token}. */
    private JsonObject connectionsOpen(String token) {
        JsonObject r = new JsonObject();
        if (token == null || token.isBlank()) {
            r.addProperty("ok", false);
            r.addProperty("error", "not_authed");
        } else if (!token.startsWith("xapp-")) {
            r.addProperty("ok", false);
            r.addProperty("error", "not_allowed_token_type");
        } else if (socketModeUrl == null) {
            r.addProperty("ok", false);
            r.addProperty("error", "invalid_auth");
        } else {
            r.addProperty("ok", true);
            r.addProperty("url", socketModeUrl + "?ticket=" + UUID.randomUUID() + "-" + (socketTicketSeq++)
                    + "&app_id=" + APP_ID);
        }
        return r;
    }

    private JsonObject botMessage(Map<String, String> p, String ts) {
        JsonObject m = new JsonObject();
        m.addProperty("type", "message");
        m.addProperty("user", BOT_USER_ID);
        m.addProperty("bot_id", BOT_ID);
        m.addProperty("app_id", APP_ID);
        m.addProperty("team", TEAM_ID);
        m.addProperty("text", p.getOrDefault("text", ""));
        m.addProperty("ts", ts);
        if (p.get("thread_ts") != null) {
            m.addProperty("thread_ts", p.get("thread_ts"));
        }
        if (p.get("blocks") != null) {
            try {
                JsonElement blocks = JsonParser.parseString(p.get("blocks"));
                if (blocks.isJsonArray()) {
                    m.add("blocks", blocks);
                }
            } catch (RuntimeException ignored) {
                // not JSON: leave blocks out of the echo
            }
        }
        return m;
    }

    private JsonObject channelObject(String id) {
        JsonObject known = id == null ? null : channels.get(id);
        if (known != null) {
            return known.deepCopy();
        }
        JsonObject ch = new JsonObject();
        String cid = id == null ? "" : id;
        ch.addProperty("id", cid);
        ch.addProperty("name", "channel-" + cid.toLowerCase(Locale.ROOT));
        ch.addProperty("is_channel", true);
        ch.addProperty("is_private", false);
        ch.addProperty("is_archived", false);
        ch.addProperty("is_member", true);
        ch.addProperty("created", FIRST_TS_SECONDS);
        ch.addProperty("creator", BOT_USER_ID);
        return ch;
    }

    private static JsonObject topicObject(String value) {
        JsonObject t = new JsonObject();
        t.addProperty("value", value);
        t.addProperty("creator", "");
        t.addProperty("last_set", 0);
        return t;
    }

    private JsonObject userObject(String id) {
        String display = userNames.getOrDefault(id, ("user-" + id).toLowerCase(Locale.ROOT));
        JsonObject u = new JsonObject();
        u.addProperty("id", id);
        u.addProperty("team_id", userTeams.getOrDefault(id, TEAM_ID));
        u.addProperty("name", display.toLowerCase(Locale.ROOT));
        u.addProperty("deleted", false);
        u.addProperty("real_name", display);
        u.addProperty("tz", userZones.getOrDefault(id, "UTC"));
        u.addProperty("tz_label", "Coordinated Universal Time");
        u.addProperty("tz_offset", 0);
        u.addProperty("is_admin", false);
        u.addProperty("is_owner", false);
        u.addProperty("is_bot", false);
        u.addProperty("is_app_user", false);
        u.addProperty("updated", FIRST_TS_SECONDS);
        JsonObject profile = new JsonObject();
        profile.addProperty("display_name", display);
        profile.addProperty("display_name_normalized", display);
        profile.addProperty("real_name", display);
        profile.addProperty("real_name_normalized", display);
        profile.addProperty("team", userTeams.getOrDefault(id, TEAM_ID));
        u.add("profile", profile);
        return u;
    }

    private JsonObject botObject(String botId) {
        String[] known = bots.get(botId);
        boolean self = BOT_ID.equals(botId);
        String rest = botId.startsWith("B") ? botId.substring(1) : botId;
        JsonObject b = new JsonObject();
        b.addProperty("id", botId);
        b.addProperty("deleted", false);
        b.addProperty("name", known != null ? known[1] : self ? BOT_USER_NAME : "bot-" + rest.toLowerCase(Locale.ROOT));
        b.addProperty("updated", FIRST_TS_SECONDS);
        b.addProperty("app_id", self ? APP_ID : "A" + rest);
        b.addProperty("user_id", known != null ? known[0] : self ? BOT_USER_ID : "U" + rest);
        JsonObject icons = new JsonObject();
        icons.addProperty("image_36", "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png");
        icons.addProperty("image_48", "https://a.slack-edge.com/80588/img/plugins/app/bot_48.png");
        icons.addProperty("image_72", "https://a.slack-edge.com/80588/img/plugins/app/service_72.png");
        b.add("icons", icons);
        return b;
    }

    private JsonObject fileObject(JsonObject given) {
        String id = given.has("id") ? given.get("id").getAsString() : "";
        UploadSlot slot = uploadSlots.get(id);
        String filename = slot != null && slot.filename() != null ? slot.filename() : "file";
        JsonObject f = new JsonObject();
        f.addProperty("id", id);
        f.addProperty("created", System.currentTimeMillis() / 1000);
        f.addProperty("timestamp", System.currentTimeMillis() / 1000);
        f.addProperty("name", filename);
        f.addProperty("title", given.has("title") && !given.get("title").isJsonNull()
                ? given.get("title").getAsString() : filename);
        f.addProperty("mimetype", "text/plain");
        f.addProperty("filetype", "text");
        f.addProperty("user", BOT_USER_ID);
        byte[] content = uploads.get(id);
        if (content != null) {
            f.addProperty("size", content.length);
        } else if (slot != null && slot.length() != null) {
            try {
                f.addProperty("size", Long.parseLong(slot.length()));
            } catch (NumberFormatException ignored) {
                // leave size out
            }
        }
        f.addProperty("url_private", TEAM_URL + "files/" + BOT_USER_ID + "/" + id + "/" + filename);
        f.addProperty("permalink", TEAM_URL + "files/" + BOT_USER_ID + "/" + id + "/" + filename);
        return f;
    }

    /** Called with the lock held: 1700000000.000100, 1700000000.000200, ... */
    private String nextTs() {
        long micros = (++tsSeq) * 100;
        return String.format(Locale.ROOT, "%d.%06d", FIRST_TS_SECONDS + micros / 1_000_000, micros % 1_000_000);
    }

    // ------------------------------------------------------------------ parsing

    private static Map<String, String> parseParams(String contentType, byte[] bodyBytes, String rawBody) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String trimmed = rawBody.trim();
        if (ct.startsWith("multipart/")) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Part part : parseMultipart(contentType, bodyBytes)) {
                if (part.name() != null && part.filename() == null) {
                    out.put(part.name(), new String(part.content(), StandardCharsets.UTF_8));
                }
            }
            return out;
        }
        if (ct.contains("json") || (!ct.contains("form") && trimmed.startsWith("{"))) {
            Map<String, String> out = new LinkedHashMap<>();
            if (trimmed.isEmpty()) {
                return out;
            }
            JsonElement root = JsonParser.parseString(trimmed);
            if (root.isJsonObject()) {
                for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
                    JsonElement v = e.getValue();
                    out.put(e.getKey(), v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()
                            ? v.getAsString() : GSON.toJson(v));
                }
            }
            return out;
        }
        return parseForm(rawBody);
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** Parses {@code a=1&b=x%20y}; for repeated names the last value wins. */
    static Map<String, String> parseForm(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return out;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    record Part(String name, String filename, Map<String, String> headers, byte[] content) {
    }

    /** Minimal multipart/form-data parser (RFC 7578). */
    static List<Part> parseMultipart(String contentType, byte[] body) {
        String boundary = null;
        for (String piece : contentType.split(";")) {
            String s = piece.trim();
            if (s.regionMatches(true, 0, "boundary=", 0, 9)) {
                boundary = s.substring(9).trim();
                if (boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
                    boundary = boundary.substring(1, boundary.length() - 1);
                }
            }
        }
        List<Part> parts = new ArrayList<>();
        if (boundary == null) {
            return parts;
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] crlfcrlf = {'\r', '\n', '\r', '\n'};
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // closing delimiter
            }
            // skip the line break after the delimiter
            if (start + 1 < body.length && body[start] == '\r' && body[start + 1] == '\n') {
                start += 2;
            } else if (start < body.length && body[start] == '\n') {
                start += 1;
            }
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                break;
            }
            int headerEnd = indexOf(body, crlfcrlf, start);
            int contentStart;
            if (headerEnd < 0 || headerEnd > next) {
                headerEnd = indexOf(body, new byte[]{'\n', '\n'}, start);
                if (headerEnd < 0 || headerEnd > next) {
                    pos = next;
                    continue;
                }
                contentStart = headerEnd + 2;
            } else {
                contentStart = headerEnd + 4;
            }
            int contentEnd = next;
            if (contentEnd >= 2 && body[contentEnd - 2] == '\r' && body[contentEnd - 1] == '\n') {
                contentEnd -= 2;
            } else if (contentEnd >= 1 && body[contentEnd - 1] == '\n') {
                contentEnd -= 1;
            }
            contentEnd = Math.max(contentEnd, contentStart);
            String headerText = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line : headerText.split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            String disposition = headers.getOrDefault("Content-Disposition", "");
            byte[] content = new byte[contentEnd - contentStart];
            System.arraycopy(body, contentStart, content, 0, content.length);
            parts.add(new Part(dispositionParam(disposition, "name"), dispositionParam(disposition, "filename"),
                    headers, content));
            pos = next;
        }
        return parts;
    }

    private static String dispositionParam(String disposition, String name) {
        for (String piece : disposition.split(";")) {
            String s = piece.trim();
            int eq = s.indexOf('=');
            if (eq > 0 && s.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = s.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ scripted answers
    // Answers computed from the call (e.g. Sign in with Slack's codes and tokens, channel members; see
    // SlackSignInFake). Kept apart from the per-method defaults above.

    private final Map<String, java.util.function.Function<Call, String>> answerers = new HashMap<>();

    /**
     * Every later call to {@code method} (unless a {@link #respondNext}/{@link #failNext}/{@link #respondAlways}
     * response applies) is answered with the JSON {@code answerer} returns for it; null falls back to the
     * default answer. The answerer runs with the fake's lock held: it must not block.
     */
    public void answerWith(String method, java.util.function.Function<Call, String> answerer) {
        synchronized (lock) {
            answerers.put(method, answerer);
        }
    }

    /** Called with the lock held. */
    private String scriptedAnswer(Call call) {
        java.util.function.Function<Call, String> answerer = answerers.get(call.method());
        return answerer == null ? null : answerer.apply(call);
    }

    // ------------------------------------------------------------------ helpers

    /** Called with the lock held. */
    private List<Call> callsOf(String method) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.method().equals(method)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Called with the lock held. */
    private void waitOn(long ms) {
        try {
            lock.wait(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    /** Called with the lock held. */
    private String describeCalls() {
        if (calls.isEmpty()) {
            return "No Slack API calls were made.";
        }
        StringBuilder sb = new StringBuilder("Slack API calls so far (" + calls.size() + "):");
        for (int i = 0; i < calls.size(); i++) {
            sb.append("\n  ").append(i + 1).append(". ").append(calls.get(i));
        }
        return sb.toString();
    }

    private static String abbreviate(Map<String, String> params) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            String v = e.getKey().equals("token") ? "***" : e.getValue();
            if (v != null && v.length() > 300) {
                v = v.substring(0, 300) + "…(" + v.length() + " chars)";
            }
            sb.append(e.getKey()).append('=').append(v);
        }
        return sb.append('}').toString();
    }
}
