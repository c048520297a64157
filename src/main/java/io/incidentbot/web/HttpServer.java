package io.incidentbot.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bot's one HTTP port (Jetty 12): Slack's endpoint, health and pages, each a {@link Route}.
 * Bodies are capped, so no request can make the bot buffer more than {@link #MAX_BODY_BYTES}.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** A request as routes see it: the body fully read (and within the cap). */
    public record Exchange(String method, String path, String query, Map<String, List<String>> headers,
                           byte[] body, String remoteAddress) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public record Reply(int status, String contentType, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json; charset=utf-8", body);
        }

        public static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body);
        }
    }

    @FunctionalInterface
    public interface Route {
        Reply handle(Exchange exchange) throws Exception;
    }

    private final Server server;
    private final Map<String, Route> routes;

    /** Routes are keyed "METHOD /path", e.g. "POST /slack/events". */
    public HttpServer(int port, Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("http");
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("0.0.0.0");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Dispatcher());
        server.setStopTimeout(5_000);
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private final class Dispatcher extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Reply reply;
            try {
                reply = dispatch(request);
            } catch (Exception e) {
                log.error("{} {} failed", request.getMethod(), Request.getPathInContext(request), e);
                reply = Reply.text(500, "internal error");
            }
            response.setStatus(reply.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
            Content.Sink.write(response, true, reply.body() == null ? "" : reply.body(), callback);
            return true;
        }

        private Reply dispatch(Request request) throws Exception {
            String path = Request.getPathInContext(request);
            Route route = routes.get(request.getMethod() + " " + path);
            if (route == null) {
                boolean otherMethod = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path));
                return otherMethod ? Reply.text(405, "method not allowed") : Reply.text(404, "not found");
            }
            long declared = request.getLength();
            if (declared > MAX_BODY_BYTES) {
                return Reply.text(413, "request body too large");
            }
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            } catch (IOException e) {
                return Reply.text(400, "could not read the request body");
            }
            if (body.length > MAX_BODY_BYTES) {
                return Reply.text(413, "request body too large");
            }
            Map<String, List<String>> headers = new HashMap<>();
            request.getHeaders().forEach(f -> headers.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>())
                    .add(f.getValue()));
            return route.handle(new Exchange(request.getMethod(), path, request.getHttpURI().getQuery(), headers,
                    body, Request.getRemoteAddr(request)));
        }
    }
}
