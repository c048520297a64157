package io.incidentbot.slack.inbound;

import io.incidentbot.metrics.LogContext;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;
import io.incidentbot.metrics.BotMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Socket Mode envelope in, the acknowledgement to send back out: the same Bolt {@link App}
 * (WorkspaceGate first, then the listeners) and the same malformed-request checks as
 * {@code POST /slack/events}, minus the signature check, which has no place on a socket the bot
 * opened itself with its app-level token.
 *
 * <p>What is acknowledged, mirroring the HTTP answers: an envelope Bolt answered 200 (with the
 * answer as the ack's {@code payload} where Slack accepts one, e.g. a slash command's reply or a
 * modal's {@code response_action}); an envelope that is malformed or of a type the bot does not
 * know (Slack would only deliver it again). Not acknowledged: an envelope whose handling failed
 * with a 5xx (storing failed, or the bot's workspace is not known yet), so that Slack delivers it
 * again, as it retries an HTTP request answered 5xx.
 */
final class SocketModeEnvelopes {
    private static final Logger log = LoggerFactory.getLogger(SocketModeEnvelopes.class);
    static final Set<String> ENVELOPE_TYPES = Set.of("events_api", "slash_commands", "interactive");

    private final BoltDispatch dispatch;
    private final BotMetrics metrics;

    SocketModeEnvelopes(App app, BotMetrics metrics) {
        this.dispatch = new BoltDispatch(app);
        this.metrics = metrics;
    }

    /** The message as a JSON object, or null (logged) when it is not one. */
    static JsonObject parse(String message) {
        try {
            JsonElement root = JsonParser.parseString(message);
            if (root.isJsonObject()) {
                return root.getAsJsonObject();
            }
        } catch (JsonParseException | IllegalStateException e) {
            // fall through
        }
        log.warn("Ignored a Socket Mode message that is not a JSON object ({} characters)", message.length());
        return null;
    }

    /** The acknowledgement for one envelope (JSON text), or null when Slack should deliver it again. */
    String answer(JsonObject envelope) {
        String type = string(envelope, "type");
        String envelopeId = string(envelope, "envelope_id");
        if (envelopeId == null) {
            log.warn("Ignored a Socket Mode message of type {} without an envelope_id", type);
            return null;
        }
        if (!ENVELOPE_TYPES.contains(type)) {
            log.warn("Acknowledged and ignored a Socket Mode envelope of unknown type {}", type);
            return ack(envelopeId, null);
        }
        long started = System.nanoTime();
        String[] kind = {"unrecognised"};
        int status = 500;
        String retry = retryNum(envelope);
        // the logs name the envelope until its payload says which request it is (event_id, trigger_id)
        LogContext.request(envelopeId, retry);
        try {
            Reply reply = run(envelope, envelopeId, retry, kind);
            status = reply.status;
            if (status >= 500) {
                log.warn("Not acknowledging {} envelope {} (status {}): Slack will deliver it again", type, envelopeId,
                        status);
                return null;
            }
            if (status != 200) {
                log.warn("Acknowledged {} envelope {} that could not be handled (status {}: {})", type, envelopeId,
                        status, reply.body);
                return ack(envelopeId, null);
            }
            return ack(envelopeId, Boolean.FALSE.equals(bool(envelope, "accepts_response_payload")) ? null : reply);
        } finally {
            metrics.ack(kind[0], status, System.nanoTime() - started);
            LogContext.clear();
        }
    }

    private record Reply(int status, String contentType, String body) {
    }

    /** Slack's retry number of a redelivered envelope ({@code retry_attempt} above 0), else null. */
    private static String retryNum(JsonObject envelope) {
        Integer attempt = integer(envelope, "retry_attempt");
        return attempt != null && attempt > 0 ? attempt.toString() : null;
    }

    private Reply run(JsonObject envelope, String envelopeId, String retry, String[] kind) {
        JsonElement payload = envelope.get("payload");
        if (payload == null || !payload.isJsonObject()) {
            log.warn("Rejected a malformed Socket Mode envelope: no payload object");
            return new Reply(400, null, "no payload");
        }
        Map<String, List<String>> headers = new HashMap<>();
        // what Slack sends over HTTP as headers travels in the envelope
        if (retry != null) {
            headers.put("X-Slack-Retry-Num", List.of(retry));
            String reason = string(envelope, "retry_reason");
            if (reason != null && !reason.isEmpty()) {
                headers.put("X-Slack-Retry-Reason", List.of(reason));
            }
        }
        try {
            BoltDispatch.Outcome outcome = dispatch.run(SlackRequestParser.HttpRequest.builder()
                    .socketMode(true)
                    .requestUri("")
                    .queryString(Map.of())
                    .headers(new RequestHeaders(headers))
                    .requestBody(payload.toString())
                    .remoteAddress("")
                    .build(), envelopeId, retry, " over Socket Mode");
            kind[0] = outcome.kind();
            if (outcome.refusal() != null) {
                if (outcome.kind().equals("unrecognised")) {
                    log.warn("Rejected an unrecognised Socket Mode {} envelope", string(envelope, "type"));
                }
                return new Reply(400, null, outcome.refusal());
            }
            return new Reply(outcome.status(), outcome.contentType(), outcome.body());
        } catch (Exception e) {
            log.error("Failed to handle a {} envelope over Socket Mode", string(envelope, "type"), e);
            return new Reply(500, null, null);
        }
    }

    /** {@code {"envelope_id":…}}, with Bolt's answer as the {@code payload} when there is one. */
    private static String ack(String envelopeId, Reply reply) {
        JsonObject ack = new JsonObject();
        ack.addProperty("envelope_id", envelopeId);
        if (reply != null && reply.body != null && !reply.body.isBlank()) {
            JsonElement payload = null;
            if (reply.contentType != null && reply.contentType.startsWith("application/json")) {
                try {
                    payload = JsonParser.parseString(reply.body);
                } catch (JsonParseException e) {
                    payload = null;
                }
            }
            if (payload == null) {
                JsonObject text = new JsonObject();
                text.addProperty("text", reply.body);
                payload = text;
            }
            ack.add("payload", payload);
        }
        return ack.toString();
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static Boolean bool(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : null;
    }

    private static Integer integer(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        try {
            return e.getAsInt();
        } catch (NumberFormatException overflow) {
            return null;
        }
    }
}
