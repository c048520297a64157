package io.incidentbot.slack.inbound;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.apps.connections.AppsConnectionsOpenResponse;
import com.slack.api.socket_mode.impl.SocketModeClientJavaWSImpl;
import com.slack.api.socket_mode.queue.impl.ConcurrentLinkedMessageQueue;
import io.incidentbot.metrics.BotMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slack traffic over Socket Mode ({@code SLACK_APP_TOKEN}): the bot asks Slack's
 * {@code apps.connections.open} (at {@code SLACK_API_URL}, through the same {@link Slack} client as
 * every other Web API call) for a WebSocket URL, connects, and hands each envelope to
 * {@link SocketModeEnvelopes}, which runs the same Bolt app as {@code POST /slack/events}.
 *
 * <p>The SDK's client (Java-WebSocket backend) keeps the session alive: every 5 s its monitor pings,
 * and a connection that does not answer is replaced by a new one; Slack's {@code disconnect}
 * message (sent before Slack closes a connection) opens a new connection at once. Envelopes are
 * handled on a few threads of our own, so a slow or bad envelope cannot hold up the socket.
 */
public final class SocketModeConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SocketModeConnection.class);
    /** apps.connections.open errors that no retry fixes: the token is wrong. */
    private static final Set<String> TOKEN_ERRORS = Set.of("invalid_auth", "not_authed", "not_allowed_token_type",
            "account_inactive", "token_revoked", "token_expired", "missing_scope", "no_permission");
    /** Where the client points until Slack has handed out a URL (the session monitor then asks again). */
    private static final String NO_URL_YET = "wss://wss-primary.slack.com/link/";
    private static final int HANDLER_THREADS = 4;
    private static final long RETRY_MILLIS = 10_000L;

    private final Slack slack;
    private final String appToken;
    private final SocketModeEnvelopes envelopes;
    private final AtomicInteger connections = new AtomicInteger();
    /** Connections closed on purpose after a new one was opened (Slack's disconnect), not yet reported closed. */
    private final AtomicInteger replaced = new AtomicInteger();
    private volatile boolean closing;
    private volatile Client client;

    public SocketModeConnection(App app, Slack slack, String appToken, BotMetrics metrics) {
        this.slack = slack;
        this.appToken = appToken;
        this.envelopes = new SocketModeEnvelopes(app, metrics);
    }

    /**
     * Opens the first connection. A token Slack refuses fails here, with what to do; when Slack
     * cannot be reached, the bot starts anyway and keeps asking every 10 s.
     */
    public void start() {
        String url = null;
        try {
            url = openUrl();
        } catch (TokenRefused e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            log.warn("Socket Mode: cannot reach Slack's apps.connections.open yet ({}); the bot keeps trying every {} s",
                    e.getMessage(), RETRY_MILLIS / 1000);
        }
        try {
            client = new Client(url == null ? NO_URL_YET : url);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Slack's apps.connections.open gave a URL that is not one: " + url, e);
        }
        client.addWebSocketCloseListener((code, reason) -> {
            if (replaced.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                log.info("Socket Mode: the previous connection closed (code {}) after the switch", code);
            } else if (!closing) {
                log.warn("Socket Mode connection closed (code {}{}); a new one opens within about 5 s", code,
                        reason == null || reason.isBlank() ? "" : ", " + reason);
            }
        });
        client.addWebSocketErrorListener(e -> {
            if (!closing) {
                log.warn("Socket Mode connection error: {}", e.toString());
            }
        });
        if (url != null) {
            client.connect();
        }
    }

    /** Slack refused the app-level token: no retry will help. */
    static final class TokenRefused extends IllegalStateException {
        TokenRefused(String message) {
            super(message);
        }
    }

    /** The WebSocket URL from apps.connections.open; a refused token is {@link TokenRefused}. */
    private String openUrl() throws IOException {
        AppsConnectionsOpenResponse response;
        try {
            response = slack.methods().appsConnectionsOpen(r -> r.token(appToken));
        } catch (SlackApiException e) {
            throw new IOException("HTTP " + e.getResponse().code(), e);
        }
        if (response.isOk() && response.getUrl() != null) {
            return response.getUrl();
        }
        String error = response.getError();
        if (error != null && TOKEN_ERRORS.contains(error)) {
            throw new TokenRefused("Slack refused SLACK_APP_TOKEN (apps.connections.open: " + error + "): "
                    + "use an app-level token (xapp-…) with the connections:write scope, from Basic Information → "
                    + "App-Level Tokens, and turn Socket Mode on under Settings → Socket Mode");
        }
        throw new IOException("apps.connections.open answered " + (error == null ? "without a URL" : error));
    }

    /** How many connections Slack has greeted (hello) since start: the first plus every reconnect. */
    public int connections() {
        return connections.get();
    }

    /**
     * Stops taking envelopes, lets those being handled finish and send their acks (up to
     * {@code drainMillis}), then closes the socket. Envelopes not yet acknowledged are delivered
     * again by Slack to the next connection.
     */
    public void close(long drainMillis) {
        stopTaking();
        Client c = client;
        if (c == null) {
            return;
        }
        ExecutorService handlers = c.getMessageProcessorExecutor();
        try {
            if (!handlers.awaitTermination(drainMillis, TimeUnit.MILLISECONDS)) {
                log.warn("Socket Mode: envelopes still being handled at shutdown; Slack will deliver them again");
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            c.disconnect();
        } catch (RuntimeException e) {
            log.debug("Socket Mode: closing the connection failed: {}", e.toString());
        }
        c.getSessionMonitorExecutor().ifPresent(monitor -> monitor.shutdownNow());
    }

    @Override
    public void close() {
        close(3_000);
    }

    /** No new envelopes from now on (they stay unacknowledged, so Slack delivers them again); no reconnects. */
    public void stopTaking() {
        closing = true;
        Client c = client;
        if (c != null) {
            c.setAutoReconnectEnabled(false);
            c.getMessageProcessorExecutor().shutdown();
        }
    }

    /** The SDK's client with our envelope handling, reconnect logging and a monitor that never dies. */
    private final class Client extends SocketModeClientJavaWSImpl {
        Client(String url) throws URISyntaxException {
            super(slack, appToken, url, 1, new ConcurrentLinkedMessageQueue(), true, true,
                    DEFAULT_SESSION_MONITOR_INTERVAL_MILLISECONDS);
        }

        /** Our handler threads instead of the SDK's polling of a queue every 10 ms. */
        @Override
        public void initializeMessageProcessorExecutor(int concurrency) {
            AtomicInteger n = new AtomicInteger();
            ScheduledThreadPoolExecutor handlers = new ScheduledThreadPoolExecutor(HANDLER_THREADS, r -> {
                Thread t = new Thread(r, "socket-mode-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            handlers.setExecuteExistingDelayedTasksAfterShutdownPolicy(true);
            setMessageProcessorExecutor(handlers);
        }

        @Override
        public void enqueueMessage(String message) {
            try {
                getMessageProcessorExecutor().execute(() -> {
                    try {
                        processMessage(message);
                    } catch (Exception | LinkageError e) {
                        log.error("Socket Mode: a message could not be handled", e);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                log.debug("Socket Mode: stopping; Slack will deliver this envelope again");
            }
        }

        @Override
        public void processMessage(String message) throws IOException {
            JsonObject root = SocketModeEnvelopes.parse(message);
            if (root == null) {
                return;
            }
            JsonElement type = root.get("type");
            String t = type != null && type.isJsonPrimitive() ? type.getAsString() : null;
            if ("hello".equals(t)) {
                JsonElement count = root.get("num_connections");
                int n = connections.incrementAndGet();
                log.info("Socket Mode connected{} (Slack counts {} open connection(s) for this app)",
                        n == 1 ? "" : " again (connection " + n + " since start)", count == null ? "?" : count);
                return;
            }
            if ("disconnect".equals(t)) {
                JsonElement reason = root.get("reason");
                String why = reason != null && reason.isJsonPrimitive() ? reason.getAsString() : "no reason given";
                if ("link_disabled".equals(why)) {
                    log.error("Slack turned Socket Mode off for this app (link_disabled): turn it on under Settings → "
                            + "Socket Mode, or unset SLACK_APP_TOKEN and use the Request URL");
                } else {
                    log.info("Slack asked the bot to reconnect ({}); opening a new Socket Mode connection", why);
                }
                if (!closing && reconnect()) {
                    replaced.incrementAndGet();
                }
                return;
            }
            String ack = envelopes.answer(root);
            if (ack != null) {
                try {
                    sendSocketModeResponse(ack);
                } catch (RuntimeException e) {
                    log.warn("Socket Mode: could not acknowledge an envelope ({}); Slack will deliver it again",
                            e.toString());
                }
            }
        }

        /** The SDK's check, plus: a failure of apps.connections.open never ends the monitor. */
        @Override
        public long maintainCurrentSession() {
            if (closing || !isAutoReconnectEnabled() || verifyConnection()) {
                return System.currentTimeMillis();
            }
            if (connections.get() == 0) {
                log.info("Socket Mode: not connected yet; asking Slack for a connection");
            } else {
                log.warn("Socket Mode connection lost; opening a new one");
            }
            return reconnect() ? System.currentTimeMillis() : System.currentTimeMillis() + RETRY_MILLIS;
        }

        private boolean reconnect() {
            try {
                connectToNewEndpoint();
                return true;
            } catch (IOException | RuntimeException e) {
                log.warn("Socket Mode: could not open a new connection ({}); trying again in {} s", e.getMessage(),
                        RETRY_MILLIS / 1000);
                return false;
            }
        }
    }
}
