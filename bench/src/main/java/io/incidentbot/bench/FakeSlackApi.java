package io.incidentbot.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A tiny fake Slack Web API on loopback: answers {@code ok:true} in the shapes the bot reads, counts calls. */
public final class FakeSlackApi implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicLong largestUpload = new AtomicLong();

    public FakeSlackApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fake-slack");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    public String responseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/respond/1";
    }

    public int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /** Bytes of the largest file uploaded to the upload URL that files.getUploadURLExternal handed out. */
    public long largestUpload() {
        return largestUpload.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        long received = ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
        String path = ex.getRequestURI().getPath();
        String method = path.startsWith("/api/") ? path.substring(5) : path;
        if (method.startsWith("/upload/")) {
            largestUpload.accumulateAndGet(received, Math::max);
            method = "upload";
        }
        calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        String body = switch (method) {
            case "files.getUploadURLExternal" -> "{\"ok\":true,\"upload_url\":\"http://127.0.0.1:"
                    + server.getAddress().getPort() + "/upload/F0BENCH\",\"file_id\":\"F0BENCH\"}";
            case "upload" -> "OK - " + received;
            case "auth.test" -> "{\"ok\":true,\"url\":\"https://bench.slack.com/\",\"team\":\"Bench\",\"user\":\"incident-bot\","
                    + "\"team_id\":\"" + Payloads.TEAM + "\",\"user_id\":\"" + Payloads.BOT_USER + "\",\"bot_id\":\"B0BENCH\"}";
            case "conversations.create" -> "{\"ok\":true,\"channel\":{\"id\":\"" + Payloads.CHANNEL + "\",\"name\":\"inc-bench\","
                    + "\"is_channel\":true,\"is_private\":false,\"created\":1700000000,\"creator\":\"" + Payloads.BOT_USER + "\"}}";
            case "chat.postMessage" -> "{\"ok\":true,\"channel\":\"" + Payloads.CHANNEL + "\",\"ts\":\"1700000000.000001\"}";
            case "users.info" -> "{\"ok\":true,\"user\":{\"id\":\"U0ALICE\",\"name\":\"alice\",\"profile\":{\"display_name\":\"alice\"}}}";
            default -> "{\"ok\":true}";
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
