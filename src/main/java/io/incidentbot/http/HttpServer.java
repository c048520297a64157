package io.incidentbot.http;


import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
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
    /** Threads serving requests; each holds at most one body of {@link #MAX_BODY_BYTES}. */
    static final int MAX_THREADS = 64;
    /** Open connections accepted at once (Slack uses a handful; browsers a few each). */
    static final int MAX_CONNECTIONS = 512;
    /** Jobs (connection reads and writes) waiting for a thread; past this Jetty rejects them and closes the connection. */
    static final int MAX_QUEUED_JOBS = 1024;
    /** How long {@link #close} lets requests in progress finish. */
    static final long STOP_TIMEOUT_MS = 3_000;

    /** A request as routes see it: the body fully read (and within the cap); {@code query} is raw (still encoded). */
    public record Exchange(String method, String path, String query, Map<String, List<String>> headers,
                           byte[] body, String remoteAddress) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The decoded query parameters in order; malformed pairs are skipped. */
        public Map<String, List<String>> queryParams() {
            return QueryString.parse(query);
        }

        /** The first value of a query parameter, or null. */
        public String queryParam(String name) {
            List<String> values = queryParams().get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The value of a cookie sent in {@code Cookie} headers, or null. */
        public String cookie(String name) {
            List<String> values = headers.get("cookie");
            if (values == null) {
                return null;
            }
            for (String header : values) {
                for (String pair : header.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                        return pair.substring(eq + 1).strip();
                    }
                }
            }
            return null;
        }
    }

    /** A reply; {@code headers} are extra response headers (e.g. Location, Set-Cookie, Cache-Control). */
    public record Reply(int status, String contentType, String body, Map<String, String> headers) {
        public Reply {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        public Reply(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        public static Reply json(int status, String body) {
            return new Reply(status, "application/json; charset=utf-8", body);
        }

        public static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body);
        }

        public static Reply html(int status, String body) {
            return new Reply(status, "text/html; charset=utf-8", body);
        }

        /** This reply with one more header (replacing a header of the same name). */
        public Reply withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, contentType, body, more);
        }

        /** This reply with more headers (those it has already win). */
        public Reply withDefaultHeaders(Map<String, String> defaults) {
            Map<String, String> merged = new java.util.LinkedHashMap<>(defaults);
            merged.putAll(headers);
            return new Reply(status, contentType, body, merged);
        }
    }

    @FunctionalInterface
    public interface Route {
        Reply handle(Exchange exchange) throws Exception;
    }

    private final Server server;
    private final Map<String, Route> routes;

    /**
     * Routes are keyed "METHOD /path", e.g. "POST /slack/events"; a key ending in "/*" (e.g.
     * "GET /incidents/*") is a prefix route for every path below it. Exact keys win, then the longest prefix.
     */
    public HttpServer(int port, Map<String, Route> routes) {
        this("0.0.0.0", port, routes, MAX_CONNECTIONS);
    }

    /** Listening on one address only, e.g. {@code 127.0.0.1} for the demo, which no other machine should reach. */
    public HttpServer(String host, int port, Map<String, Route> routes) {
        this(host, port, routes, MAX_CONNECTIONS);
    }

    /**
     * With at most {@code maxConnections} open connections: past that the server stops accepting
     * (new ones wait in the OS backlog) until one closes, so an overload — Slack keeps sending while
     * the bot is behind — cannot grow memory without bound. Work waiting for a thread is bounded too.
     */
    HttpServer(int port, Map<String, Route> routes, int maxConnections) {
        this("0.0.0.0", port, routes, maxConnections);
    }

    private HttpServer(String host, int port, Map<String, Route> routes, int maxConnections) {
        this.routes = Map.copyOf(routes);
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4, 60_000,
                new BlockingArrayQueue<>(MAX_QUEUED_JOBS, MAX_QUEUED_JOBS));
        threads.setName("http");
        server = new Server(threads);
        server.addBean(new NetworkConnectionLimit(maxConnections, server));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        // Graceful stop: no new connections, requests in progress may finish (up to the stop timeout),
        // requests that still arrive on open connections get 503.
        server.setHandler(new GracefulHandler(new Dispatcher()));
        server.setStopTimeout(STOP_TIMEOUT_MS);
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

    private Route route(String method, String path) {
        Route exact = routes.get(method + " " + path);
        if (exact != null) {
            return exact;
        }
        Route best = null;
        int bestLength = -1;
        String prefix = method + " ";
        for (Map.Entry<String, Route> e : routes.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(prefix) && key.endsWith("/*")) {
                String below = key.substring(prefix.length(), key.length() - 1); // keeps the trailing '/'
                if (path.startsWith(below) && below.length() > bestLength) {
                    best = e.getValue();
                    bestLength = below.length();
                }
            }
        }
        return best;
    }

    /** The rest of the body stays unread, so the connection cannot carry another request: say so. */
    private static Reply tooLarge() {
        return Reply.text(413, "request body too large").withHeader("Connection", "close");
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
            reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            Content.Sink.write(response, true, reply.body() == null ? "" : reply.body(), callback);
            return true;
        }

        private Reply dispatch(Request request) throws Exception {
            String path = Request.getPathInContext(request);
            Route route = route(request.getMethod(), path);
            if (route == null) {
                boolean otherMethod = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path)
                        || k.endsWith("/*") && path.startsWith(k.substring(k.indexOf(' ') + 1, k.length() - 1)));
                return otherMethod ? Reply.text(405, "method not allowed") : Reply.text(404, "not found");
            }
            long declared = request.getLength();
            if (declared > MAX_BODY_BYTES) {
                return tooLarge();
            }
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            } catch (IOException e) {
                return Reply.text(400, "could not read the request body");
            }
            if (body.length > MAX_BODY_BYTES) {
                return tooLarge();
            }
            Map<String, List<String>> headers = new HashMap<>();
            request.getHeaders().forEach(f -> headers.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>())
                    .add(f.getValue()));
            return route.handle(new Exchange(request.getMethod(), path, request.getHttpURI().getQuery(), headers,
                    body, Request.getRemoteAddr(request)));
        }
    }
}
