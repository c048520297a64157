package io.incidentbot.e2e;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on loopback that checks each delivery with the Standard Webhooks reference
 * library ({@code com.standardwebhooks:standardwebhooks}), independently of the bot's own signing:
 * {@code webhook-id}, {@code webhook-timestamp} (within its 5-minute tolerance) and
 * {@code webhook-signature} over {@code id.timestamp.body}. Deliveries are kept with the verdict;
 * while {@link #failWith} is set every delivery is answered with that status.
 */
final class FakeWebhookReceiver implements AutoCloseable {

    /** One delivery: its headers, body, when it arrived, and whether the signature verified. */
    record Delivery(String id, String timestamp, String signature, String body, Instant at, boolean verified,
                    String verifyError, int answered) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        String type() {
            return json().get("type").getAsString();
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final Webhook verifier;
    private final List<Delivery> deliveries = new ArrayList<>();
    private int failStatus;

    FakeWebhookReceiver(String secret) {
        this.verifier = new Webhook(secret);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", this::receive);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answers every delivery with {@code status} (0: accept again). */
    synchronized void failWith(int status) {
        failStatus = status;
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The accepted (2xx) deliveries. */
    synchronized List<Delivery> accepted() {
        return deliveries.stream().filter(d -> d.answered() / 100 == 2).toList();
    }

    List<Delivery> awaitAccepted(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (accepted().size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " accepted webhook deliveries within " + timeout
                            + ", got " + deliveries);
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            return accepted();
        }
    }

    private void receive(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            HttpHeaders headers = HttpHeaders.of(ex.getRequestHeaders(), (k, v) -> true);
            String error = null;
            try {
                verifier.verify(body, headers);
            } catch (WebhookVerificationException e) {
                error = e.getMessage();
            }
            int status;
            synchronized (this) {
                status = failStatus != 0 ? failStatus : error == null ? 204 : 400;
                deliveries.add(new Delivery(ex.getRequestHeaders().getFirst("webhook-id"),
                        ex.getRequestHeaders().getFirst("webhook-timestamp"),
                        ex.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now(), error == null, error,
                        status));
                notifyAll();
            }
            ex.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
