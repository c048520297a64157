package io.incidentbot.postmortem;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drafts the short public text of the template's "Customer-facing note": what happened (with no
 * internal names), when (UTC), what we are doing, an apology, and where to get help (left as a
 * {@code _TODO: support contact_} placeholder).
 *
 * <p>Title and summary are written by responders in Slack, so before they reach customers:
 * Slack mentions and {@code @names} become "our team"; channel references ({@code <#C…|…>},
 * {@code #inc-…}), broadcasts and links are removed; inline code and words that look like
 * internal host or service identifiers ({@code orders-db-2}, {@code prod-eu-1}, {@code k8s},
 * {@code payments_worker}, {@code api.internal.example.com}, IP addresses, and infrastructure
 * products such as {@code pgbouncer} or {@code Redis}) become "one of our systems". Plain numbers, dates, times, HTTP status classes ({@code 5xx}) and units
 * ({@code 500ms}, {@code 2GB}) are kept.
 */
public final class CustomerNote {

    static final String SUPPORT_TODO = "_TODO: support contact_";
    static final String SYSTEM = "one of our systems";
    static final String SYSTEMS = "some of our systems";
    static final String TEAM = "our team";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    private CustomerNote() {
    }

    /** The customer-facing note for {@code incident}, as plain text in short paragraphs. */
    public static String draft(Incident incident) {
        Objects.requireNonNull(incident, "incident");
        boolean resolved = incident.isResolved();
        Status status = incident.status() == null ? Status.INVESTIGATING : incident.status();

        String title = sanitize(incident.title());
        String happened = incident.summaryText().map(CustomerNote::sanitize).filter(s -> !s.isEmpty())
                .orElse(title);
        if (happened.isEmpty()) {
            happened = "Some customers had problems using our service.";
        }

        StringBuilder sb = new StringBuilder(512);
        sb.append(status.title()).append(": ").append(title.isEmpty() ? "Service disruption" : stripEnd(title))
                .append("\n\n");
        sb.append("What happened: ").append(sentence(happened)).append("\n\n");
        sb.append("When: ").append(when(incident, resolved)).append(".\n\n");
        sb.append("What we are doing: ").append(doing(status)).append("\n\n");
        sb.append(resolved
                ? "We are sorry for the disruption this caused."
                : "We are sorry for the disruption this is causing, and thank you for your patience.").append("\n\n");
        sb.append("Need help? ").append(SUPPORT_TODO)
                .append(" (e.g. \"Contact support@<your-domain> or reply to this message.\")\n");
        return sb.toString();
    }

    /** "between 14:23 and 15:47 UTC on 9 May 2026", "since 14:23 UTC on 9 May 2026". */
    static String when(Incident incident, boolean resolved) {
        Instant start = incident.startedAt() != null ? incident.startedAt() : incident.openedAt();
        Instant end = resolved ? incident.resolvedAt() : null;
        if (start == null) {
            return "_TODO: when it started (UTC)_";
        }
        if (end == null) {
            return (resolved ? "from " : "since ") + TIME.format(start) + " UTC on " + day(start);
        }
        if (day(start).equals(day(end))) {
            return "between " + TIME.format(start) + " and " + TIME.format(end) + " UTC on " + day(start);
        }
        return "between " + TIME.format(start) + " UTC on " + day(start)
                + " and " + TIME.format(end) + " UTC on " + day(end);
    }

    private static String day(Instant t) {
        return DAY.format(LocalDate.ofInstant(t, ZoneOffset.UTC));
    }

    private static String doing(Status status) {
        return switch (status) {
            case INVESTIGATING -> "We are investigating the cause and working to restore normal service."
                    + " We will share an update within 30 minutes.";
            case IDENTIFIED -> "We have identified the cause and are working on a fix."
                    + " We will share an update within 30 minutes.";
            case MONITORING -> "We have applied a fix and are monitoring to confirm that the service has fully"
                    + " recovered. We will share an update within 30 minutes.";
            case RESOLVED -> "The issue has been resolved and the service is working normally. We are reviewing"
                    + " what happened and will make changes to prevent it from happening again.";
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Sanitising

    private static final Pattern CODE = Pattern.compile("```.*?```|`[^`\\n]+`", Pattern.DOTALL);
    private static final String PREPOSITION = "(?:\\b(?:in|on|to|see|via|at|from|into)\\s+)?(?:\\bthe\\s+)?";
    private static final String CHANNEL_TAIL =
            "(?:\\s+channel\\b)?(?:\\s+for\\s+(?:more\\s+)?(?:details|info|information|updates)\\b)?";
    private static final Pattern CHANNEL_CONTROL = Pattern.compile(
            "(?i)" + PREPOSITION + "<#[^<>\\n]*>" + CHANNEL_TAIL);
    private static final Pattern CHANNEL_NAME = Pattern.compile(
            "(?i)" + PREPOSITION + "(?<![\\w&#])#(?=[\\w.-]*[a-z])[\\w-]+(?:\\.[\\w-]+)*" + CHANNEL_TAIL);
    private static final Pattern USER_CONTROL = Pattern.compile("<@[^<>\\n]*>|<!subteam\\^[^<>\\n]*>");
    private static final Pattern DATE_CONTROL = Pattern.compile("<!date\\^[^<>|\\n]*\\|([^<>\\n]*)>");
    private static final Pattern OTHER_CONTROL = Pattern.compile("<[!a-zA-Z][^<>\\n]*>");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://\\S+|\\bwww\\.\\S+");
    private static final Pattern BROADCAST = Pattern.compile("(?i)(?<![\\w.])@(?:here|channel|everyone)\\b");
    private static final Pattern AT_NAME = Pattern.compile("(?<![\\w.])@[\\w][\\w.-]*[\\w]|(?<![\\w.])@\\w");
    private static final Pattern TEAMS = Pattern.compile(
            "(?i)\\bour team(?:(?:,\\s*|\\s+and\\s+|\\s+or\\s+|\\s*&\\s*)our team)+");
    private static final Pattern MANY_SYSTEMS = Pattern.compile(
            "(?i)\\b(one) of our systems(?:(?:,\\s*|\\s+and\\s+|\\s+or\\s+|\\s*/\\s*)one of our systems)+");

    /**
     * {@code text} with people, channels, links and internal identifiers removed or generalised,
     * whitespace tidied and the first letter capitalised; {@code ""} for null or blank text.
     */
    static String sanitize(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String s = text;
        s = CODE.matcher(s).replaceAll(SYSTEM);
        s = CHANNEL_CONTROL.matcher(s).replaceAll("");
        s = USER_CONTROL.matcher(s).replaceAll(TEAM);
        s = DATE_CONTROL.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        s = OTHER_CONTROL.matcher(s).replaceAll("");
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        s = URL.matcher(s).replaceAll("");
        s = BROADCAST.matcher(s).replaceAll("");
        s = CHANNEL_NAME.matcher(s).replaceAll("");
        s = AT_NAME.matcher(s).replaceAll(TEAM);
        s = TEAMS.matcher(s).replaceAll(TEAM);
        s = generaliseIdentifiers(s);
        s = MANY_SYSTEMS.matcher(s).replaceAll(m -> (Character.isUpperCase(m.group(1).charAt(0)) ? "Some" : "some")
                + " of our systems");
        return tidy(s);
    }

    /** Generic words that name a kind of infrastructure and are folded into "one of our systems". */
    private static final Set<String> INFRA_NOUNS = Set.of(
            "cluster", "clusters", "node", "nodes", "instance", "instances", "host", "hosts", "server", "servers",
            "pod", "pods", "replica", "replicas", "shard", "shards", "primary", "database", "databases", "db",
            "service", "services", "cache", "queue", "broker", "brokers", "worker", "workers", "container",
            "containers", "box", "machine", "machines", "vm", "vms", "region", "zone", "deployment", "pool",
            "pools", "proxy", "proxies", "cron", "job", "jobs", "topic", "topics", "bucket", "buckets");

    /** Infrastructure products whose names say more about our stack than customers need to know. */
    private static final Set<String> INFRA_PRODUCTS = Set.of(
            "k8s", "kubernetes", "kube", "kubectl", "pgbouncer", "pgpool", "redis", "kafka", "postgres",
            "postgresql", "mysql", "mariadb", "mongodb", "mongo", "elasticsearch", "opensearch", "rabbitmq",
            "nginx", "haproxy", "istio", "memcached", "zookeeper", "etcd", "terraform", "jenkins", "grafana",
            "prometheus", "datadog", "cassandra", "sidekiq", "argocd", "cloudwatch", "kibana", "splunk");

    /** Segments that mark a hyphenated or dotted word as an internal name: orders-db, payments.svc. */
    private static final Set<String> INFRA_SEGMENTS = Set.of(
            "db", "api", "svc", "srv", "prod", "stg", "staging", "dev", "qa", "uat", "internal", "int", "eu", "us",
            "ap", "apac", "emea", "pg", "sql", "mysql", "redis", "kafka", "lb", "elb", "alb", "nlb", "gw", "vm",
            "rds", "ec2", "s3", "k8s", "kube", "mq", "etcd", "vpc", "corp", "rpc", "grpc", "worker", "workers");

    /** Public words with letters and digits that are not internal names. */
    private static final Set<String> PUBLIC_WORDS = Set.of(
            "http/1.1", "http/2", "http/3", "ipv4", "ipv6", "2fa", "mfa", "24/7", "utf-8", "3ds", "4k", "5g",
            "4g", "3g", "mp3", "mp4", "covid-19", "b2b", "b2c", "p2p", "macos", "ios");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?");
    private static final Pattern NUMBER_WITH_UNIT = Pattern.compile(
            "(?i)[<>~+-]?\\d+(?:[.,]\\d+)*(?:ms|s|sec|secs|m|min|mins|h|hr|hrs|d|k|x|xx|gb|mb|kb|tb|st|nd|rd|th"
                    + "|am|pm|%)?");
    private static final Pattern PERCENTILE = Pattern.compile("(?i)p\\d{1,3}(?:\\.\\d+)?");
    private static final Pattern WORD = Pattern.compile("^([(\\[\"'“‘*_~]*)(.*?)([)\\]\"'”’*_~.,;:!?]*)$");
    private static final Pattern LOWER_CAMEL = Pattern.compile("\\p{Ll}{2,}\\p{Lu}\\w*");
    private static final Pattern UPPER_CAMEL_COMPONENT = Pattern.compile(
            "(?:\\p{Lu}\\p{Ll}+){1,}(?:Service|Worker|Job|Controller|Handler|Client|Api|Db|Queue|Consumer|Producer"
                    + "|Cache|Manager|Gateway|Proxy|Server|Cron|Task|Store|Repo|Repository)");

    /** True for a word (without surrounding punctuation) that looks like an internal identifier. */
    static boolean looksInternal(String word) {
        if (word.isEmpty()) {
            return false;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.contains("@") || PUBLIC_WORDS.contains(lower)) {
            return false;
        }
        if (INFRA_PRODUCTS.contains(lower)) {
            return true;
        }
        if (IPV4.matcher(word).matches() || lower.contains("://") || word.indexOf('_') >= 0) {
            return true;
        }
        boolean letters = false;
        boolean digits = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            letters |= Character.isLetter(c);
            digits |= Character.isDigit(c);
        }
        if (!letters) {
            return false; // numbers, dates, times, ranges
        }
        if (NUMBER_WITH_UNIT.matcher(word).matches() || PERCENTILE.matcher(word).matches()) {
            return false;
        }
        String[] segments = lower.split("[-./:]+");
        if (segments.length > 1) {
            if (digits) {
                return true; // orders-db-2, prod-eu-1, v1.2.3, us-east-1
            }
            for (String seg : segments) {
                if (INFRA_SEGMENTS.contains(seg)) {
                    return true; // orders-db, payments.svc
                }
            }
            if (lower.indexOf('.') > 0 && isHostname(lower)) {
                return true; // status.internal, example.com
            }
            return false; // long-running, third-party, read/write
        }
        if (digits) {
            return true; // k8s, db2, eu1
        }
        return LOWER_CAMEL.matcher(word).matches() || UPPER_CAMEL_COMPONENT.matcher(word).matches();
    }

    private static boolean isHostname(String lower) {
        String[] parts = lower.split("\\.");
        if (parts.length < 2) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || !p.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
                return false;
            }
        }
        String tld = parts[parts.length - 1];
        return tld.length() >= 2 && tld.chars().allMatch(Character::isLetter);
    }

    private record Piece(String prefix, String core, String suffix, boolean internal) {
    }

    /** Replaces runs of internal identifiers (with a leading article and trailing infra nouns) by "one of our systems". */
    private static String generaliseIdentifiers(String s) {
        String[] raw = s.trim().split("\\s+");
        List<Piece> pieces = new ArrayList<>(raw.length);
        for (String w : raw) {
            Matcher m = WORD.matcher(w);
            m.matches();
            String core = m.group(2);
            pieces.add(new Piece(m.group(1), core, m.group(3), looksInternal(core)));
        }
        List<String> out = new ArrayList<>(pieces.size());
        int i = 0;
        while (i < pieces.size()) {
            Piece p = pieces.get(i);
            if (!p.internal) {
                out.add(p.prefix + p.core + p.suffix);
                i++;
                continue;
            }
            String prefix = p.prefix;
            boolean capital = out.isEmpty() || endsSentence(out.get(out.size() - 1));
            // Fold a preceding article: "the orders-db-2 primary" -> "one of our systems".
            if (!out.isEmpty() && prefix.isEmpty()) {
                String prev = out.get(out.size() - 1);
                if (prev.matches("(?i)the|a|an|our")) {
                    capital = Character.isUpperCase(prev.charAt(0));
                    out.remove(out.size() - 1);
                }
            }
            int j = i;
            while (j + 1 < pieces.size() && pieces.get(j).suffix.isEmpty() && pieces.get(j + 1).prefix.isEmpty()
                    && (pieces.get(j + 1).internal
                        || INFRA_NOUNS.contains(pieces.get(j + 1).core.toLowerCase(Locale.ROOT)))) {
                j++;
            }
            String words = capital ? "One of our systems" : SYSTEM;
            out.add(prefix + words + pieces.get(j).suffix);
            i = j + 1;
        }
        return String.join(" ", out);
    }

    private static boolean endsSentence(String word) {
        return word.endsWith(".") || word.endsWith("!") || word.endsWith("?");
    }

    private static String tidy(String s) {
        String t = s.replaceAll("\\s+", " ")
                .replaceAll("\\(\\s*\\)", "")
                .replaceAll("\\[\\s*\\]", "")
                .replaceAll("\\s+([,.;:!?)\\]])", "$1")
                .replaceAll("([(\\[])\\s+", "$1")
                .replaceAll("([,;:])(?:\\s*[,;:])+", "$1")
                .replaceAll("[,;:]\\s*([.!?])", "$1")
                .replaceAll("\\s+", " ")
                .trim();
        t = t.replaceAll("^[\\s,;:.!?\\-–—]+", "").replaceAll("[\\s,;:\\-–—]+$", "");
        if (t.isEmpty()) {
            return t;
        }
        StringBuilder sb = new StringBuilder(t);
        sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
        Matcher m = Pattern.compile("[.!?]\\s+(\\p{Ll})").matcher(sb);
        while (m.find()) {
            sb.setCharAt(m.start(1), Character.toUpperCase(sb.charAt(m.start(1))));
        }
        return sb.toString();
    }

    private static String stripEnd(String s) {
        return s.replaceAll("[.\\s]+$", "");
    }

    /** Ends the text with a full stop unless it already ends a sentence. */
    private static String sentence(String s) {
        return endsSentence(s) ? s : s + ".";
    }
}
