package io.incidentbot.slack.inbound;

import io.incidentbot.metrics.LogContext;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.GlobalShortcutRequest;
import com.slack.api.bolt.request.builtin.MessageShortcutRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import io.incidentbot.slackapi.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps every Slack request takes once it is known to come from Slack, whether it arrived on
 * {@code POST /slack/events} or over Socket Mode: it is parsed into Bolt's request, the logs learn
 * Slack's id of it, malformed shapes are refused, and the Bolt app (workspace gate first) answers it.
 */
final class BoltDispatch {
    private static final Logger log = LoggerFactory.getLogger(BoltDispatch.class);

    /**
     * How a request ended: its kind for the metrics, and either Bolt's answer or, when
     * {@code refusal} is set, why it never reached the app (answered 400).
     */
    record Outcome(String kind, int status, String contentType, String body, String refusal) {
        static Outcome refused(String kind, String refusal) {
            return new Outcome(kind, 400, null, null, refusal);
        }
    }

    private final App app;
    private final SlackRequestParser parser;

    BoltDispatch(App app) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
    }

    /**
     * Runs one request. {@code fallbackId} names it in the logs when its payload has no Slack id;
     * {@code retry} is Slack's retry number (null on the first delivery); {@code via} ends the log
     * line of a refusal (e.g. " over Socket Mode"). The app's own exceptions propagate.
     */
    Outcome run(SlackRequestParser.HttpRequest http, String fallbackId, String retry, String via) throws Exception {
        try {
            Request<?> request = parse(http);
            if (request == null) {
                return Outcome.refused("unrecognised", "unrecognised Slack request");
            }
            String kind = kindOf(request);
            LogContext.request(requestId(request, fallbackId), retry);
            String malformed = RequestShape.problem(request);
            if (malformed != null) {
                log.warn("Rejected a malformed {} request{}: {}", request.getRequestType(), via, malformed);
                return Outcome.refused(kind, "malformed Slack request");
            }
            Response response = app.run(request);
            return new Outcome(kind, response.getStatusCode(), response.getContentType(), response.getBody(), null);
        } finally {
            Json.forgetParsed();
        }
    }

    /**
     * Bolt's request for {@code http}, or null when it is not one Slack sends. Event callbacks (nearly
     * all of the traffic) are built from one parse of the body; everything else goes through Bolt's parser.
     */
    private Request<?> parse(SlackRequestParser.HttpRequest http) {
        try {
            Request<?> event = EventCallbackRequest.of(http.getRequestBody(), http.getHeaders());
            if (event == null) {
                return parser.parse(http);
            }
            // what Bolt's parser does to every request it builds
            event.setSocketMode(http.isSocketMode());
            event.updateContext(app.config());
            String forwardedFor = http.getHeaders() == null ? null : http.getHeaders().getFirstValue("X-Forwarded-For");
            event.setClientIpAddress(forwardedFor != null ? forwardedFor : http.getRemoteAddress());
            return event;
        } catch (RuntimeException unparseable) {
            return null;
        }
    }

    static String kindOf(Request<?> request) {
        return switch (request.getRequestType()) {
            case Command -> "command";
            case Event -> "event";
            case UrlVerification -> "url_verification";
            case SSLCheck -> "ssl_check";
            default -> "interaction";
        };
    }

    /** Slack's id of the request ({@code event_id} or {@code trigger_id}), else {@code fallback}. */
    static String requestId(Request<?> request, String fallback) {
        String id = null;
        try {
            if (request.getRequestType() == RequestType.Event) {
                id = Json.str(Json.parseObject(request.getRequestBodyAsString()), "event_id");
            } else if (request instanceof SlashCommandRequest r && r.getPayload() != null) {
                id = r.getPayload().getTriggerId();
            } else if (request instanceof BlockActionRequest r && r.getPayload() != null) {
                id = r.getPayload().getTriggerId();
            } else if (request instanceof ViewSubmissionRequest r && r.getPayload() != null) {
                id = r.getPayload().getTriggerId();
            } else if (request instanceof MessageShortcutRequest r && r.getPayload() != null) {
                id = r.getPayload().getTriggerId();
            } else if (request instanceof GlobalShortcutRequest r && r.getPayload() != null) {
                id = r.getPayload().getTriggerId();
            }
        } catch (RuntimeException malformed) {
            // Bolt parsed it; without its ids the fallback names it
        }
        return id != null && !id.isBlank() && id.length() <= 100 ? id : fallback;
    }
}
