package io.incidentbot.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.incidentbot.testing.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: whatever arrives at {@code POST /slack/events} — malformed JSON or form bodies, unknown
 * event types, missing or mistyped fields, huge, binary, RTL, zero-width, 4-byte or lone-surrogate
 * text, wrong content types, bad signatures — gets a 2xx or 4xx answer, never a 5xx and never a
 * stuck thread; the app stays healthy; and a rejected request (4xx) changes nothing in the
 * database. A few thousand generated requests, sequential so each one's effect on the database is
 * its own ({@code PRAGMA data_version} from a second connection shows any commit).
 *
 * <p>Reproducible: the seed is printed; run again with {@code -Dfuzz.seed=<seed>}. The generators
 * leave out only requests that legitimately start background writes (declaring or resolving an
 * incident), so that "unchanged" can be checked per request.
 */
class FuzzTest {
    @BeforeAll
    static void sqliteOnly() {
        Assumptions.assumeFalse(TestDatabases.onPostgres(), "\"unchanged\" is read from SQLite's PRAGMA data_version; runs in the default pass");
    }

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 3000);
    /** A loaded machine sends fewer requests, never fewer than 500. */
    private static final Duration BUDGET = Duration.ofSeconds(20);
    private static final String ALICE = "U0ALICE";

    @TempDir
    Path dir;
    RunningBot bot;
    Random random;
    String incidentChannel;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    enum Sign { GOOD, WRONG, STALE, FUTURE, NO_TIMESTAMP, NO_SIGNATURE, OTHER_BODY }

    record Req(String label, byte[] body, String contentType, Sign sign, Map<String, String> headers) {
    }

    @Test
    void thousandsOfHostilePayloadsNeverBreakTheApp() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzTest seed: " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        random = new Random(seed);
        try (RunningBot running = new RunningBot(dir);
             Connection observer = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("incidents.db"))) {
            bot = running;
            incidentChannel = bot.openIncident(ALICE, "Fuzzing target");
            OutboxTest.awaitOutbox(bot.baseUrl(), 0, 0);

            Map<String, Integer> byStatus = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            long deadline = System.nanoTime() + BUDGET.toNanos();
            int sent = 0;
            int acceptedChanges = 0;
            while (sent < REQUESTS && (System.nanoTime() < deadline || sent < 500)) {
                Req req = next();
                // what an accepted request queued (Slack posts, a draft) is written in the background:
                // let it settle, so that a change seen below is this request's own
                boolean settled = bot.outboxDoneWithin(Duration.ofSeconds(5));
                long before = dataVersion(observer);
                HttpResponse<String> r;
                try {
                    r = send(req);
                } catch (java.io.IOException e) {
                    if (req.body().length > io.incidentbot.http.HttpServer.MAX_BODY_BYTES) {
                        // refused unread: the 413 may be lost when the connection closes mid-upload; fine, if nothing changed
                        sent++;
                        byStatus.merge("refused unread (over 1 MB)", 1, Integer::sum);
                        if (dataVersion(observer) != before) {
                            failures.add(req.label() + ": an oversized body changed the database");
                        }
                        continue;
                    }
                    failures.add(req.label() + ": no answer (" + e + ")");
                    break;
                }
                sent++;
                int status = r.statusCode();
                byStatus.merge(status / 100 + "xx " + status, 1, Integer::sum);
                boolean changed = dataVersion(observer) != before;
                acceptedChanges += status < 300 && changed ? 1 : 0;
                if (status >= 500) {
                    failures.add(req.label() + " → " + status + " " + clip(r.body()) + "\n    body: " + clip(text(req.body())));
                } else if (req.sign() != Sign.GOOD && status != 401 && status != 413) {
                    failures.add(req.label() + " with a " + req.sign() + " signature → " + status + " (expected 401, "
                            + "or 413 for a body over 1 MB)");
                } else if (status >= 400 && changed && settled) {
                    failures.add(req.label() + " → " + status + " but the database changed\n    body: " + clip(text(req.body())));
                }
                if (failures.size() >= 10) {
                    break;
                }
            }
            System.out.println("FuzzTest: " + sent + " requests, answers " + byStatus);
            assertEquals(List.of(), failures, "seed " + seed);
            assertTrue(sent >= 500, "only " + sent + " requests were sent");
            // the observer does see commits (so "unchanged" above means something): accepted messages were stored
            assertTrue(acceptedChanges > 0, "no accepted request changed the database");

            // still healthy, and still doing its job
            assertEquals(200, bot.get("/health").statusCode());
            String ts = SlackRequests.newTs();
            assertEquals(200, bot.event(SlackRequests.message(incidentChannel, ALICE, ts, "still recording")).statusCode());
            assertEquals(List.of("still recording"), bot.query("SELECT text FROM timeline_entry WHERE ts = '" + ts + "'"));
        }
    }

    // ------------------------------------------------------------------ sending

    private HttpResponse<String> send(Req req) throws Exception {
        long now = Instant.now().getEpochSecond();
        long ts = switch (req.sign()) {
            case STALE -> now - 301 - random.nextInt(100_000);
            case FUTURE -> now + 330 + random.nextInt(100_000);
            default -> now;
        };
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(bot.slack.eventsUrl()))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(req.body()));
        if (req.contentType() != null) {
            rb.header("Content-Type", req.contentType());
        }
        if (req.sign() != Sign.NO_TIMESTAMP) {
            rb.header("X-Slack-Request-Timestamp", Long.toString(ts));
        }
        String signature = switch (req.sign()) {
            case WRONG -> "v0=" + HexFormat.of().formatHex(randomBytes(32));
            case OTHER_BODY -> sign(ts, "token=x&" + text(req.body()).hashCode());
            default -> sign(ts, req.body());
        };
        if (req.sign() != Sign.NO_SIGNATURE) {
            rb.header("X-Slack-Signature", signature);
        }
        req.headers().forEach(rb::header);
        // an oversized body is refused unread and its connection closed: keep it off the shared pool
        HttpClient client = req.body().length > io.incidentbot.http.HttpServer.MAX_BODY_BYTES
                ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build() : http;
        return client.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String sign(long ts, String body) {
        return sign(ts, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(long ts, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(RunningBot.SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long dataVersion(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA data_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ------------------------------------------------------------------ generators

    private Req next() {
        int pick = random.nextInt(100);
        Req req;
        if (pick < 35) {
            req = eventCallback();
        } else if (pick < 55) {
            req = slashCommand();
        } else if (pick < 70) {
            req = interactivity();
        } else if (pick < 85) {
            req = malformed();
        } else {
            req = otherShapes();
        }
        int signing = random.nextInt(100);
        if (signing < 88) {
            return req;
        }
        Sign[] bad = {Sign.WRONG, Sign.STALE, Sign.FUTURE, Sign.NO_TIMESTAMP, Sign.NO_SIGNATURE, Sign.OTHER_BODY};
        // a badly signed request may well be a perfectly good one: it must still change nothing
        Req target = random.nextBoolean() ? req : declare();
        return new Req(target.label(), target.body(), target.contentType(), bad[random.nextInt(bad.length)], target.headers());
    }

    /** A real "declare an incident" request: fine when well signed, so only ever sent badly signed. */
    private Req declare() {
        var f = SlackRequests.slashCommandFields(FakeSlack.TEAM_ID, "C0GENERAL", ALICE, "open Forged " + random.nextInt(),
                bot.fake.responseUrl());
        return form("forged open", SlackRequests.formEncode(f));
    }

    private Req eventCallback() {
        String channel = random.nextInt(3) > 0 ? incidentChannel : "C" + random.nextInt(1000);
        String ts = random.nextInt(10) == 0 ? garbageString() : SlackRequests.newTs();
        JsonObject event = switch (random.nextInt(9)) {
            case 0 -> SlackRequests.message(channel, ALICE, ts, hostileText());
            case 1 -> SlackRequests.threadReply(channel, ALICE, ts, SlackRequests.newTs(), hostileText());
            case 2 -> SlackRequests.messageChanged(channel, ALICE, SlackRequests.newTs(), hostileText(), hostileText(), ts);
            case 3 -> SlackRequests.messageDeleted(channel, ALICE, ts, SlackRequests.newTs(), hostileText());
            case 4 -> SlackRequests.reactionAdded(channel, ALICE, random.nextBoolean() ? "pushpin" : garbageString(), ts);
            case 5 -> SlackRequests.reactionRemoved(channel, ALICE, "pushpin", ts);
            case 6 -> SlackRequests.pinAdded(channel, ALICE, ts);
            case 7 -> SlackRequests.botMessage(channel, "B0" + random.nextInt(100), hostileText(), ts, hostileText());
            default -> {
                JsonObject unknown = new JsonObject();
                unknown.addProperty("type", pickOne("app_mention", "channel_rename", "member_joined_channel",
                        "tokens_revoked", "app_uninstalled", "", "message.im", garbageString()));
                unknown.addProperty("channel", channel);
                unknown.add("user", randomValue(1));
                yield unknown;
            }
        };
        if (random.nextInt(4) == 0) {
            event.addProperty("subtype", pickOne("channel_join", "channel_topic", "bot_message", "message_replied",
                    "tombstone", "file_share", "me_message", "thread_broadcast", "ekm_access_denied", garbageString()));
        }
        JsonObject envelope = SlackRequests.envelope(event, random.nextInt(10) == 0 ? garbageString() : SlackRequests.newEventId());
        mutate(envelope, random.nextInt(3) == 0 ? 0.15 : 0.02, 0);
        if (random.nextInt(10) == 0) {
            envelope.addProperty("type", pickOne("url_verification", "app_rate_limited", "", garbageString()));
        }
        String json = envelope.toString();
        if (random.nextInt(8) == 0) {
            json = escapeLoneSurrogates(json);
        }
        String contentType = random.nextInt(12) == 0
                ? pickOne("text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", null)
                : "application/json";
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextInt(5) == 0) {
            headers.put("X-Slack-Retry-Num", pickOne("1", "2", "3", "-1", "999999999999", "x"));
            headers.put("X-Slack-Retry-Reason", pickOne("http_timeout", "http_error", garbageAscii()));
        }
        return new Req("event " + event.get("type"), json.getBytes(StandardCharsets.UTF_8), contentType, Sign.GOOD, headers);
    }

    private Req slashCommand() {
        String channel = random.nextInt(3) > 0 ? incidentChannel : pickOne("C0GENERAL", "D0DM", "", garbageString());
        String sub = pickOne("note", "update", "set summary", "set impact", "set rootcause", "action", "done", "severity",
                "status", "role lead", "role comms", "started", "detected", "mitigated", "help", "list", "actions",
                "customer-note", "reopen", "", garbageString());
        String text = sub + " " + (random.nextInt(4) == 0 ? garbageString() : hostileText());
        if (text.matches("(?is)\\s*(open|resolve|postmortem|status\\s+resolved).*")) {
            text = "help";
        }
        LinkedHashMap<String, String> fields = SlackRequests.slashCommandFields(FakeSlack.TEAM_ID, channel, ALICE, text,
                bot.fake.responseUrl());
        for (String key : new ArrayList<>(fields.keySet())) {
            int roll = random.nextInt(40);
            if (roll == 0) {
                fields.remove(key);
            } else if (roll == 1) {
                fields.put(key, garbageString());
            }
        }
        if (random.nextInt(6) == 0) {
            fields.put("command", pickOne("/incident", "/other", "", "incident", garbageString()));
        }
        String body = SlackRequests.formEncode(fields);
        if (random.nextInt(10) == 0) {
            body = body + pickOne("&%", "&text=%zz", "&=&&==", "&text=%ED%A0%80", "&user_id=%00", "%");
        }
        return form("command " + clip(text), body);
    }

    private Req interactivity() {
        String shape = pickOne("BlockActionPayload.json", "ViewSubmissionPayload.json", "ViewClosedPayload.json",
                "MessageShortcutPayload.json", "SlashCommandPayload.json");
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("channel", random.nextBoolean() ? incidentChannel : "C0GENERAL");
        JsonObject payload = SlackRequests.fillShape("interactivity/" + shape, overrides);
        setIfObject(payload, "team", "id", FakeSlack.TEAM_ID);
        switch (shape) {
            case "BlockActionPayload.json" -> {
                JsonArray actions = payload.has("actions") && payload.get("actions").isJsonArray()
                        ? payload.getAsJsonArray("actions") : new JsonArray();
                for (JsonElement a : actions) {
                    if (a.isJsonObject()) {
                        a.getAsJsonObject().addProperty("action_id", pickOne("incident_severity", "incident_statu",
                                "unknown_action", garbageString()));
                        JsonObject selected = new JsonObject();
                        selected.addProperty("value", garbageString());
                        a.getAsJsonObject().add("selected_option", selected);
                    }
                }
            }
            case "ViewSubmissionPayload.json", "ViewClosedPayload.json" -> {
                if (payload.has("view") && payload.get("view").isJsonObject()) {
                    payload.getAsJsonObject("view").addProperty("callback_id",
                            pickOne("add_to_timeline_submit", "something_else", garbageString()));
                    payload.getAsJsonObject("view").addProperty("private_metadata", garbageString());
                }
            }
            case "MessageShortcutPayload.json" -> payload.addProperty("callback_id",
                    pickOne("add_to_timeline", "other_shortcut", garbageString()));
            default -> {
            }
        }
        mutate(payload, random.nextInt(3) == 0 ? 0.2 : 0.03, 0);
        String json = payload.toString();
        if (random.nextInt(8) == 0) {
            json = escapeLoneSurrogates(json);
        }
        String body = random.nextInt(15) == 0 ? "payload=" + json // not URL-encoded
                : "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
        return form("interactivity " + shape, body);
    }

    private Req malformed() {
        String contentType = pickOne("application/json", "application/x-www-form-urlencoded", "text/plain", null,
                "application/json; charset=latin1", "application/octet-stream");
        byte[] body = switch (random.nextInt(12)) {
            case 0 -> new byte[0];
            case 1 -> randomBytes(random.nextInt(2000));
            case 2 -> "{\"type\":\"event_callback\",\"event\":{\"type\":\"message\"".getBytes(StandardCharsets.UTF_8);
            case 3 -> ("[".repeat(1 + random.nextInt(5000)) + "]".repeat(random.nextInt(5000)))
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"event\":" + "{\"event\":".repeat(random.nextInt(3000)) + "{}").getBytes(StandardCharsets.UTF_8);
            case 5 -> pickOne("null", "true", "[]", "\"x\"", "1e999999", "{}", "{\"type\":null}",
                    "{\"type\":\"event_callback\"}", "{\"type\":\"event_callback\",\"event\":[]}",
                    "{\"type\":\"event_callback\",\"event\":\"x\"}", "{\"type\":\"event_callback\",\"event\":{}}",
                    "{\"type\":\"block_actions\"}", "{\"payload\":1}").getBytes(StandardCharsets.UTF_8);
            case 6 -> ("payload=" + pickOne("", "{", "null", "[]", "%7B%22type%22%3A%22block_actions%22%7D", "%ZZ",
                    "{\"type\":\"view_submission\"}", "{\"type\":\"shortcut\",\"callback_id\":null}"))
                    .getBytes(StandardCharsets.UTF_8);
            case 7 -> ("command=/incident&text=" + garbageAscii() + "&" + garbageAscii()).getBytes(StandardCharsets.UTF_8);
            case 8 -> new byte[]{(byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF, '{', '}'};
            case 9 -> ("{\"token\":\"x\",\"challenge\":" + randomValue(2) + ",\"type\":\"url_verification\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 10 -> ("{\"type\":\"event_callback\",\"event\":{\"type\":\"message\",\"channel\":\"" + incidentChannel
                    + "\",\"text\":\"\\ud800\\udbff x \\udfff\",\"ts\":\"" + SlackRequests.newTs() + "\",\"user\":\"U1\"},"
                    + "\"team_id\":\"" + FakeSlack.TEAM_ID + "\",\"event_id\":\"" + SlackRequests.newEventId() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            default -> hugeBody();
        };
        return new Req("malformed body", body, contentType, Sign.GOOD, Map.of());
    }

    /** Bodies near and over the 1 MB limit: rarely, they take time to send. */
    private byte[] hugeBody() {
        int size = random.nextInt(10) == 0 ? 1024 * 1024 + 1 + random.nextInt(1000) : 10_000 + random.nextInt(200_000);
        String text = "🔥".repeat(size / 4);
        JsonObject envelope = SlackRequests.envelope(SlackRequests.message(incidentChannel, ALICE, SlackRequests.newTs(), text),
                SlackRequests.newEventId());
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Req otherShapes() {
        return switch (random.nextInt(4)) {
            case 0 -> form("ssl_check", "ssl_check=1&token=" + garbageAscii());
            case 1 -> new Req("url_verification", ("{\"type\":\"url_verification\",\"token\":\"x\",\"challenge\":\""
                    + garbageAscii() + "\"}").getBytes(StandardCharsets.UTF_8), "application/json", Sign.GOOD, Map.of());
            case 2 -> new Req("app_rate_limited", ("{\"token\":\"x\",\"type\":\"app_rate_limited\",\"team_id\":\""
                    + FakeSlack.TEAM_ID + "\",\"minute_rate_limited\":1518467820,\"api_app_id\":\"A0APP\"}")
                    .getBytes(StandardCharsets.UTF_8), "application/json", Sign.GOOD, Map.of());
            default -> form("form garbage", garbageAscii() + "=" + garbageAscii() + "&type=" + garbageAscii());
        };
    }

    private static Req form(String label, String body) {
        return new Req(label, body.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", Sign.GOOD, Map.of());
    }

    // ------------------------------------------------------------------ values

    private static final String[] HOSTILE = {
            "\u202Eevil\u202C reversed", "שלום עולם مرحبا بالعالم", "\u200B\u200C\u200D\uFEFF", "🔥👩‍💻🏳️‍🌈🇺🇦",
            "e\u0301\u0301\u0301\u0301", "\u0000nul", "<script>alert(1)</script>", "&lt;b&gt; &amp;amp;",
            "<!channel> <@U0ALICE> <#C123|x> <https://x|y>", "%s %n %d {0} ${jndi:ldap://x}", "' OR 1=1; --",
            "\\", "\"", "\r\n\t", "Ω≈ç√∫˜µ≤≥÷", "𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐", "\uD83D", "\uDC00", ""};

    private String hostileText() {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + random.nextInt(4);
        for (int i = 0; i < parts; i++) {
            sb.append(HOSTILE[random.nextInt(HOSTILE.length)]).append(' ');
        }
        if (random.nextInt(30) == 0) {
            sb.append("x".repeat(50_000 + random.nextInt(100_000)));
        }
        return sb.toString();
    }

    private String garbageString() {
        return random.nextBoolean() ? HOSTILE[random.nextInt(HOSTILE.length)] : garbageAscii();
    }

    private String garbageAscii() {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(20);
        for (int i = 0; i < n; i++) {
            sb.append((char) (32 + random.nextInt(95)));
        }
        return sb.toString();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private JsonElement randomValue(int depth) {
        return switch (random.nextInt(depth > 2 ? 7 : 9)) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(random.nextBoolean());
            case 2 -> new JsonPrimitive(random.nextLong());
            case 3 -> new JsonPrimitive(pickOne("1e308", "-0", "NaN", "1.5", "0x10", "99999999999999999999"));
            case 4 -> new JsonPrimitive(random.nextDouble() * 1e300);
            case 5, 6 -> new JsonPrimitive(garbageString());
            case 7 -> {
                JsonArray a = new JsonArray();
                for (int i = random.nextInt(3); i > 0; i--) {
                    a.add(randomValue(depth + 1));
                }
                yield a;
            }
            default -> {
                JsonObject o = new JsonObject();
                for (int i = random.nextInt(3); i > 0; i--) {
                    o.add(pickOne("type", "id", "ts", "text", "channel", "user", "value"), randomValue(depth + 1));
                }
                yield o;
            }
        };
    }

    /** Removes, retypes or replaces fields anywhere in the tree with probability {@code rate} each. */
    private void mutate(JsonObject o, double rate, int depth) {
        for (String key : new ArrayList<>(o.keySet())) {
            JsonElement v = o.get(key);
            if (random.nextDouble() < rate) {
                switch (random.nextInt(3)) {
                    case 0 -> o.remove(key);
                    case 1 -> o.add(key, randomValue(depth));
                    default -> o.add(key, JsonNull.INSTANCE);
                }
            } else if (v.isJsonObject() && depth < 8) {
                mutate(v.getAsJsonObject(), rate, depth + 1);
            } else if (v.isJsonArray() && depth < 8) {
                JsonArray a = v.getAsJsonArray();
                for (int i = 0; i < a.size(); i++) {
                    if (a.get(i).isJsonObject()) {
                        mutate(a.get(i).getAsJsonObject(), rate, depth + 1);
                    } else if (random.nextDouble() < rate) {
                        a.set(i, randomValue(depth));
                    }
                }
            }
        }
    }

    /** Puts JSON-escaped lone surrogates (which no Java string literal survives as UTF-8) into string values. */
    private String escapeLoneSurrogates(String json) {
        return json.replaceFirst("\"text\":\"", "\"text\":\"\\\\ud800\\\\udfff \\\\udbff");
    }

    private static void setIfObject(JsonObject o, String key, String field, String value) {
        if (o.has(key) && o.get(key).isJsonObject()) {
            o.getAsJsonObject(key).addProperty(field, value);
        }
    }

    @SafeVarargs
    private <T> T pickOne(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String clip(String s) {
        String oneLine = s.replace("\n", "\\n");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
