package io.incidentbot.e2e;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Slack's Socket Mode server on loopback, for end-to-end tests: the bot connects to {@link #url()}
 * (handed out by {@link FakeSlack#useSocketMode}), gets Slack's {@code hello}, and the test sends it
 * envelopes ({@link #send}) and reads the acknowledgements that come back ({@link #awaitAck}).
 * {@link #dropConnections} and {@link #askToReconnect} play the two ways Slack ends a connection.
 * Thread-safe: all state is guarded by one monitor.
 */
final class FakeSocketModeServer implements AutoCloseable {
    private final Object lock = new Object();
    private final Server server;
    // ---- guarded by lock ----
    private final List<WebSocket> open = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private final List<String> received = new ArrayList<>();
    private final Map<String, JsonObject> acks = new HashMap<>();

    FakeSocketModeServer() throws InterruptedException {
        server = new Server();
        server.setReuseAddr(true);
        server.setDaemon(true);
        server.start();
        if (!server.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the fake Socket Mode server did not start");
        }
    }

    /** {@code ws://127.0.0.1:<port>/link}, the URL without Slack's query string. */
    String url() {
        return "ws://127.0.0.1:" + server.getPort() + "/link";
    }

    /** How many connections were opened so far (the first plus every reconnect). */
    int connectionsOpened() {
        synchronized (lock) {
            return paths.size();
        }
    }

    /** The request paths of the connections so far (with Slack's {@code ?ticket=…&app_id=…}). */
    List<String> connectionPaths() {
        synchronized (lock) {
            return List.copyOf(paths);
        }
    }

    /** Waits until {@code count} connections were opened and the newest is open; false on timeout. */
    boolean awaitConnections(int count, Duration timeout) {
        return awaitLocked(() -> paths.size() >= count && !open.isEmpty(), timeout);
    }

    /** Waits until exactly {@code count} connections are open; false on timeout. */
    boolean awaitOpenConnections(int count, Duration timeout) {
        return awaitLocked(() -> open.size() == count, timeout);
    }

    /** Sends an envelope on the newest open connection; returns its envelope_id. */
    String send(JsonObject envelope) {
        sendRaw(envelope.toString());
        return envelope.get("envelope_id").getAsString();
    }

    /** Sends any text (e.g. malformed JSON) on the newest open connection. */
    void sendRaw(String text) {
        WebSocket conn;
        synchronized (lock) {
            if (open.isEmpty()) {
                throw new IllegalStateException("no Socket Mode connection is open");
            }
            conn = open.get(open.size() - 1);
        }
        conn.send(text);
    }

    /** The acknowledgement for an envelope, waiting up to {@code timeout}; null if none came. */
    JsonObject awaitAck(String envelopeId, Duration timeout) {
        synchronized (lock) {
            return awaitLocked(() -> acks.containsKey(envelopeId), timeout) ? acks.get(envelopeId) : null;
        }
    }

    /** Waits, holding {@link #lock}, until {@code done} (read under the lock) holds; false on timeout or interrupt. */
    private boolean awaitLocked(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!done.getAsBoolean()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Every text message the bot sent, in arrival order. */
    List<String> received() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    /** Slack's way of refreshing a connection: a {@code disconnect} message, then the close. */
    void askToReconnect(String reason) {
        JsonObject message = new JsonObject();
        message.addProperty("type", "disconnect");
        message.addProperty("reason", reason);
        JsonObject debug = new JsonObject();
        debug.addProperty("host", "fake-socket-mode");
        message.add("debug_info", debug);
        sendRaw(message.toString());
    }

    /** The connections end from the server side without a word (a network drop or a server restart). */
    void dropConnections() {
        List<WebSocket> conns;
        synchronized (lock) {
            conns = List.copyOf(open);
        }
        for (WebSocket c : conns) {
            c.closeConnection(1006, "dropped by the test");
        }
    }

    /** An envelope as Slack sends it: {@code envelope_id}, {@code type}, {@code payload}, {@code accepts_response_payload}. */
    static JsonObject envelope(String type, JsonElement payload, boolean acceptsResponsePayload) {
        JsonObject e = new JsonObject();
        e.addProperty("envelope_id", UUID.randomUUID().toString());
        e.add("payload", payload);
        e.addProperty("type", type);
        e.addProperty("accepts_response_payload", acceptsResponsePayload);
        return e;
    }

    /** An {@code events_api} envelope, with Slack's {@code retry_attempt} and {@code retry_reason}. */
    static JsonObject eventsApi(JsonObject eventCallback, int retryAttempt, String retryReason) {
        JsonObject e = envelope("events_api", eventCallback, false);
        e.addProperty("retry_attempt", retryAttempt);
        e.addProperty("retry_reason", retryReason);
        return e;
    }

    @Override
    public void close() {
        try {
            server.stop(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Server extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            synchronized (lock) {
                open.add(conn);
                paths.add(handshake.getResourceDescriptor());
                lock.notifyAll();
            }
            JsonObject hello = new JsonObject();
            hello.addProperty("type", "hello");
            hello.addProperty("num_connections", 1);
            JsonObject debug = new JsonObject();
            debug.addProperty("host", "fake-socket-mode");
            debug.addProperty("build_number", 1);
            debug.addProperty("approximate_connection_time", 18060);
            hello.add("debug_info", debug);
            JsonObject info = new JsonObject();
            info.addProperty("app_id", FakeSlack.APP_ID);
            hello.add("connection_info", info);
            conn.send(hello.toString());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            synchronized (lock) {
                open.remove(conn);
                lock.notifyAll();
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            synchronized (lock) {
                received.add(message);
                try {
                    JsonElement parsed = JsonParser.parseString(message);
                    if (parsed.isJsonObject() && parsed.getAsJsonObject().has("envelope_id")) {
                        acks.put(parsed.getAsJsonObject().get("envelope_id").getAsString(), parsed.getAsJsonObject());
                    }
                } catch (RuntimeException notJson) {
                    // kept in received() for the test to look at
                }
                lock.notifyAll();
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            // a connection's error is followed by its onClose
        }
    }
}
