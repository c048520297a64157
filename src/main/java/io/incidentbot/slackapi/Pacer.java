package io.incidentbot.slackapi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Keeps the bot's Web API calls within Slack's published rate tiers, so that no single user action
 * (a resolve that looks up 124 names, a back-fill) bursts past a method's limit and earns 429s for
 * everything else. One token bucket per method (per channel for {@code chat.postMessage}, which
 * Slack limits to about one a second per channel): it holds a sixth of the tier's minute, so
 * ordinary bursts go at once, and refills at the rest of 90% of it, so that no 60 seconds ever see
 * more calls than the tier allows, even with some network delay. Methods bound to a 3-second
 * {@code trigger_id} ({@code views.*}) and calls made before an ack are not listed: they must never wait.
 */
public final class Pacer {
    /** Calls a minute per method: Slack's tiers (Tier 2 ≈ 20, Tier 3 ≈ 50, Tier 4 ≈ 100). */
    static final Map<String, Integer> PER_MINUTE = Map.ofEntries(
            Map.entry("chat.postMessage", 60), // "special": about 1 per second per channel
            Map.entry("chat.update", 50),
            Map.entry("chat.getPermalink", 100),
            Map.entry("conversations.create", 20),
            Map.entry("conversations.invite", 50),
            Map.entry("conversations.setTopic", 20),
            Map.entry("conversations.archive", 20),
            Map.entry("conversations.join", 50),
            Map.entry("conversations.history", 50),
            Map.entry("conversations.replies", 50),
            Map.entry("files.getUploadURLExternal", 20),
            Map.entry("files.completeUploadExternal", 20),
            Map.entry("users.info", 100),
            Map.entry("users.list", 20),
            Map.entry("usergroups.users.list", 20),
            Map.entry("team.info", 50));
    /**
     * The share of a tier the bot uses: Slack counts calls as they arrive, and calls sent in one
     * minute may arrive in the next, so the bot stays a little below the limit.
     */
    static final double HEADROOM = 0.9;
    /** Seconds of the tier's allowance a bucket holds: a burst that long goes at once. */
    static final int BURST_SECONDS = 10;

    private final Map<String, Integer> perMinute;
    private final double speedUp;
    private final LongSupplier nanoTime;
    /** Bounded: one bucket per method, and per channel for posts (an idle bucket is full, so forgetting it is exact). */
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(2))
            .build();

    /** Slack's tiers, in real time. */
    public static Pacer slackTiers() {
        return new Pacer(PER_MINUTE, 1, System::nanoTime);
    }

    /**
     * {@code speedUp} runs the tiers faster (tests: 60 makes a minute's allowance a second's);
     * {@code nanoTime} is the clock.
     */
    Pacer(Map<String, Integer> perMinute, double speedUp, LongSupplier nanoTime) {
        this.perMinute = Map.copyOf(perMinute);
        this.speedUp = speedUp;
        this.nanoTime = nanoTime;
    }

    /** As fast as {@code speedUp} times Slack's tiers (for tests that check pacing without waiting minutes). */
    public static Pacer slackTiersTimes(double speedUp) {
        return new Pacer(PER_MINUTE, speedUp, System::nanoTime);
    }

    /**
     * Takes a turn for a call to {@code method} (in {@code channel}, or null) if it comes within
     * {@code patience}, and says how long to wait for it; empty when the turn is further away than
     * that (then nothing is taken, and {@link #nextTurn} says when to come back).
     */
    public Optional<Duration> take(String method, String channel, Duration patience) {
        Bucket bucket = bucket(method, channel);
        if (bucket == null) {
            return Optional.of(Duration.ZERO);
        }
        synchronized (bucket) {
            long now = nanoTime.getAsLong();
            bucket.refill(now);
            long wait = bucket.nanosUntilToken();
            if (wait > patience.toNanos()) {
                return Optional.empty();
            }
            bucket.tokens -= 1;
            return Optional.of(Duration.ofNanos(wait));
        }
    }

    /** How long until a call to {@code method} (in {@code channel}) gets a turn. */
    public Duration nextTurn(String method, String channel) {
        Bucket bucket = bucket(method, channel);
        if (bucket == null) {
            return Duration.ZERO;
        }
        synchronized (bucket) {
            bucket.refill(nanoTime.getAsLong());
            return Duration.ofNanos(bucket.nanosUntilToken());
        }
    }

    private Bucket bucket(String method, String channel) {
        Integer limit = perMinute.get(method);
        if (limit == null) {
            return null;
        }
        String key = method.equals("chat.postMessage") && channel != null ? method + " " + channel : method;
        double capacity = Math.max(1, Math.floor(limit * BURST_SECONDS / 60.0));
        double perNano = Math.max(1, limit * HEADROOM - capacity) * speedUp / 60e9;
        return buckets.get(key, k -> new Bucket(capacity, perNano, nanoTime.getAsLong()));
    }

    /** Tokens may go below zero: each waiting caller has reserved the token it waits for. */
    private static final class Bucket {
        final double capacity;
        final double perNano;
        double tokens;
        long at;

        Bucket(double capacity, double perNano, long now) {
            this.capacity = capacity;
            this.perNano = perNano;
            this.tokens = capacity;
            this.at = now;
        }

        void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - at) * perNano);
            at = now;
        }

        long nanosUntilToken() {
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
        }
    }
}
