package io.incidentbot.slack.inbound;

import io.incidentbot.metrics.LogContext;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
import io.incidentbot.metrics.BotMetrics;
import io.incidentbot.http.HttpServer.Exchange;
import io.incidentbot.http.HttpServer.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/events}: checks Slack's signature before anything is parsed, then hands the
 * request to Bolt. A forged or stale request gets 401 and touches nothing.
 */
public final class SlackEndpoint {
    private static final Logger log = LoggerFactory.getLogger(SlackEndpoint.class);

    private final SlackSignature signature;
    private final BoltDispatch dispatch;
    private final BotMetrics metrics;

    public SlackEndpoint(App app, SlackSignature signature) {
        this(app, signature, BotMetrics.disabled());
    }

    /** With {@code metrics} timing every answer (the ack latency Slack sees, by request kind and status). */
    public SlackEndpoint(App app, SlackSignature signature, BotMetrics metrics) {
        this.signature = signature;
        this.dispatch = new BoltDispatch(app);
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

    /**
     * Slack's own id of the request for the logs, else {@code ts<timestamp>-<signature prefix>}
     * (unique enough, and it reveals nothing: the signature is a one-way hash of the body).
     */
    private static String fallbackId(String timestamp, String signature) {
        String sig = signature == null ? "" : signature.startsWith("v0=") ? signature.substring(3) : signature;
        return "ts" + timestamp + "-" + sig.substring(0, Math.min(8, sig.length()));
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
        BoltDispatch.Outcome outcome = dispatch.run(SlackRequestParser.HttpRequest.builder()
                        .requestUri(ex.path())
                        .queryString(QueryStringParser.toMap(ex.query()))
                        .headers(new RequestHeaders(ex.headers()))
                        .requestBody(ex.bodyText())
                        .remoteAddress(ex.remoteAddress())
                        .build(),
                fallbackId(ex.header("X-Slack-Request-Timestamp"), ex.header("X-Slack-Signature")), retry, "");
        kind[0] = outcome.kind();
        if (outcome.refusal() != null) {
            return Reply.json(400, "{\"error\":\"" + outcome.refusal() + "\"}");
        }
        String contentType = outcome.contentType() == null ? "text/plain; charset=utf-8" : outcome.contentType();
        return new Reply(outcome.status(), contentType, outcome.body());
    }
}
