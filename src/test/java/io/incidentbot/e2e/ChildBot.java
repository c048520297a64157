package io.incidentbot.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real bot as a separate JVM ({@code java -cp <test classpath> io.incidentbot.cli.Main}), configured
 * only through its environment like in production, so tests can kill it with SIGKILL
 * ({@link #kill9}) or stop it with SIGTERM ({@link #terminate}) and start it again on the same
 * database. Slack is a {@link FakeSlack} in the test's JVM; the database is a SQLite file in
 * {@code dir}. The child's output goes to {@code dir/bot-<n>.log}.
 */
final class ChildBot implements AutoCloseable {
    // generous: a JVM starting on a busy 2-core machine (CI, several builds at once) can take a minute
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    final Path dir;
    final Path dbFile;
    final FakeSlack fake;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Path log;
    private int port;
    private int starts;
    /** Settings that differ from the defaults below (a null value removes the variable). */
    private final Map<String, String> envChanges = new java.util.HashMap<>();

    ChildBot(Path dir, FakeSlack fake) {
        this.dir = dir;
        this.dbFile = dir.resolve("incidents.db");
        this.fake = fake;
    }

    /** Sets (or, with null, removes) an environment variable of the next start, e.g. SLACK_APP_TOKEN. */
    ChildBot withEnv(String name, String valueOrNull) {
        envChanges.put(name, valueOrNull);
        return this;
    }

    /** Starts the bot on a free port and waits until {@code GET /health} answers 200. */
    ChildBot start() throws Exception {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            log = dir.resolve("bot-" + (++starts) + ".log");
            ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-cp", testClasspath(), "io.incidentbot.cli.Main")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            String path = env.get("PATH");
            env.clear(); // nothing from the developer's environment (e.g. a SLACK_APP_TOKEN) leaks in
            if (path != null) {
                env.put("PATH", path);
            }
            env.put("SLACK_BOT_TOKEN", "xoxb-test-token");
            env.put("SLACK_SIGNING_SECRET", RunningBot.SIGNING_SECRET);
            env.put("SLACK_API_URL", fake.apiUrl());
            env.put("PORT", Integer.toString(port));
            env.put("DATABASE_URL", "jdbc:sqlite:" + dbFile);
            env.put("LOG_LEVEL", "INFO");
            envChanges.forEach((k, v) -> {
                if (v == null) {
                    env.remove(k);
                } else {
                    env.put(k, v);
                }
            });
            process = pb.start();
            if (awaitHealthy()) {
                return this;
            }
            boolean portTaken = logText().contains("cannot listen");
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (!portTaken || attempt == 3) {
                throw new AssertionError("the bot did not become healthy; its log:\n" + logText());
            }
        }
    }

    private boolean awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** True when nothing accepts connections on the bot's port any more. */
    boolean refusesConnections() throws InterruptedException {
        try {
            get("/health");
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return true;
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    SlackRequests slack() {
        return new SlackRequests(baseUrl(), RunningBot.SIGNING_SECRET);
    }

    Process process() {
        return process;
    }

    /** SIGKILL: the process dies at once, with no shutdown hook, no flush, no goodbye. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the bot survived SIGKILL");
        }
    }

    /** SIGTERM, then waits up to {@code timeout}; returns the exit code, or null when it is still running. */
    Integer terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    String logText() {
        try {
            return log == null || !Files.exists(log) ? "" : Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the database directly, as an operator would (one value per row, columns joined by '|'). */
    List<String> query(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The classpath the tests run with: the app's classes, its dependencies and test resources. */
    static String testClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
