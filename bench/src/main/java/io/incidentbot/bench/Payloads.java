package io.incidentbot.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack requests as Slack signs them: Events API {@code event_callback} message envelopes (the shape
 * Slack sends for a human's message, with its rich_text block) and form-encoded slash commands.
 * Every message gets a unique {@code ts} and {@code event_id}, so each one the bot acks is a new row.
 */
public final class Payloads {
    public static final String TEAM = "T0BENCH";
    public static final String APP = "A0BENCH";
    public static final String CHANNEL = "C0BENCH";
    public static final String BOT_USER = "U0BOTBENCH";
    private static final String[] USERS = {"U0ALICE", "U0BOB", "U0CAROL", "U0DAVE", "U0ERIN", "U0FRANK"};
    private static final String[] WORDS = ("the orders api is returning 502 for some requests looking at db cpu pool "
            + "connections rolled back deploy canary error rate dashboard latency p99 spiked again after failover "
            + "restarting pods on node k8s-prod-3 cache hit ratio dropped upstream timeout retries customer "
            + "reports checkout page slow queue depth growing consumer lag mitigated by scaling out").split(" ");

    private final byte[] secret;
    private final long baseMicros;
    private final AtomicLong counter = new AtomicLong();

    /** ts values start at {@code baseSeconds} and go up by one microsecond per message. */
    public Payloads(String signingSecret, long baseSeconds) {
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.baseMicros = baseSeconds * 1_000_000L;
    }

    /** A signed request: what goes on the wire. */
    public record Signed(String timestamp, String signature, String contentType, String body, String ts) {
    }

    public String signature(String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] h = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ts the next message will get (for counting rows of a phase by ts range). */
    public String nextTs() {
        return ts(counter.get());
    }

    private String ts(long n) {
        long micros = baseMicros + n;
        return String.format("%d.%06d", micros / 1_000_000L, micros % 1_000_000L);
    }

    /** A new message event (unique ts and event id) for the incident channel, signed now. */
    public Signed message() {
        long n = counter.getAndIncrement();
        SplittableRandom rnd = new SplittableRandom(n * 0x9E3779B97F4A7C15L);
        String ts = ts(n);
        String user = USERS[rnd.nextInt(USERS.length)];
        String text = text(rnd);
        String t = json(text);
        String eventTime = ts.substring(0, ts.indexOf('.'));
        String body = "{\"token\":\"xyzzVerificationToken0Ab\",\"team_id\":\"" + TEAM + "\",\"context_team_id\":\"" + TEAM
                + "\",\"context_enterprise_id\":null,\"api_app_id\":\"" + APP + "\",\"event\":{\"user\":\"" + user
                + "\",\"type\":\"message\",\"ts\":\"" + ts + "\",\"client_msg_id\":\"" + uuid(rnd) + "\",\"text\":\"" + t
                + "\",\"team\":\"" + TEAM + "\",\"blocks\":[{\"type\":\"rich_text\",\"block_id\":\"b" + Long.toString(n, 36)
                + "\",\"elements\":[{\"type\":\"rich_text_section\",\"elements\":[{\"type\":\"text\",\"text\":\"" + t
                + "\"}]}]}],\"channel\":\"" + CHANNEL + "\",\"event_ts\":\"" + ts + "\",\"channel_type\":\"channel\"},"
                + "\"type\":\"event_callback\",\"event_id\":\"Ev0B" + Long.toString(n, 36).toUpperCase() + "\",\"event_time\":"
                + eventTime + ",\"authorizations\":[{\"enterprise_id\":null,\"team_id\":\"" + TEAM + "\",\"user_id\":\""
                + BOT_USER + "\",\"is_bot\":true,\"is_enterprise_install\":false}],\"is_ext_shared_channel\":false,"
                + "\"event_context\":\"4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMEJFTkNIIiwiYWlkIjoiQTBCRU5DSCIsImNpZCI6IkMwQkVOQ0gifQ\"}";
        return sign(body, "application/json", ts);
    }

    /** A signed {@code /incident <text>} slash command typed in {@code channel}. */
    public Signed command(String text, String channel, String responseUrl) {
        String body = "token=xyzzVerificationToken0Ab&team_id=" + TEAM + "&team_domain=bench&channel_id=" + channel
                + "&channel_name=general&user_id=U0ALICE&user_name=alice&command=" + enc("/incident") + "&text=" + enc(text)
                + "&api_app_id=" + APP + "&is_enterprise_install=false&response_url=" + enc(responseUrl)
                + "&trigger_id=13345224609.738474920.8088930838d88f008e0";
        return sign(body, "application/x-www-form-urlencoded", null);
    }

    private Signed sign(String body, String contentType, String ts) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        return new Signed(timestamp, signature(timestamp, body), contentType, body, ts);
    }

    /** Chat lengths as seen in incident channels: mostly short lines, some paragraphs, a few pasted logs. */
    static String text(SplittableRandom rnd) {
        int p = rnd.nextInt(100);
        int length = p < 70 ? 20 + rnd.nextInt(100) : p < 95 ? 120 + rnd.nextInt(280) : 400 + rnd.nextInt(1600);
        StringBuilder sb = new StringBuilder(length + 16);
        if (rnd.nextInt(10) == 0) {
            sb.append("<@").append(USERS[rnd.nextInt(USERS.length)]).append("> ");
        }
        while (sb.length() < length) {
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
            int r = rnd.nextInt(40);
            sb.append(r == 0 ? "\n" : r == 1 ? ". " : r == 2 ? " <https://grafana.example.com/d/orders|dashboard> " : " ");
        }
        return sb.toString().strip();
    }

    private static String uuid(SplittableRandom rnd) {
        return new java.util.UUID(rnd.nextLong(), rnd.nextLong()).toString();
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
