package io.incidentbot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.QueryStringParser;
import com.slack.api.bolt.util.SlackRequestParser;
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

    public SlackEndpoint(App app, SlackSignature signature) {
        this.app = app;
        this.signature = signature;
        this.parser = new SlackRequestParser(app.config());
    }

    public Reply handle(Exchange ex) throws Exception {
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
            return Reply.json(400, "{\"error\":\"unrecognised Slack request\"}");
        }
        String malformed = RequestShape.problem(request);
        if (malformed != null) {
            log.warn("Rejected a malformed {} request: {}", request.getRequestType(), malformed);
            return Reply.json(400, "{\"error\":\"malformed Slack request\"}");
        }
        Response response = app.run(request);
        String contentType = response.getContentType() == null ? "text/plain; charset=utf-8" : response.getContentType();
        return new Reply(response.getStatusCode(), contentType, response.getBody());
    }
}
