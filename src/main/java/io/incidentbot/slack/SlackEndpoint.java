package io.incidentbot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.GlobalShortcutRequest;
import com.slack.api.bolt.request.builtin.MessageShortcutRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import io.incidentbot.metrics.BotMetrics;
import io.incidentbot.slack.events.Json;
import io.incidentbot.web.HttpServer.Exchange;
import io.incidentbot.web.HttpServer.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/events}: checks Slack's signature before anything is parsed, then hands the
 * request to Bolt. A forged or stale request gets 401 and touches nothing.
 */
public final class SlackEndpoint {
    private static final Logger log = LoggerFactory.getLogger(SlackEndpoint.class);

    private final App app;
    private final SlackSignature signature;
    private final SlackRequestParser parser;
    private final BotMetrics metrics;

    public SlackEndpoint(App app, SlackSignature signature) {
        this(app, signature, BotMetrics.disabled());
    }

    /** With {@code metrics} timing every answer (the ack latency Slack sees, by request kind and status). */
    public SlackEndpoint(App app, SlackSignature signature, BotMetrics metrics) {
        this.app = app;
        this.signature = signature;
        this.parser = new SlackRequestParser(app.config());
        this.metrics = metrics;
    }

    public Reply handle(Exchange ex) throws Exception {
        long started = System.nanoTime();
        String[] kind = {"rejected"};
        Reply reply = null;
        try {
            reply = answer(ex, kind);
            return reply;
        } finally {
            metrics.ack(kind[0], reply == null ? 500 : reply.status(), System.nanoTime() - started);
            LogContext.clear();
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

    /**
     * Slack's own id of the request, for the logs: the Events API {@code event_id}, a command's or
     * interaction's {@code trigger_id}, else {@code ts<timestamp>-<signature prefix>} (unique enough,
     * and it reveals nothing: the signature is a one-way hash of the body).
     */
    static String requestId(Request<?> request, String timestamp, String signature) {
        String sig = signature == null ? "" : signature.replaceFirst("^v0=", "");
        return requestId(request, "ts" + timestamp + "-" + sig.substring(0, Math.min(8, sig.length())));
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

    private Reply answer(Exchange ex, String[] kind) throws Exception {
        String retry = ex.header("X-Slack-Retry-Num");
        LogContext.request(null, retry);
        String problem = signature.problem(ex.header("X-Slack-Request-Timestamp"), ex.header("X-Slack-Signature"),
                ex.body());
        if (problem != null) {
            log.warn("Rejected a request from {}: {}", ex.remoteAddress(), problem);
            return Reply.json(401, "{\"error\":\"invalid request signature\"}");
        }
        Request<?> request;
        try {
            request = parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(ex.path())
                    .queryString(QueryStringParser.toMap(ex.query()))
                    .headers(new RequestHeaders(ex.headers()))
                    .requestBody(ex.bodyText())
                    .remoteAddress(ex.remoteAddress())
                    .build());
        } catch (RuntimeException e) {
            request = null;
        }
        if (request == null) {
            kind[0] = "unrecognised";
            return Reply.json(400, "{\"error\":\"unrecognised Slack request\"}");
        }
        kind[0] = kindOf(request);
        LogContext.request(requestId(request, ex.header("X-Slack-Request-Timestamp"), ex.header("X-Slack-Signature")),
                retry);
        String malformed = RequestShape.problem(request);
        if (malformed != null) {
            log.warn("Rejected a malformed {} request: {}", request.getRequestType(), malformed);
            return Reply.json(400, "{\"error\":\"malformed Slack request\"}");
        }
        Response response;
        try {
            response = app.run(request);
        } finally {
            Json.forgetParsed();
        }
        String contentType = response.getContentType() == null ? "text/plain; charset=utf-8" : response.getContentType();
        return new Reply(response.getStatusCode(), contentType, response.getBody());
    }
}
