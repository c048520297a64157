package io.incidentbot.e2e;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Self-test of the e2e support classes: {@link FakeSlack} and {@link SlackRequests}. */
class FakeSlackTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeSlack slack;

    @BeforeEach
    void start() {
        slack = new FakeSlack();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    // ------------------------------------------------------------------ FakeSlack

    @Test
    void recordsFormEncodedCallsAndAnswersWithIncreasingTs() throws Exception {
        String blocks = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"a | b & <c> 🔥\"}}]";
        String form = "channel=C1000&text=" + enc("hello & <world> 🔥") + "&blocks=" + enc(blocks);

        HttpResponse<String> first = postApi("chat.postMessage", form, SlackRequests.FORM, "xoxb-secret");
        HttpResponse<String> second = postApi("chat.postMessage", "channel=C1000&text=again",
                SlackRequests.FORM + "; charset=utf-8", null);

        assertEquals(200, first.statusCode());
        JsonObject r1 = JsonParser.parseString(first.body()).getAsJsonObject();
        assertTrue(r1.get("ok").getAsBoolean());
        assertEquals("C1000", r1.get("channel").getAsString());
        assertEquals("1700000000.000100", r1.get("ts").getAsString());
        assertEquals("hello & <world> 🔥", r1.getAsJsonObject("message").get("text").getAsString());
        assertEquals("1700000000.000200",
                JsonParser.parseString(second.body()).getAsJsonObject().get("ts").getAsString());

        FakeSlack.Call call = slack.awaitCall("chat.postMessage", WAIT);
        assertEquals("chat.postMessage", call.method());
        assertEquals("hello & <world> 🔥", call.param("text"));
        assertEquals(blocks, call.param("blocks"));
        assertEquals("a | b & <c> 🔥", call.jsonParam("blocks").getAsJsonArray().get(0).getAsJsonObject()
                .getAsJsonObject("text").get("text").getAsString());
        assertEquals(form, call.rawBody());
        assertEquals("xoxb-secret", call.token());
        assertEquals("Bearer xoxb-secret", call.header("authorization"), "headers are case-insensitive");
        assertEquals(2, slack.awaitCalls("chat.postMessage", 2, WAIT).size());
        assertEquals(2, slack.allCalls().size());
    }

    @Test
    void recordsJsonCallsFlatteningTopLevelOnly() throws Exception {
        String json = "{\"token\":\"xoxb-in-body\",\"channel\":\"C1\",\"text\":\"hi\",\"unfurl_links\":false,"
                + "\"blocks\":[{\"type\":\"divider\"}],\"metadata\":{\"event_type\":\"x\"},\"n\":3}";

        HttpResponse<String> resp = postApi("chat.postMessage", json, "application/json; charset=utf-8", null);

        assertEquals(200, resp.statusCode());
        FakeSlack.Call call = slack.awaitCall("chat.postMessage", WAIT);
        assertEquals("C1", call.param("channel"));
        assertEquals("hi", call.param("text"));
        assertEquals("false", call.param("unfurl_links"));
        assertEquals("3", call.param("n"));
        assertEquals("[{\"type\":\"divider\"}]", call.param("blocks"));
        assertEquals("{\"event_type\":\"x\"}", call.param("metadata"));
        assertEquals("xoxb-in-body", call.token());
        assertEquals(json, call.rawBody());
    }

    @Test
    void answersWithRealisticDefaults() throws Exception {
        JsonObject auth = apiJson("auth.test", "");
        assertEquals("UBOT", auth.get("user_id").getAsString());
        assertEquals("BBOT", auth.get("bot_id").getAsString());
        assertEquals("T0001", auth.get("team_id").getAsString());
        assertEquals("Acme", auth.get("team").getAsString());
        assertEquals("https://acme.slack.com/", auth.get("url").getAsString());
        assertEquals("incident-bot", auth.get("user").getAsString());

        JsonObject c1 = apiJson("conversations.create", "name=inc-1-db-down&is_private=false").getAsJsonObject("channel");
        JsonObject c2 = apiJson("conversations.create", "name=inc-2&is_private=true").getAsJsonObject("channel");
        assertEquals("C1000", c1.get("id").getAsString());
        assertEquals("inc-1-db-down", c1.get("name").getAsString());
        assertFalse(c1.get("is_private").getAsBoolean());
        assertTrue(c1.get("is_channel").getAsBoolean());
        assertEquals("UBOT", c1.get("creator").getAsString());
        assertTrue(c1.get("created").getAsLong() > 1_600_000_000L);
        assertEquals("C1001", c2.get("id").getAsString());
        assertTrue(c2.get("is_private").getAsBoolean());
        assertEquals("C1000", apiJson("conversations.invite", "channel=C1000&users=U1,U2")
                .getAsJsonObject("channel").get("id").getAsString());

        slack.addUser("U1", "Alice Smith");
        JsonObject alice = apiJson("users.info", "user=U1").getAsJsonObject("user");
        assertEquals("U1", alice.get("id").getAsString());
        assertEquals("alice smith", alice.get("name").getAsString());
        assertEquals("Alice Smith", alice.getAsJsonObject("profile").get("display_name").getAsString());
        assertEquals("UTC", alice.get("tz").getAsString());
        assertFalse(alice.get("is_bot").getAsBoolean());
        assertEquals("user-u2", apiJson("users.info", "user=U2").getAsJsonObject("user").get("name").getAsString());

        JsonObject upd = apiJson("chat.update", "channel=C1&ts=1700000000.000100&text=new");
        assertEquals("C1", upd.get("channel").getAsString());
        assertEquals("1700000000.000100", upd.get("ts").getAsString());
        assertTrue(apiJson("chat.postEphemeral", "channel=C1&user=U1&text=x").has("message_ts"));
        assertEquals("UBOT", apiJson("bots.info", "bot=BBOT").getAsJsonObject("bot").get("user_id").getAsString());
        assertEquals("{\"ok\":true}", postApi("reactions.add", "name=eyes", SlackRequests.FORM, null).body());
    }

    @Test
    void injectedFailuresApplyOnceInFifoOrderAndAreRecorded() throws Exception {
        slack.failNext("chat.postMessage", 429, "{\"ok\":false,\"error\":\"ratelimited\"}", Map.of("Retry-After", "1"));
        slack.respondNext("chat.postMessage", "{\"ok\":false,\"error\":\"channel_not_found\"}");
        slack.failNext("conversations.create", 500, "upstream exploded", Map.of());

        HttpResponse<String> r1 = postApi("chat.postMessage", "channel=C1&text=1", SlackRequests.FORM, null);
        HttpResponse<String> r2 = postApi("chat.postMessage", "channel=C1&text=2", SlackRequests.FORM, null);
        HttpResponse<String> r3 = postApi("chat.postMessage", "channel=C1&text=3", SlackRequests.FORM, null);
        HttpResponse<String> c1 = postApi("conversations.create", "name=x", SlackRequests.FORM, null);
        HttpResponse<String> c2 = postApi("conversations.create", "name=x", SlackRequests.FORM, null);

        assertEquals(429, r1.statusCode());
        assertEquals("1", r1.headers().firstValue("Retry-After").orElse(null));
        assertEquals("{\"ok\":false,\"error\":\"ratelimited\"}", r1.body());
        assertEquals(200, r2.statusCode());
        assertEquals("channel_not_found", JsonParser.parseString(r2.body()).getAsJsonObject().get("error").getAsString());
        assertEquals(200, r3.statusCode());
        assertTrue(JsonParser.parseString(r3.body()).getAsJsonObject().get("ok").getAsBoolean());
        assertEquals(500, c1.statusCode());
        assertEquals("upstream exploded", c1.body());
        assertEquals(200, c2.statusCode());

        List<FakeSlack.Call> calls = slack.calls("chat.postMessage");
        assertEquals(List.of("1", "2", "3"), calls.stream().map(c -> c.param("text")).toList());
        assertEquals(2, slack.calls("conversations.create").size());
    }

    @Test
    void uploadEndpointStoresRawAndMultipartContent() throws Exception {
        JsonObject url1 = apiJson("files.getUploadURLExternal", "filename=postmortem.md&length=13");
        String fileId = url1.get("file_id").getAsString();
        assertTrue(fileId.startsWith("F"));
        assertEquals(slack.baseUrl() + "/upload/" + fileId, url1.get("upload_url").getAsString());

        String content = "# Postmortem ✓";
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(url1.get("upload_url").getAsString()))
                .POST(HttpRequest.BodyPublishers.ofString(content, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, up.statusCode());
        assertEquals("OK - " + content.getBytes(StandardCharsets.UTF_8).length, up.body());
        assertEquals(content, slack.uploadedContent(fileId));
        assertEquals("postmortem.md", slack.uploadFilename(fileId));

        String fileId2 = apiJson("files.getUploadURLExternal", "filename=timeline.csv&length=5")
                .get("file_id").getAsString();
        assertNotEquals(fileId, fileId2);
        String boundary = "----xyzBoundary";
        String multipart = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"timeline.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n"
                + "a,b\r\n1,2\r\n"
                + "--" + boundary + "--\r\n";
        http.send(HttpRequest.newBuilder(URI.create(slack.baseUrl() + "/upload/" + fileId2))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(multipart)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("a,b\r\n1,2", slack.uploadedContent(fileId2));
        assertEquals(List.of(fileId, fileId2), new ArrayList<>(slack.uploads().keySet()));

        JsonArray files = apiJson("files.completeUploadExternal", "channel_id=C1&files="
                + enc("[{\"id\":\"" + fileId + "\",\"title\":\"Postmortem\"}]")).getAsJsonArray("files");
        assertEquals(fileId, files.get(0).getAsJsonObject().get("id").getAsString());
        assertEquals("Postmortem", files.get(0).getAsJsonObject().get("title").getAsString());
        assertNull(slack.uploadedContent("F-unknown"));
    }

    @Test
    void responseUrlsAreUniqueAndRecordBodies() throws Exception {
        String u1 = slack.responseUrl();
        String u2 = slack.responseUrl();
        assertNotEquals(u1, u2);
        assertTrue(u1.startsWith(slack.baseUrl() + "/respond/"));

        for (String[] p : List.of(new String[]{u2, "{\"text\":\"second\",\"response_type\":\"ephemeral\"}"},
                new String[]{u1, "{\"text\":\"first\"}"})) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(p[0]))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(p[1])).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("ok", r.body());
        }

        List<String> all = slack.awaitResponses(2, WAIT);
        assertEquals(2, all.size());
        assertTrue(all.get(0).contains("second"));
        assertEquals(List.of("{\"text\":\"first\"}"), slack.responsesTo(u1));
        assertTrue(slack.allCalls().isEmpty(), "response_url posts are not API calls");
    }

    @Test
    void awaitTimesOutWithTheCallsMadeSoFar() throws Exception {
        postApi("auth.test", "", SlackRequests.FORM, "xoxb-1");
        postApi("conversations.create", "name=inc-7", SlackRequests.FORM, "xoxb-1");

        AssertionError e = assertThrows(AssertionError.class,
                () -> slack.awaitCall("chat.postMessage", Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("chat.postMessage"), e.getMessage());
        assertTrue(e.getMessage().contains("auth.test"), e.getMessage());
        assertTrue(e.getMessage().contains("conversations.create {name=inc-7}"), e.getMessage());
        assertThrows(AssertionError.class, () -> slack.awaitResponses(1, Duration.ofMillis(100)));

        slack.reset();
        assertTrue(slack.allCalls().isEmpty());
        // reset keeps the id counters, so ids stay unique across a reset
        assertEquals("C1001", apiJson("conversations.create", "name=a").getAsJsonObject("channel").get("id").getAsString());
    }

    @Test
    void awaitSeesCallsArrivingFromOtherThreads() throws Exception {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(150);
                for (int i = 0; i < 3; i++) {
                    postApi("chat.postMessage", "channel=C1&text=" + i, SlackRequests.FORM, null);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        assertEquals(3, slack.awaitCalls("chat.postMessage", 3, WAIT).size());
        t.join();
    }

    // ------------------------------------------------------------------ SlackRequests

    @Test
    void signatureMatchesSlacksDocumentedExampleAndAnIndependentHmac() throws Exception {
        // The example from Slack's "Verifying requests from Slack" guide.
        String secret = "8f742231b10e8888abcd99yyyzzz85a5";
        long ts = 1531420618L;
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
                + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
                + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
                + "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

        assertEquals("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
                SlackRequests.sign(secret, ts, body));
        assertEquals(hmac(secret, ts, body), SlackRequests.sign(secret, ts, body));
        String unicode = "{\"text\":\"déjà vu 🔥 <&>\"}";
        assertEquals(hmac("s", 1, unicode), SlackRequests.sign("s", 1, unicode));
    }

    @Test
    void sendsSignedSlashCommandsEventsAndInteractivity() throws Exception {
        List<Captured> got = new CopyOnWriteArrayList<>();
        HttpServer app = captureServer(got);
        try {
            String secret = "test-signing-secret";
            SlackRequests requests = new SlackRequests("http://127.0.0.1:" + app.getAddress().getPort(), secret);
            String responseUrl = slack.responseUrl();
            String text = "declare sev1 db | down & <out> 🔥 50%+ \"quoted\"";

            assertEquals(200, requests.slashCommand("T0001", "C0GENERAL", "U123", text, responseUrl).statusCode());
            Captured cmd = got.get(0);
            assertEquals("/slack/events", cmd.path());
            assertEquals(SlackRequests.FORM, cmd.header("content-type"));
            long ts = Long.parseLong(cmd.header("x-slack-request-timestamp"));
            assertTrue(Math.abs(System.currentTimeMillis() / 1000 - ts) < 60);
            assertEquals(hmac(secret, ts, cmd.body()), cmd.header("x-slack-signature"));
            Map<String, String> fields = FakeSlack.parseForm(cmd.body());
            for (String key : shapeKeys("interactivity/SlashCommandPayload.json")) {
                assertTrue(fields.containsKey(key), "slash command lacks " + key);
            }
            assertEquals(text, fields.get("text"));
            assertEquals("/incident", fields.get("command"));
            assertEquals(responseUrl, fields.get("response_url"));
            assertEquals("T0001", fields.get("team_id"));
            assertEquals("C0GENERAL", fields.get("channel_id"));
            assertEquals("U123", fields.get("user_id"));
            assertTrue(fields.get("trigger_id").matches("\\d+\\.\\d+\\.[0-9a-f]{32}"));

            JsonObject message = SlackRequests.message("C1000", "U123", "1700000100.000100", "hi 🔥");
            assertEquals(200, requests.event(message, "Ev0001", 2).statusCode());
            Captured ev = got.get(1);
            assertEquals(SlackRequests.JSON, ev.header("content-type"));
            assertEquals(hmac(secret, Long.parseLong(ev.header("x-slack-request-timestamp")), ev.body()),
                    ev.header("x-slack-signature"));
            assertEquals("2", ev.header("x-slack-retry-num"));
            assertEquals("http_timeout", ev.header("x-slack-retry-reason"));
            JsonObject env = JsonParser.parseString(ev.body()).getAsJsonObject();
            for (String key : List.of("token", "team_id", "api_app_id", "event", "type", "event_id", "event_time",
                    "authorizations", "is_ext_shared_channel", "event_context")) {
                assertTrue(env.has(key), "envelope lacks " + key);
            }
            assertEquals("event_callback", env.get("type").getAsString());
            assertEquals("Ev0001", env.get("event_id").getAsString());
            assertEquals("T0001", env.get("team_id").getAsString());
            assertEquals("A0APP", env.get("api_app_id").getAsString());
            JsonObject auth = env.getAsJsonArray("authorizations").get(0).getAsJsonObject();
            assertTrue(auth.get("enterprise_id").isJsonNull());
            assertEquals("UBOT", auth.get("user_id").getAsString());
            assertTrue(auth.get("is_bot").getAsBoolean());
            assertEquals("hi 🔥", env.getAsJsonObject("event").get("text").getAsString());

            requests.event(message, "Ev0002");
            assertNull(got.get(2).header("x-slack-retry-num"));

            String payload = "{\"type\":\"block_actions\",\"actions\":[{\"value\":\"a&b=c\"}]}";
            requests.interactivity(payload);
            assertEquals(payload, FakeSlack.parseForm(got.get(3).body()).get("payload"));

            requests.post("{}", SlackRequests.JSON, 1234L, SlackRequests.OMIT_SIGNATURE, Map.of("X-Extra", "1"));
            assertEquals("1234", got.get(4).header("x-slack-request-timestamp"));
            assertNull(got.get(4).header("x-slack-signature"));
            assertEquals("1", got.get(4).header("x-extra"));
            requests.post("{}", SlackRequests.JSON, SlackRequests.OMIT_TIMESTAMP, "v0=bogus", null);
            assertNull(got.get(5).header("x-slack-request-timestamp"));
            assertEquals("v0=bogus", got.get(5).header("x-slack-signature"));
        } finally {
            app.stop(0);
        }
    }

    @Test
    void eventBuildersFillEveryShapeFieldWithRealisticValues() {
        Map<String, JsonObject> built = new LinkedHashMap<>();
        built.put("MessagePayload.json", SlackRequests.message("C1000", "U123", "1700000100.000100", "hello"));
        built.put("MessageBotPayload.json",
                SlackRequests.botMessage("C1000", "B0GRAFANA", "grafana", "1700000100.000300", "alert"));
        built.put("MessageChangedPayload.json",
                SlackRequests.messageChanged("C1000", "1700000100.000100", "edited", "1700000200.000000"));
        built.put("MessageDeletedPayload.json",
                SlackRequests.messageDeleted("C1000", "1700000300.000000", "1700000100.000100"));
        built.put("ReactionAddedPayload.json",
                SlackRequests.reactionAdded("C1000", "U123", "eyes", "1700000100.000100"));
        built.put("ReactionRemovedPayload.json",
                SlackRequests.reactionRemoved("C1000", "U123", "eyes", "1700000100.000100"));
        built.put("PinAddedPayload.json", SlackRequests.pinAdded("C1000", "U123", "1700000100.000100"));
        built.put("PinRemovedPayload.json", SlackRequests.pinRemoved("C1000", "U123", "1700000100.000100"));
        built.put("MessageChannelJoinPayload.json", SlackRequests.channelJoin("C1000", "U123", "1700000100.000500"));

        // Fields Slack leaves out of these particular messages (see SlackRequests' javadoc).
        Set<String> leftOut = Set.of("bot_id", "bot_profile", "thread_ts", "parent_user_id", "edited", "subtype",
                "app_id", "reply_count", "reply_users_count", "latest_reply", "reply_users", "last_read",
                "subscribed", "hidden");
        built.forEach((shape, event) -> {
            JsonObject raw = SlackRequests.loadShape(shape).getAsJsonObject("event");
            for (String key : raw.keySet()) {
                if (!leftOut.contains(key)) {
                    assertTrue(event.has(key), shape + " lacks " + key);
                }
            }
            List<String> placeholders = new ArrayList<>();
            findPlaceholders(event, "", placeholders);
            assertTrue(placeholders.isEmpty(), shape + " still has placeholders at " + placeholders);
            assertTrue(event.toString().length() > 100);
        });

        JsonObject message = built.get("MessagePayload.json");
        assertEquals("hello", message.get("text").getAsString());
        assertEquals("T0001", message.get("team").getAsString());
        assertEquals("channel", message.get("channel_type").getAsString());
        assertEquals("1700000100.000100", message.get("event_ts").getAsString());
        assertFalse(message.has("bot_id"));
        assertFalse(message.has("thread_ts"));
        assertTrue(message.getAsJsonArray("blocks").size() > 1, "all block types of the shape are kept");
        assertEquals("1700000100.000100", SlackRequests.threadReply("C1", "U1", "1700000100.000200",
                "1700000100.000100", "r").get("thread_ts").getAsString());

        JsonObject changed = built.get("MessageChangedPayload.json");
        assertTrue(changed.get("hidden").getAsBoolean());
        assertEquals("edited", changed.getAsJsonObject("message").get("text").getAsString());
        assertEquals("1700000100.000100", changed.getAsJsonObject("message").get("ts").getAsString());
        assertEquals("1700000200.000000",
                changed.getAsJsonObject("message").getAsJsonObject("edited").get("ts").getAsString());
        assertEquals("1700000100.000100", changed.getAsJsonObject("previous_message").get("ts").getAsString());

        JsonObject deleted = built.get("MessageDeletedPayload.json");
        assertEquals("1700000100.000100", deleted.get("deleted_ts").getAsString());
        assertEquals("1700000300.000000", deleted.get("ts").getAsString());

        JsonObject reaction = built.get("ReactionAddedPayload.json");
        JsonObject item = reaction.getAsJsonObject("item");
        assertEquals("message", item.get("type").getAsString());
        assertEquals("C1000", item.get("channel").getAsString());
        assertEquals("1700000100.000100", item.get("ts").getAsString());
        assertTrue(reaction.get("event_ts").getAsString().matches("\\d{10}\\.\\d{6}"));

        JsonObject pin = built.get("PinAddedPayload.json");
        assertEquals("C1000", pin.get("channel_id").getAsString());
        assertEquals("1700000100.000100",
                pin.getAsJsonObject("item").getAsJsonObject("message").get("ts").getAsString());

        JsonObject filled = SlackRequests.fillShape("MessageThreadBroadcastPayload",
                Map.of("channel", "C77", "root.ts", "1700000000.000900", "user", "U9"));
        assertEquals("C77", filled.get("channel").getAsString());
        assertEquals("U9", filled.get("user").getAsString());
        assertEquals("1700000000.000900", filled.getAsJsonObject("root").get("ts").getAsString());
        assertEquals("1700000000.000100", filled.get("ts").getAsString());
        assertEquals("thread_broadcast", filled.get("subtype").getAsString());
        List<String> placeholders = new ArrayList<>();
        findPlaceholders(filled, "", placeholders);
        assertTrue(placeholders.isEmpty(), "placeholders left at " + placeholders);
    }

    // ------------------------------------------------------------------ helpers

    private record Captured(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** Stands in for the app: records each request, answers 200 like Bolt's ack. */
    private static HttpServer captureServer(List<Captured> got) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            got.add(new Captured(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()),
                    new String(body, StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        return server;
    }

    private static String hmac(String secret, long ts, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder("v0=");
        for (byte b : mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static Set<String> shapeKeys(String shape) {
        return new HashSet<>(SlackRequests.loadShape(shape).keySet());
    }

    private static void findPlaceholders(JsonElement e, String path, List<String> out) {
        if (e.isJsonObject()) {
            e.getAsJsonObject().entrySet().forEach(en -> findPlaceholders(en.getValue(), path + "." + en.getKey(), out));
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                findPlaceholders(a.get(i), path + "[" + i + "]", out);
            }
        } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            String s = e.getAsString();
            // external_type is really "" for files hosted by Slack
            if ((s.isEmpty() && !path.endsWith(".external_type")) || s.equals("0000000000.000000")) {
                out.add(path);
            }
        }
    }

    private HttpResponse<String> postApi(String method, String body, String contentType, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(slack.apiUrl() + method))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonObject apiJson(String method, String form) throws IOException, InterruptedException {
        HttpResponse<String> r = postApi(method, form, SlackRequests.FORM, "xoxb-test");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        assertTrue(o.get("ok").getAsBoolean(), r.body());
        return o;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
