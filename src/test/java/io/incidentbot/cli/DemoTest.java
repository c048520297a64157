package io.incidentbot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code demo} as a person runs it, in a child JVM with no Slack settings (and a broken .env it must
 * not read): it prints the one-time sign-in link, the pages answer with both bundled incidents and
 * people's display names, the link works once, and Ctrl-C (SIGINT) exits 0 and removes its files.
 */
class DemoTest {
    private static final Pattern RUNNING = Pattern.compile("Demo running: (http://127\\.0\\.0\\.1:(\\d+)/\\?token=[0-9a-f]{48})");

    @TempDir
    Path dir;

    @Test
    void servesTheBundledIncidentsOfflineUntilCtrlC() throws Exception {
        // settings the demo must ignore: it reads neither Slack settings nor .env
        Files.writeString(dir.resolve(".env"), "DATABASE_URL=jdbc:mysql://nowhere/x\nPORT=not-a-port\n");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), "io.incidentbot.cli.Main", "demo")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> !k.equals("PATH"));
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<String> running = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                        Matcher m = RUNNING.matcher(line);
                        if (m.matches()) {
                            running.complete(m.group(1));
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
                running.complete(null);
            });
            reader.setDaemon(true);
            reader.start();
            String link = running.get(90, TimeUnit.SECONDS);
            assertTrue(link != null, "no 'Demo running: <link>' line; output:\n" + String.join("\n", lines));
            assertTrue(lines.stream().noneMatch(l -> l.contains("WARN") || l.contains("ERROR")), String.join("\n", lines));
            String base = link.substring(0, link.indexOf("/?token="));

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> signIn = get(http, link, null);
            assertEquals(303, signIn.statusCode(), signIn.body());
            assertEquals("/", signIn.headers().firstValue("Location").orElseThrow(), "the token leaves the address bar");
            String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            HttpResponse<String> list = get(http, base + "/", cookie);
            assertEquals(200, list.statusCode(), list.body());
            assertTrue(list.body().contains("Orders API returns 502 after the v2.41.0 deploy"), list.body());
            assertTrue(list.body().contains("Checkout slow: orders-api out of database connections"), list.body());

            HttpResponse<String> older = get(http, base + "/incidents/1", cookie);
            assertEquals(200, older.statusCode());
            for (String name : List.of("sam.k", "priya", "Marco Bianchi", "Lena (Support)")) {
                assertTrue(older.body().contains(name), "display name " + name + " on the timeline");
            }
            assertFalse(older.body().contains("U05D9T2LM6P"), "people are shown by name, not by Slack id");
            assertTrue(older.body().contains("HPA scaled orders-api from 8 to 14 pods"), "messages from the export");

            HttpResponse<String> draft = get(http, base + "/incidents/2/postmortem", cookie);
            assertEquals(200, draft.statusCode());
            assertTrue(draft.body().contains("fixed connection pool to 50 connections per pod"), "the root cause");
            assertTrue(draft.body().contains("Checkout slow: orders-api out of database connections"),
                    "the February incident is a similar past incident of May's");

            HttpResponse<String> insights = get(http, base + "/insights", cookie);
            assertEquals(200, insights.statusCode());
            assertTrue(insights.body().contains("<svg"), "charts drawn from the two incidents");

            HttpResponse<String> again = get(http, link, null);
            assertEquals(401, again.statusCode(), "the link works once");
            assertTrue(again.body().contains("has been used"), again.body());

            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "Ctrl-C stops the demo");
            assertEquals(0, p.exitValue());
            try (var left = Files.list(tmp)) {
                assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith("incident-bot-demo-"))
                        .toList(), "the demo's database and export copy are deleted");
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
