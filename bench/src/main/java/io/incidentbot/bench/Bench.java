package io.incidentbot.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark driver (run by {@code bench/run.sh}, pinned to the load-generator core). For each server
 * under test — the bare Bolt baseline, the bot with {@code SQLITE_SYNCHRONOUS=NORMAL}, the bot with
 * {@code FULL} — it starts a fresh process pinned to the server core, measures start-up to
 * {@code /health} 200, opens an incident (bot), drives it with wrk replaying pre-signed message events
 * (warm-up, then the measured run), then with a constant-rate Java generator (warm-up, then measured),
 * reads the heap with jcmd, kills the process with SIGKILL and counts the rows that survived against
 * the 200s it sent. Then it times a 100,000-entry postmortem draft ({@link DraftBench}) and prints one table.
 */
public final class Bench {
    private static final String SECRET = "bench-signing-secret-0123456789abcdef";

    private final Path work;
    private final Path botJar;
    private final String classpath;
    private final Path lua;
    private final String serverCpu;
    private final String clientCpu;
    private final int warmupSecs;
    private final int throughputSecs;
    private final int latencyWarmupSecs;
    private final int latencySecs;
    private final int rate;
    private final int connections;
    private final int draftEntries;
    private final int wrkLinesPerSec;
    /** Throughput only: no constant-rate phase, no heap reading, no draft (a quick A/B of the ingest path). */
    private final boolean ingestOnly;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private String loadBefore;
    private String loadAfter;
    private final long tsBase = System.currentTimeMillis() / 1000 - 3600;

    Bench(Map<String, String> opt) throws IOException {
        boolean full = opt.containsKey("full");
        boolean smoke = opt.containsKey("smoke");
        Path root = Path.of(opt.getOrDefault("root", ".")).toAbsolutePath().normalize();
        botJar = root.resolve("target/incident-bot.jar");
        classpath = botJar + ":" + root.resolve("bench/target/classes");
        lua = root.resolve("bench/wrk-replay.lua");
        work = Files.createTempDirectory("incident-bot-bench");
        serverCpu = opt.getOrDefault("server-cpu", "0");
        clientCpu = opt.getOrDefault("client-cpu", "1");
        warmupSecs = Integer.parseInt(opt.getOrDefault("warmup-secs", Integer.toString(smoke ? 1 : full ? 30 : 15)));
        throughputSecs = Integer.parseInt(opt.getOrDefault("throughput-secs", Integer.toString(smoke ? 2 : full ? 30 : 10)));
        latencyWarmupSecs = smoke ? 1 : full ? 10 : 5;
        latencySecs = Integer.parseInt(opt.getOrDefault("latency-secs", Integer.toString(smoke ? 2 : full ? 60 : 20)));
        rate = Integer.parseInt(opt.getOrDefault("rate", smoke ? "200" : "1000"));
        connections = Integer.parseInt(opt.getOrDefault("connections", "32"));
        draftEntries = Integer.parseInt(opt.getOrDefault("draft-entries", smoke ? "2000" : "100000"));
        wrkLinesPerSec = smoke ? 10_000 : 30_000;
        ingestOnly = opt.containsKey("ingest-only");
    }

    /** One server's results. */
    static final class Result {
        final String name;
        long startupMs = -1;
        double rps;
        double cpuPct;
        /** Server CPU time per request under wrk: unlike req/s, barely moved by other work on the machine. */
        double cpuMicrosPerRequest;
        /** The kernel's share of that CPU time (system calls: sockets, file writes, waking threads). */
        double sysShare;
        long wrkRequests;
        long wrkNon2xx;
        long wrkErrors;
        boolean wrapped;
        long[] latencies = new long[0];
        int latencyErrors;
        int latencyOk;
        long heapUsedKb = -1;
        long heapLiveKb = -1;
        String durability = "n/a";
        boolean durable = true;

        Result(String name) {
            this.name = name;
        }

        long pct(double p) {
            if (latencies.length == 0) {
                return -1;
            }
            int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))];
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + a);
            }
            String[] kv = a.substring(2).split("=", 2);
            opt.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        System.exit(new Bench(opt).run(opt) ? 0 : 1);
    }

    boolean run(Map<String, String> opt) throws Exception {
        List<Result> results = new ArrayList<>();
        loadBefore = loadAverage();
        try (FakeSlackApi slack = new FakeSlackApi()) {
            results.add(measure("baseline (bare Bolt)", null, slack));
            results.add(measure("bot, SQLite sync=NORMAL", "NORMAL", slack));
            if (!opt.containsKey("smoke") && !opt.containsKey("no-per-event")) {
                // what group commit is measured against: every event in a transaction of its own
                results.add(measure("bot, NORMAL, commit per event", "NORMAL", slack, Map.of("SQLITE_GROUP_COMMIT", "off")));
            }
            if (!opt.containsKey("smoke") && !opt.containsKey("no-full-sync")) {
                results.add(measure("bot, SQLite sync=FULL", "FULL", slack));
                if (!opt.containsKey("no-per-event")) {
                    results.add(measure("bot, FULL, commit per event", "FULL", slack, Map.of("SQLITE_GROUP_COMMIT", "off")));
                }
            }
            if (!opt.containsKey("smoke")) {
                // once more at the end: ratios are taken against both baseline runs, so a machine
                // that got busier (or quieter) during the run shows instead of skewing one side
                results.add(measure("baseline again", null, slack));
            }
        }
        String draft = "not measured (--ingest-only)";
        boolean drafted = true;
        try {
            if (!ingestOnly) {
                draft = draft();
            }
        } catch (IllegalStateException e) { // the measurements above still get their table
            draft = e.getMessage();
            drafted = false;
        }
        loadAfter = loadAverage();
        print(results, draft);
        deleteTree(work);
        return drafted && results.stream().allMatch(r -> r.durable);
    }

    /**
     * Extra JVM options for both servers from BENCH_SERVER_JAVA_OPTS (space-separated), e.g. a flight
     * recording to see where a server spends its time; empty by default.
     */
    private static List<String> serverJavaOptions() {
        String opts = System.getenv("BENCH_SERVER_JAVA_OPTS");
        return opts == null || opts.isBlank() ? List.of() : List.of(opts.strip().split("\\s+"));
    }

    private Result measure(String name, String synchronous, FakeSlackApi slack) throws Exception {
        return measure(name, synchronous, slack, Map.of());
    }

    private Result measure(String name, String synchronous, FakeSlackApi slack, Map<String, String> extraEnv)
            throws Exception {
        Result r = new Result(name);
        boolean bot = synchronous != null;
        log("== " + name);
        Path dir = Files.createDirectories(work.resolve(name.replaceAll("[^A-Za-z0-9]+", "-")));
        Path db = dir.resolve("incidents.db");
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", serverCpu, "java", "-Xmx256m"));
        cmd.addAll(serverJavaOptions());
        if (bot) {
            cmd.addAll(List.of("-jar", botJar.toString()));
        } else {
            cmd.addAll(List.of("-cp", classpath, BaselineApp.class.getName()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("PORT", Integer.toString(port));
        env.put("SLACK_SIGNING_SECRET", SECRET);
        env.put("SLACK_BOT_TOKEN", "xoxb-bench-token");
        env.put("SLACK_API_URL", slack.apiUrl());
        env.put("DATABASE_URL", "jdbc:sqlite:" + db);
        if (bot) {
            env.put("SQLITE_SYNCHRONOUS", synchronous);
        }
        env.remove("SQLITE_GROUP_COMMIT");
        env.putAll(extraEnv);
        env.remove("SLACK_APP_TOKEN");
        env.remove("WEB_ACCESS_TOKEN");
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            if (!waitForHealth(base, p, 60_000)) {
                throw new IllegalStateException(name + " did not answer /health; see " + dir.resolve("server.log"));
            }
            r.startupMs = (System.nanoTime() - t0) / 1_000_000;
            log("start-up to /health 200: " + r.startupMs + " ms");
            Payloads payloads = new Payloads(SECRET, tsBase); // same ts sequence, same bodies for every server
            if (bot) {
                openIncident(base, payloads, slack, db);
            }
            // Throughput: wrk replaying pre-signed events; warm-up first, not counted.
            String warmFrom = payloads.nextTs();
            long warmOk = wrk(base, payloads, warmupSecs, null, p);
            String measuredFrom = payloads.nextTs();
            long measuredOk = wrk(base, payloads, throughputSecs, r, p);
            String latencyFrom = payloads.nextTs();
            if (!ingestOnly) {
                // Latency: constant rate, every request awaited.
                constantRate(base, payloads, latencyWarmupSecs, null);
            }
            String latencyMeasuredFrom = payloads.nextTs();
            if (!ingestOnly) {
                constantRate(base, payloads, latencySecs, r);
                heap(p.pid(), r);
            }
            String end = payloads.nextTs();
            dumpRecording(p.pid(), dir.getFileName().toString());
            p.destroyForcibly(); // SIGKILL: whatever was acked must already be on disk
            p.waitFor(10, TimeUnit.SECONDS);
            if (bot) {
                long warmRows = rows(db, warmFrom, measuredFrom);
                long wrkRows = rows(db, measuredFrom, latencyFrom);
                long latWarmRows = rows(db, latencyFrom, latencyMeasuredFrom);
                long latRows = rows(db, latencyMeasuredFrom, end);
                boolean wrkOk = !r.wrapped && wrkRows >= measuredOk && wrkRows - measuredOk <= connections
                        && warmRows >= warmOk && warmRows - warmOk <= connections;
                // Every 200 must have its row. Requests the client gave up on (timeouts) may still have been
                // stored, so rows can exceed the 200s by at most the number of failed requests.
                boolean latOk = latRows >= r.latencyOk && latRows - r.latencyOk <= r.latencyErrors
                        && (latWarmRows > 0 || ingestOnly);
                r.durable = wrkOk && latOk;
                r.durability = String.format(Locale.ROOT, "%s: wrk %,d rows / %,d 200s (in flight at wrk's stop: up to %d); "
                                + "constant rate %,d rows / %,d 200s (%,d failed client-side)",
                        r.durable ? "OK" : "FAILED", wrkRows, measuredOk, connections, latRows, r.latencyOk, r.latencyErrors);
                log("durability after kill -9: " + r.durability);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return r;
    }

    private void openIncident(String base, Payloads payloads, FakeSlackApi slack, Path db) throws Exception {
        Payloads.Signed open = payloads.command("open --sev P2 Orders API returns 502 | checkout is down for ~35% of users",
                "C0GENERAL", slack.responseUrl());
        int creates = slack.calls("conversations.create");
        HttpResponse<String> resp = send(base, open);
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("/incident open answered " + resp.statusCode() + ": " + resp.body());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (slack.calls("conversations.create") == creates || !channelBound(db)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bot did not create and bind the incident channel");
            }
            Thread.sleep(20);
        }
        Thread.sleep(500); // let the rest of the channel set-up (invite, topic, intro) finish
        log("incident open, channel " + Payloads.CHANNEL + " bound (fake Slack saw conversations.create)");
    }

    private static boolean channelBound(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM incident WHERE channel_id = ?")) {
            s.setString(1, Payloads.CHANNEL);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) == 1;
            }
        } catch (java.sql.SQLException e) {
            return false; // not migrated yet
        }
    }

    private static long rows(Path db, String fromTs, String toTs) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM timeline_entry WHERE channel_id = ? "
                     + "AND ts >= ? AND ts < ? AND kind IN ('MESSAGE', 'BOT_MESSAGE')")) {
            s.setString(1, Payloads.CHANNEL);
            s.setString(2, fromTs);
            s.setString(3, toTs);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One wrk run; returns the number of 2xx responses. Measures the server's CPU use when {@code into} is given. */
    private long wrk(String base, Payloads payloads, int secs, Result into, Process server) throws Exception {
        long lines = (long) wrkLinesPerSec * secs;
        Path file = work.resolve("requests.tsv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = 0; i < lines; i++) {
                Payloads.Signed s = payloads.message();
                w.write(s.timestamp());
                w.write('\t');
                w.write(s.signature());
                w.write('\t');
                w.write(s.body());
                w.write('\n');
            }
        }
        long[] cpuBefore = cpuTicks(server.pid());
        long n0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("taskset", "-c", clientCpu, "wrk", "-t1", "-c" + connections,
                "-d" + secs + "s", "--timeout", "5s", "-s", lua.toString(), base).redirectErrorStream(true);
        pb.environment().put("BENCH_REQUESTS", file.toString());
        Process wrk = pb.start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        long[] cpuAfter = cpuTicks(server.pid());
        long cpu0 = cpuBefore[0] + cpuBefore[1];
        long cpu1 = cpuAfter[0] + cpuAfter[1];
        double wall = (System.nanoTime() - n0) / 1e9;
        Files.delete(file);
        Matcher m = Pattern.compile("BENCH requests=(\\d+) duration_us=(\\d+) non2xx=(\\d+) connect=(\\d+) read=(\\d+) "
                + "write=(\\d+) timeout=(\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        long requests = Long.parseLong(m.group(1));
        double duration = Long.parseLong(m.group(2)) / 1e6;
        long non2xx = Long.parseLong(m.group(3));
        long errors = Long.parseLong(m.group(4)) + Long.parseLong(m.group(5)) + Long.parseLong(m.group(6))
                + Long.parseLong(m.group(7));
        if (requests > lines) {
            log("warning: wrk sent more requests (" + requests + ") than were prepared (" + lines + "): some repeated");
        }
        log(String.format(Locale.ROOT, "wrk %s %ds: %,d requests, %,.0f req/s, non-2xx %d, socket errors %d",
                into == null ? "warm-up" : "measured", secs, requests, requests / duration, non2xx, errors));
        if (into != null) {
            into.rps = requests / duration;
            into.wrkRequests = requests;
            into.wrkNon2xx = non2xx;
            into.wrkErrors = errors;
            into.wrapped = requests > lines;
            into.cpuPct = cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 100.0 / wall * 100;
            into.cpuMicrosPerRequest = cpu0 < 0 || cpu1 < 0 || requests == 0 ? -1 : (cpu1 - cpu0) * 10_000.0 / requests;
            into.sysShare = cpu1 > cpu0 ? (double) (cpuAfter[1] - cpuBefore[1]) / (cpu1 - cpu0) : -1;
        }
        return requests - non2xx;
    }

    /** Sends {@code rate} events/s for {@code secs} seconds on a fixed schedule; latency counts from the scheduled time. */
    private void constantRate(String base, Payloads payloads, int secs, Result into) throws Exception {
        int n = rate * secs;
        List<HttpRequest> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            requests.add(request(base, payloads.message()));
        }
        long[] latency = new long[n];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>(n);
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < n; i++) {
            long intended = start + i * period;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int idx = i;
            pending.add(http.sendAsync(requests.get(i), HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
                latency[idx] = System.nanoTime() - intended;
                if (err == null && resp.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((v, e) -> null).get(60, TimeUnit.SECONDS);
        Arrays.sort(latency);
        log(String.format(Locale.ROOT, "constant rate %s %d/s for %ds: %,d ok, %d errors, p99 %.2f ms",
                into == null ? "warm-up" : "measured", rate, secs, ok.get(), failed.get(),
                latency[Math.max(0, (int) Math.ceil(0.99 * n) - 1)] / 1e6));
        if (into != null) {
            into.latencies = latency;
            into.latencyOk = ok.get();
            into.latencyErrors = failed.get();
        }
    }

    private static HttpRequest request(String base, Payloads.Signed s) {
        return HttpRequest.newBuilder(URI.create(base + "/slack/events"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", s.contentType())
                .header("X-Slack-Request-Timestamp", s.timestamp())
                .header("X-Slack-Signature", s.signature())
                .POST(HttpRequest.BodyPublishers.ofString(s.body()))
                .build();
    }

    private HttpResponse<String> send(String base, Payloads.Signed s) throws Exception {
        return http.send(request(base, s), HttpResponse.BodyHandlers.ofString());
    }

    private boolean waitForHealth(String base, Process p, long timeoutMs) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** Heap used right after the load, and live after a full GC, from {@code jcmd GC.heap_info}. */
    private static void heap(long pid, Result r) {
        r.heapUsedKb = heapUsedKb(pid);
        jcmd(pid, "GC.run");
        r.heapLiveKb = heapUsedKb(pid);
        log("heap used after load " + r.heapUsedKb / 1024 + " MB, live after GC " + r.heapLiveKb / 1024 + " MB");
    }

    /**
     * With BENCH_JFR_DIR set (and a recording started through BENCH_SERVER_JAVA_OPTS), saves the
     * server's flight recording there before it is killed.
     */
    private static void dumpRecording(long pid, String name) {
        String dir = System.getenv("BENCH_JFR_DIR");
        if (dir != null && !dir.isBlank()) {
            log("flight recording: " + jcmd(pid, "JFR.dump filename=" + Path.of(dir, name + ".jfr").toAbsolutePath()).strip());
        }
    }

    private static long heapUsedKb(long pid) {
        String out = jcmd(pid, "GC.heap_info");
        long sum = 0;
        boolean found = false;
        for (String line : out.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = Pattern.compile("used (\\d+)K").matcher(line);
            if (m.find()) {
                sum += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? sum : -1;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "";
        }
    }

    /** utime + stime of a process in clock ticks (100/s on Linux), or -1. */
    /** The process's user and system CPU time so far, in clock ticks (1/100 s); -1s when unreadable. */
    private static long[] cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[]{Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (Exception e) {
            return new long[]{-1, -1};
        }
    }

    private String draft() throws Exception {
        log("== draft of a " + draftEntries + "-entry incident (-Xmx256m)");
        Process p = new ProcessBuilder("taskset", "-c", serverCpu, "java", "-Xmx256m", "-cp", classpath,
                DraftBench.class.getName(), Integer.toString(draftEntries), work.resolve("draft.db").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String result = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("DRAFT ")) {
                result = line.substring(6);
            } else if (!line.isBlank()) {
                log("  " + line);
            }
        }
        if (p.exitValue() != 0 || result == null) {
            throw new IllegalStateException("draft benchmark failed:\n" + out);
        }
        return result;
    }

    private void print(List<Result> results, String draft) {
        List<Result> baselines = results.stream().filter(x -> x.name.startsWith("baseline")).toList();
        double baseRps = baselines.stream().mapToDouble(x -> x.rps).average().orElse(Double.NaN);
        double baseCpu = baselines.stream().mapToDouble(x -> x.cpuMicrosPerRequest).average().orElse(Double.NaN);
        StringBuilder t = new StringBuilder();
        t.append('\n').append(String.format(Locale.ROOT, "incident-bot benchmark: %d cores (%s), Java %s; servers on CPU %s, "
                        + "load generators on CPU %s; wrk -t1 -c%d %ds after %ds warm-up; %d ev/s for %ds after %ds warm-up%n",
                cpuCount(), cpuModel(), System.getProperty("java.version"), serverCpu,
                clientCpu, connections, throughputSecs, warmupSecs, rate, latencySecs, latencyWarmupSecs));
        t.append("load average (1/5/15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter)
                .append(" (anything above ~2 means other work shared these cores)\n");
        String fmt = "%-34s" + "| %-27s".repeat(results.size()) + "%n";
        t.append(String.format(Locale.ROOT, fmt, row("", results, x -> x.name)));
        t.append("-".repeat(34 + 29 * results.size())).append('\n');
        t.append(String.format(Locale.ROOT, fmt, row("throughput (req/s, wrk)", results,
                x -> String.format(Locale.ROOT, "%,.0f", x.rps))));
        t.append(String.format(Locale.ROOT, fmt, row(baselines.size() > 1 ? "  ratio to the baselines' mean" : "  ratio to baseline",
                results, x -> String.format(Locale.ROOT, "%.2f×", x.rps / baseRps))));
        t.append(String.format(Locale.ROOT, fmt, row("  server CPU during run", results,
                x -> String.format(Locale.ROOT, "%.0f%%", x.cpuPct))));
        t.append(String.format(Locale.ROOT, fmt, row("  server CPU per request", results,
                x -> String.format(Locale.ROOT, "%.0f µs (%.2f×), %.0f%% sys", x.cpuMicrosPerRequest,
                        x.cpuMicrosPerRequest / baseCpu, x.sysShare * 100))));
        t.append(String.format(Locale.ROOT, fmt, row("  non-2xx / socket errors", results,
                x -> x.wrkNon2xx + " / " + x.wrkErrors)));
        t.append(String.format(Locale.ROOT, fmt, row("ack latency @" + rate + "/s p50", results, x -> ms(x.pct(50)))));
        t.append(String.format(Locale.ROOT, fmt, row("  p90", results, x -> ms(x.pct(90)))));
        t.append(String.format(Locale.ROOT, fmt, row("  p99", results, x -> ms(x.pct(99)))));
        t.append(String.format(Locale.ROOT, fmt, row("  max", results, x -> ms(x.pct(100)))));
        t.append(String.format(Locale.ROOT, fmt, row("  errors (non-200 or failed)", results,
                x -> x.latencyErrors + " of " + x.latencies.length)));
        t.append(String.format(Locale.ROOT, fmt, row("heap used after load / live", results,
                x -> x.heapUsedKb / 1024 + " MB / " + x.heapLiveKb / 1024 + " MB (-Xmx256m)")));
        t.append(String.format(Locale.ROOT, fmt, row("start-up to /health 200", results, x -> x.startupMs + " ms")));
        t.append(String.format(Locale.ROOT, fmt, row("rows after kill -9 vs 200s", results,
                x -> x.durability.startsWith("OK") ? "OK (see below)" : x.durability.startsWith("FAILED") ? "FAILED" : "n/a")));
        t.append("\npostmortem draft: ").append(draft).append('\n');
        for (Result x : results) {
            if (!x.durability.equals("n/a")) {
                t.append("durability, ").append(x.name).append(": ").append(x.durability).append('\n');
            }
        }
        System.out.print(t);
    }

    private static Object[] row(String label, List<Result> results, java.util.function.Function<Result, String> f) {
        Object[] cells = new Object[results.size() + 1];
        cells[0] = label;
        for (int i = 0; i < results.size(); i++) {
            cells[i + 1] = f.apply(results.get(i));
        }
        return cells;
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static long cpuCount() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }

    static void log(String s) {
        System.err.println("[bench] " + s);
    }
}
