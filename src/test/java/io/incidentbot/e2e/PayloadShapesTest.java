package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every payload shape Slack may send (shared/slack-payload-shapes), filled with values and sent
 * signed to the running app: nothing answers 500, conversation subtypes land in the timeline and
 * channel noise does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayloadShapesTest {
    RunningBot bot;
    String channel;
    final AtomicLong tsMicros = new AtomicLong(Instant.now().toEpochMilli() * 1000);

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        bot = new RunningBot(dir);
        channel = bot.openIncident("U0ALICE", "Shapes incident");
    }

    @AfterAll
    void stop() {
        bot.close();
    }

    private String nextTs() {
        long micros = tsMicros.addAndGet(1000);
        return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    static List<String> shapeFiles(String folder) throws IOException, URISyntaxException {
        Path dir = Path.of(PayloadShapesTest.class.getClassLoader().getResource("slack-payload-shapes/" + folder).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFilledEventShapeIsAcceptedInAnIncidentChannel() throws Exception {
        return shapeFiles("events").stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String ts = nextTs();
            JsonObject event = SlackRequests.fillShape(name, Map.of("channel", channel, "ts", ts));
            HttpResponse<String> r = bot.event(event);
            assertEquals(200, r.statusCode(), name + " → " + r.statusCode() + " " + r.body());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyRawShapeWithPlaceholdersGetsAClearAnswerNot500() throws Exception {
        return shapeFiles("events").stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            int before = bot.count("timeline_entry");
            JsonObject raw = SlackRequests.loadShape(name);
            HttpResponse<String> r = bot.slack.post(raw.toString(), SlackRequests.JSON);
            assertTrue(r.statusCode() == 200 || r.statusCode() == 400, name + " → " + r.statusCode() + " " + r.body());
            assertEquals(before, bot.count("timeline_entry"), name + " changed the timeline");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyInteractivityShapeGetsAnAnswerNot500() throws Exception {
        return shapeFiles("interactivity").stream().filter(n -> !n.startsWith("SlashCommand"))
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    JsonObject payload = SlackRequests.fillShape("interactivity/" + name, Map.of());
                    HttpResponse<String> r = bot.slack.interactivity(payload.toString());
                    assertTrue(r.statusCode() < 500, name + " → " + r.statusCode() + " " + r.body());
                }));
    }

    @Test
    void conversationSubtypesAreStoredAndNoiseIsNot() {
        String broadcast = nextTs();
        String me = nextTs();
        String file = nextTs();
        String join = nextTs();
        String topic = nextTs();
        String parent = nextTs();
        bot.event(SlackRequests.fillShape("MessageThreadBroadcastPayload.json",
                Map.of("channel", channel, "ts", broadcast, "thread_ts", parent, "text", "rolling back now")));
        bot.event(SlackRequests.fillShape("MessageMePayload.json", Map.of("channel", channel, "ts", me, "text", "is on it")));
        JsonObject share = SlackRequests.fillShape("MessageFileSharePayload.json",
                Map.of("channel", channel, "ts", file, "text", "heap dump attached"));
        bot.event(share);
        bot.event(SlackRequests.fillShape("MessageChannelJoinPayload.json", Map.of("channel", channel, "ts", join)));
        bot.event(SlackRequests.fillShape("MessageChannelTopicPayload.json", Map.of("channel", channel, "ts", topic)));

        assertEquals(List.of("rolling back now|" + parent), bot.query(
                "SELECT text, thread_ts FROM timeline_entry WHERE ts = '" + broadcast + "'"));
        assertEquals(List.of("is on it"), bot.query("SELECT text FROM timeline_entry WHERE ts = '" + me + "'"));
        String expectedFiles = share.getAsJsonArray("files").get(0).getAsJsonObject().get("name").getAsString();
        assertEquals(List.of("heap dump attached|" + expectedFiles),
                bot.query("SELECT text, files FROM timeline_entry WHERE ts = '" + file + "'"));
        assertEquals(List.of(), bot.query("SELECT id FROM timeline_entry WHERE ts IN ('" + join + "', '" + topic + "')"));
        assertTrue(bot.fake.allCalls().size() > 0);
        bot.fake.awaitResponses(1, Duration.ofSeconds(1));
    }
}
