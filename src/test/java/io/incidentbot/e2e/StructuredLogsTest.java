package io.incidentbot.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: every log line written while handling a Slack request names it (MDC {@code slack_request}:
 * the event_id, or the command's trigger_id; {@code slack_retry}: Slack's X-Slack-Retry-Num) and
 * its incident ({@code incident=INC-n}), also in the outbox work the request queued; the context is
 * cleared after each request; and nothing at INFO or above contains message text, the bot token or
 * the signing secret. The bot's own logback.xml pattern prints the keys. Socket Mode envelopes are
 * named the same way (their retry_attempt is the retry number).
 */
class StructuredLogsTest {
    private static final String ALICE = "U0ALICE";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final Logger ours = (Logger) LoggerFactory.getLogger("io.incidentbot");
    /** Keeps each event with its MDC as it was on the thread that logged it (logback reads it lazily otherwise). */
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };
    private Level levelBefore;
    private boolean additiveBefore;

    @BeforeEach
    void capture() {
        levelBefore = ours.getLevel();
        additiveBefore = ours.isAdditive();
        captured.setContext(ours.getLoggerContext());
        captured.start();
        ours.addAppender(captured);
        ours.setLevel(Level.DEBUG); // DEBUG too: the handling lines with the keys are DEBUG when all goes well
        ours.setAdditive(false);
    }

    @AfterEach
    void release() {
        ours.detachAppender(captured);
        ours.setLevel(levelBefore);
        ours.setAdditive(additiveBefore);
        captured.stop();
    }

    @Test
    void logLinesNameTheRequestAndIncidentAndNeverCarryTextOrSecrets() throws Exception {
        String secretText = "the db password is hunter2-" + UUID.randomUUID();
        String eventId = SlackRequests.newEventId();
        String otherEventId = SlackRequests.newEventId();
        try (RunningBot bot = new RunningBot(dir)) {
            String channel = bot.openIncident(ALICE, "Checkout errors");
            OutboxTest.awaitOutbox(bot.baseUrl(), 0, 0);
            // Slack's second delivery of a message event (X-Slack-Retry-Num: 1), in the incident channel
            assertEquals(200, bot.slack.event(SlackRequests.message(channel, ALICE, SlackRequests.newTs(), secretText),
                    eventId, 1).statusCode());
            // and a first delivery elsewhere, on the same server threads
            assertEquals(200, bot.slack.event(SlackRequests.message("C0GENERAL", ALICE, SlackRequests.newTs(),
                    secretText), otherEventId).statusCode());
        }
        List<ILoggingEvent> events = new ArrayList<>(captured.list);

        List<ILoggingEvent> forEvent = withRequest(events, eventId);
        assertFalse(forEvent.isEmpty(), "no log line named event " + eventId + ": "
                + events.stream().map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()).toList());
        forEvent.forEach(e -> {
            assertEquals("INC-1", e.getMDCPropertyMap().get("incident"), e.toString());
            assertEquals("1", e.getMDCPropertyMap().get("slack_retry"), e.toString());
        });
        List<ILoggingEvent> forOther = withRequest(events, otherEventId);
        assertFalse(forOther.isEmpty(), "no log line named event " + otherEventId);
        forOther.forEach(e -> {
            assertNull(e.getMDCPropertyMap().get("incident"), "cleared after the previous request: " + e);
            assertNull(e.getMDCPropertyMap().get("slack_retry"), e.toString());
        });

        // the declaration names its incident and request; the outbox work it queued carries both
        ILoggingEvent declared = events.stream().filter(e -> e.getFormattedMessage().startsWith("INC-1 declared by"))
                .findFirst().orElseThrow(() -> new AssertionError("no declaration line: " + events));
        String openRequest = declared.getMDCPropertyMap().get("slack_request");
        assertNotNull(openRequest, declared.toString());
        assertEquals("INC-1", declared.getMDCPropertyMap().get("incident"));
        List<ILoggingEvent> outboxLines = events.stream().filter(e -> e.getThreadName().startsWith("outbox-")
                && e.getFormattedMessage().contains("delivered")).toList();
        assertFalse(outboxLines.isEmpty(), "no outbox line: " + events);
        outboxLines.forEach(e -> {
            assertEquals("INC-1", e.getMDCPropertyMap().get("incident"), e.toString());
            assertEquals(openRequest, e.getMDCPropertyMap().get("slack_request"), e.toString());
        });

        // nothing at INFO or above carries what people wrote or a secret
        for (ILoggingEvent e : events) {
            if (e.getLevel().isGreaterOrEqual(Level.INFO)) {
                String all = e.getFormattedMessage() + throwableText(e.getThrowableProxy());
                for (String secret : List.of(secretText, "hunter2", "xoxb-test-token", RunningBot.SIGNING_SECRET)) {
                    assertFalse(all.contains(secret), "logged at " + e.getLevel() + ": " + all);
                }
            }
        }

        // the shipped pattern prints the keys
        PatternLayout layout = new PatternLayout();
        layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        layout.setPattern(shippedPattern());
        layout.start();
        String line = layout.doLayout(forEvent.get(0));
        assertTrue(line.contains(" incident=INC-1 slack_request=" + eventId + " slack_retry=1 - "), line);
        String plain = layout.doLayout(forOther.get(0));
        assertTrue(plain.contains(" slack_request=" + otherEventId + " - ") && !plain.contains("incident="), plain);
    }

    @Test
    void socketModeEnvelopesAreNamedTheSameWay() throws Exception {
        String eventId = SlackRequests.newEventId();
        try (FakeSocketModeServer server = new FakeSocketModeServer();
             RunningBot bot = RunningBot.socketMode(dir, server)) {
            assertTrue(server.awaitConnections(1, WAIT), "the bot never connected");
            Map<String, String> fields = SlackRequests.slashCommandFields(FakeSlack.TEAM_ID, "C0GENERAL", ALICE,
                    "open Checkout errors", bot.fake.responseUrl());
            JsonObject command = new JsonObject();
            fields.forEach(command::addProperty);
            assertNotNull(server.awaitAck(server.send(FakeSocketModeServer.envelope("slash_commands", command, true)),
                    WAIT));
            String channel = null;
            for (int i = 0; i < 500 && (channel == null || channel.equals("null")); i++) {
                channel = bot.query("SELECT channel_id FROM incident WHERE id = 1").stream().findFirst().orElse(null);
                RunningBot.sleep(20);
            }
            // Slack's second delivery over the socket: retry_attempt 1
            String envelopeId = server.send(FakeSocketModeServer.eventsApi(SlackRequests.envelope(
                    SlackRequests.message(channel, ALICE, SlackRequests.newTs(), "over the socket"), eventId), 1, "timeout"));
            assertNotNull(server.awaitAck(envelopeId, WAIT));
        }
        List<ILoggingEvent> forEvent = withRequest(new ArrayList<>(captured.list), eventId);
        assertFalse(forEvent.isEmpty(), "no log line named event " + eventId);
        forEvent.forEach(e -> {
            assertEquals("INC-1", e.getMDCPropertyMap().get("incident"), e.toString());
            assertEquals("1", e.getMDCPropertyMap().get("slack_retry"), e.toString());
        });
    }

    private static List<ILoggingEvent> withRequest(List<ILoggingEvent> events, String requestId) {
        return events.stream().filter(e -> requestId.equals(e.getMDCPropertyMap().get("slack_request"))).toList();
    }

    private static String throwableText(IThrowableProxy t) {
        StringBuilder sb = new StringBuilder();
        for (IThrowableProxy p = t; p != null; p = p.getCause()) {
            sb.append(' ').append(p.getMessage());
        }
        return sb.toString();
    }

    /** The pattern of src/main/resources/logback.xml (the test classpath has it beside logback-test.xml). */
    private static String shippedPattern() throws IOException {
        try (InputStream in = StructuredLogsTest.class.getClassLoader().getResourceAsStream("logback.xml")) {
            assertNotNull(in, "logback.xml on the classpath");
            Matcher m = Pattern.compile("<pattern>(.*?)</pattern>", Pattern.DOTALL)
                    .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(m.find(), "a pattern in logback.xml");
            return m.group(1).strip();
        }
    }
}
