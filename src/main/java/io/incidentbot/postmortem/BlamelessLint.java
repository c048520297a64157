package io.incidentbot.postmortem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Flags sentences in a postmortem that blame a person (template section "Blameless language") and
 * suggests a systemic rewording.
 *
 * <p>A sentence is flagged when a <em>person reference</em> stands next to a <em>blaming
 * phrase</em>:
 * <ul>
 *   <li>person references: Slack mentions ({@code <@U123>}, {@code <@U123|bob>}, user groups
 *       {@code <!subteam^S1|@oncall>}), {@code @name}, a few role words and pronouns
 *       ({@code someone, he, she, the reviewer, the on-call engineer, …}), and a capitalised
 *       first name such as {@code Bob} — but a capitalised word only counts when a blaming
 *       phrase follows it, and words that are usually systems ({@code Kubernetes}, {@code Tests},
 *       {@code Monitoring}, {@code CI}) never count;</li>
 *   <li>blaming phrases: <i>fault, blame, should have, shouldn't have, careless, mistake, failed
 *       to, forgot, neglected, didn't bother, ignored, screwed up, messed up, sloppy, negligent,
 *       incompetent, 's fault</i>;</li>
 *   <li>"next to" means the phrase follows the person with at most three filler words between
 *       ({@code Bob <u>was</u> careless}, {@code Alice <u>made a</u> mistake}, {@code Bob's
 *       fault}); for mentions and role words also the other way round through a connector
 *       ({@code blame @bob}, {@code the mistake was made by @bob}, {@code ignored by @bob}).</li>
 * </ul>
 * "human error" is flagged even without a person. The lint is deliberately conservative: a
 * sentence that merely mentions a person ("@alice rolled back the deploy") or uses a blaming
 * phrase about a system ("The script failed to handle large tables") is not flagged.
 */
public final class BlamelessLint {

    /** One flagged sentence: the sentence as written, what matched, and a systemic rewording prompt. */
    public record Finding(String sentence, String reason, String suggestion) {
    }

    private BlamelessLint() {
    }

    /** The flagged sentences of {@code text}, in order; empty for null or blameless text. */
    public static List<Finding> check(String text) {
        List<Finding> findings = new ArrayList<>();
        for (String sentence : sentences(text)) {
            Finding f = checkSentence(sentence);
            if (f != null) {
                findings.add(f);
            }
        }
        return Collections.unmodifiableList(findings);
    }

    // ---------------------------------------------------------------------------------------------
    // Sentence splitting

    private static final Pattern LIST_MARKER = Pattern.compile("^\\s*(?:[-*•>]+|\\d{1,3}[.)])\\s+");
    private static final Set<String> ABBREVIATIONS =
            Set.of("e.g", "i.e", "etc", "vs", "approx", "mr", "mrs", "ms", "dr", "cf", "incl", "min", "max");

    /**
     * Splits text into sentences at {@code . ! ?} followed by a space or the end, and at line
     * breaks. List markers ({@code - }, {@code * }, {@code 1. }) are dropped; Slack controls such as
     * {@code <@U1|bob.smith>} and abbreviations such as "e.g." are never split. Sentences keep
     * their closing punctuation and are trimmed; blank ones are dropped.
     */
    public static List<String> sentences(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\r\\n|\\r|\\n")) {
            splitLine(LIST_MARKER.matcher(line).replaceFirst(""), out);
        }
        return Collections.unmodifiableList(out);
    }

    private static void splitLine(String line, List<String> out) {
        int n = line.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            if (c == '<') {
                int close = controlEnd(line, i);
                if (close > 0) {
                    i = close + 1;
                    continue;
                }
            }
            if (c == '.' || c == '!' || c == '?') {
                int end = i;
                while (end < n && ".!?".indexOf(line.charAt(end)) >= 0) {
                    end++;
                }
                while (end < n && "\"')]’”".indexOf(line.charAt(end)) >= 0) {
                    end++;
                }
                boolean boundary = end == n || Character.isWhitespace(line.charAt(end));
                if (boundary && c == '.' && end == i + 1 && isAbbreviation(line, start, i)) {
                    boundary = false;
                }
                if (boundary) {
                    add(line.substring(start, end), out);
                    start = end;
                }
                i = end;
                continue;
            }
            i++;
        }
        add(line.substring(start), out);
    }

    private static boolean isAbbreviation(String line, int from, int dot) {
        int w = dot;
        while (w > from && !Character.isWhitespace(line.charAt(w - 1)) && line.charAt(w - 1) != '(') {
            w--;
        }
        return ABBREVIATIONS.contains(line.substring(w, dot).toLowerCase(Locale.ROOT));
    }

    private static void add(String sentence, List<String> out) {
        String s = sentence.strip();
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetterOrDigit(s.charAt(i))) {
                out.add(s);
                return;
            }
        }
    }

    /** The index of the {@code >} closing a Slack control opened at {@code open}, or -1. */
    private static int controlEnd(String s, int open) {
        for (int j = open + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '>') {
                return j > open + 1 ? j : -1;
            }
            if (c == '<' || c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------
    // Blaming phrases, grouped by the kind of rewording that helps

    private enum Family {
        OMISSION("Describe the gap in the system or process instead: e.g. 'The deploy checklist did not"
                + " include draining the node' rather than who forgot. Which step was missing, and what"
                + " would have reminded anyone to do it?"),
        HINDSIGHT("Describe which safeguard, test or review did not catch it instead: e.g. 'The review"
                + " process did not catch the table lock' rather than what someone should have done."),
        ERROR("Describe what made the error easy to make instead: e.g. 'The admin console ran the"
                + " command against production without a confirmation step' rather than who made the"
                + " mistake."),
        BLAME("Describe the conditions that let this happen instead of whose fault it was: e.g. 'The"
                + " config change reached every region at once because the pipeline had no canary"
                + " stage.'"),
        SIGNAL("Describe why the signal was easy to miss instead: e.g. 'The alert fired in a noisy"
                + " channel alongside 40 others and had no runbook link' rather than who ignored it.");

        final String suggestion;

        Family(String suggestion) {
            this.suggestion = suggestion;
        }
    }

    private record Phrase(String[] words, Family family) {
        String label() {
            return String.join(" ", words).replace(" 's", "'s");
        }
    }

    private static final List<Phrase> PHRASES = phrases();

    private static List<Phrase> phrases() {
        List<Phrase> p = new ArrayList<>();
        for (String s : List.of("forgot to", "forgot", "forgotten", "forgets to", "forgets", "neglected to",
                "neglected", "didn't bother", "did not bother", "didnt bother", "never bothered")) {
            p.add(new Phrase(s.split(" "), Family.OMISSION));
        }
        for (String s : List.of("should have", "should've", "shouldn't have", "should not have",
                "shouldnt have", "failed to")) {
            p.add(new Phrase(s.split(" "), Family.HINDSIGHT));
        }
        for (String s : List.of("carelessly", "careless", "carelessness", "mistake", "mistakes", "human error",
                "screwed up", "messed up", "sloppy", "negligent", "negligence", "incompetent", "incompetence")) {
            p.add(new Phrase(s.split(" "), Family.ERROR));
        }
        for (String s : List.of("'s fault", "fault", "blame", "blamed", "to blame")) {
            p.add(new Phrase(s.split(" "), Family.BLAME));
        }
        for (String s : List.of("ignored", "ignores", "ignoring")) {
            p.add(new Phrase(s.split(" "), Family.SIGNAL));
        }
        // Longest first, so "forgot to" wins over "forgot" and "'s fault" over "'s".
        p.sort((a, b) -> Integer.compare(b.words.length, a.words.length));
        return List.copyOf(p);
    }

    /** Words that may stand between a person and the blaming phrase: "Bob was careless", "Alice made a mistake". */
    private static final Set<String> FILLERS = Set.of(
            "just", "simply", "clearly", "obviously", "really", "also", "again", "totally", "completely",
            "apparently", "probably", "definitely", "basically", "accidentally", "then", "once", "still", "even",
            "very", "so", "too", "quite", "pretty", "truly", "always", "somehow", "was", "were", "is", "are",
            "been", "had", "has", "did", "does", "made", "makes", "a", "an", "the", "another", "big", "huge",
            "real", "who", "one", "'s");

    /** Words that may stand between a blaming phrase and a mention after it: "the mistake was made by @bob". */
    private static final Set<String> CONNECTORS = Set.of(
            "by", "of", "on", "with", "lies", "rests", "is", "was", "goes", "made", "squarely", "entirely",
            "solely", "all", "the", "a");

    /** Lower-case words that refer to a person without naming them (never to a system). */
    private static final Set<String> ROLES = Set.of(
            "someone", "somebody", "he", "she", "reviewer", "reviewers", "approver", "approvers", "engineer",
            "engineers", "developer", "developers", "on-call", "oncall", "on-caller", "responder",
            "responders", "intern", "interns", "contractor", "contractors", "sysadmin", "author");

    private static final Set<String> QUANTIFIERS = Set.of("no", "any", "every", "each");

    /** A person right after one of these is not being blamed: "It wasn't Bob's fault." */
    private static final Set<String> NEGATIONS = Set.of(
            "not", "never", "wasn't", "isn't", "weren't", "aren't", "nor", "wasnt", "isnt");

    private static final Pattern NAME_SHAPE =
            Pattern.compile("\\p{Lu}\\p{Ll}*(?:['-]\\p{Lu}?\\p{Ll}+)*");

    /**
     * Capitalised words that are not first names: sentence starters, pronouns, calendar words, and
     * the systems, tools and process nouns that most often start a sentence in a postmortem.
     */
    private static final Set<String> NOT_NAMES = Set.of(
            // function words and pronouns
            "the", "this", "that", "these", "those", "it", "its", "we", "our", "us", "they", "them", "their",
            "there", "then", "you", "your", "my", "me", "his", "her", "him", "someone", "somebody", "everyone",
            "everybody", "nobody", "anyone", "anybody", "all", "both", "each", "every", "some", "many", "most",
            "none", "nothing", "something", "everything", "when", "while", "after", "before", "because",
            "since", "during", "if", "once", "so", "but", "and", "or", "also", "however", "although", "though",
            "yet", "still", "meanwhile", "unfortunately", "apparently", "clearly", "obviously", "basically",
            "again", "here", "who", "what", "which", "why", "how", "where", "one", "no", "not", "yes", "ok",
            "okay", "honestly", "sadly", "luckily", "fortunately", "finally", "eventually", "initially", "first",
            "next", "later", "earlier", "now", "today", "yesterday", "tonight", "tomorrow", "just", "only",
            "even", "perhaps", "maybe", "nobody's", "team", "teams", "customer", "customer's", "user", "people",
            // calendar
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
            "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
            // systems, tools and process nouns
            "script", "job", "cron", "cache", "queue", "worker", "server", "service", "system", "database",
            "cluster", "node", "pod", "deploy", "deployer", "pipeline", "build", "test", "check", "alert",
            "monitor", "dashboard", "runbook", "playbook", "config", "process", "proxy", "gateway", "balancer",
            "scheduler", "controller", "operator", "client", "app", "application", "website", "site", "backend",
            "frontend", "disk", "network", "firewall", "cert", "certificate", "replica", "primary", "leader",
            "follower", "failover", "backup", "rollout", "rollback", "release", "feature", "flag", "code",
            "change", "patch", "update", "upgrade", "version", "library", "dependency", "vendor", "provider",
            "review", "canary", "staging", "production", "prod", "autoscaler", "exporter", "agent", "daemon",
            "router", "consumer", "producer", "container", "kernel", "browser", "bot", "pager", "migration",
            "schema", "index", "query", "lock", "timeout", "retry", "limit", "quota", "tooling", "automation",
            "terraform", "kubernetes", "docker", "helm", "kafka", "redis", "postgres", "mysql", "mongo",
            "elasticsearch", "nginx", "envoy", "istio", "consul", "vault", "jenkins", "grafana", "prometheus",
            "datadog", "sentry", "pagerduty", "opsgenie", "cloudflare", "fastly", "akamai", "aws", "azure",
            "google", "amazon", "heroku", "vercel", "netlify", "stripe", "twilio", "okta", "slack", "zoom",
            "github", "gitlab", "bitbucket", "circleci", "travis", "argo", "flux", "ansible", "chef", "puppet",
            "linux", "java", "python", "go", "rust", "ruby", "rails", "django", "spring", "flyway",
            "liquibase", "celery", "sidekiq", "airflow", "spark", "hadoop", "cassandra", "memcached", "varnish",
            "haproxy", "lambda", "cloudwatch", "splunk", "kibana", "logstash", "zookeeper", "etcd", "rabbitmq",
            "nomad", "mesos", "windows", "android", "ios", "chrome", "firefox", "safari",
            // product features and infrastructure parts
            "checkout", "search", "login", "logout", "signup", "auth", "billing", "cart", "basket", "email",
            "mail", "storage", "sync", "upload", "download", "import", "export", "inventory", "invoice",
            "catalog", "catalogue", "payment", "order", "account", "profile", "session", "token", "webhook",
            "endpoint", "traffic", "load", "memory", "pool", "connection", "socket", "thread", "heap",
            "compiler", "linter", "validator", "parser", "loader", "crawler", "indexer", "mailer", "notifier",
            "uploader", "importer", "sender", "handler", "listener", "poller", "syncer", "cleaner", "reaper",
            "watchdog", "healthcheck", "probe", "sidecar", "ingress", "egress", "batch", "stream", "topic",
            "partition", "broker", "bucket", "blob", "volume", "snapshot", "image", "artifact", "registry",
            "repo", "repository", "branch", "commit", "merge", "tag", "hook", "lint", "rule", "policy",
            "permission", "secret", "key", "password", "credential", "firmware", "hardware", "software",
            "platform", "infra", "api", "cdn", "dns", "vpn", "cpu", "ram", "ssl", "tls");

    /** Common first names ending in "s" (other capitalised words ending in "s" are taken as plural nouns). */
    private static final Set<String> NAMES_ENDING_IN_S = Set.of(
            "james", "chris", "thomas", "lucas", "nicolas", "nicholas", "carlos", "marcus", "agnes", "doris",
            "louis", "luis", "jesus", "andreas", "matthias", "jonas", "niklas", "tobias", "elias", "denis",
            "dennis", "francis", "curtis", "travis", "douglas", "silas", "lars", "hans", "klaus", "iris", "alexis",
            "phyllis", "frances", "gladys", "lois", "morris", "boris", "ines", "mercedes", "dolores", "kris",
            "russ", "wes", "jess", "ross", "les", "charles", "miles", "jules", "julius", "marius", "cyrus",
            "amos", "moses", "tess", "bess", "yves", "andrés", "ramos", "vikas", "paras", "tomas",
            "matias", "mathias", "aziz", "idris", "anis", "alais", "ilias");

    private static final List<String> COMMON_NOUN_SUFFIXES = List.of(
            "ing", "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ics", "ism", "ogy", "ure", "age");

    private static boolean looksLikeName(String word) {
        if (word.length() < 2 || !NAME_SHAPE.matcher(word).matches()) {
            return false;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (NOT_NAMES.contains(lower) || ROLES.contains(lower)) {
            return false;
        }
        for (String suffix : COMMON_NOUN_SUFFIXES) {
            if (lower.length() > suffix.length() + 2 && lower.endsWith(suffix)) {
                return false;
            }
        }
        return !lower.endsWith("s") || NAMES_ENDING_IN_S.contains(lower);
    }

    // ---------------------------------------------------------------------------------------------
    // Tokens

    private enum Kind { MENTION, AT_NAME, WORD, POSSESSIVE, BREAK, OTHER }

    private record Token(Kind kind, String text, String lower) {
    }

    private static final Set<String> CONTRACTIONS_WITH_S = Set.of(
            "it's", "that's", "let's", "he's", "she's", "what's", "there's", "here's", "who's", "where's");

    private static final Set<String> BROADCASTS = Set.of("here", "channel", "everyone");

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '<') {
                int close = controlEnd(s, i);
                if (close > 0) {
                    out.add(control(s.substring(i + 1, close)));
                    i = possessive(s, close + 1, out);
                    continue;
                }
                i++;
                continue;
            }
            if (c == '@' && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))
                    && i + 1 < n && Character.isLetterOrDigit(s.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || ".-_".indexOf(s.charAt(j)) >= 0)) {
                    j++;
                }
                while (j > i + 1 && ".-_".indexOf(s.charAt(j - 1)) >= 0) {
                    j--;
                }
                String name = s.substring(i + 1, j);
                out.add(BROADCASTS.contains(name.toLowerCase(Locale.ROOT))
                        ? new Token(Kind.OTHER, "@" + name, "@" + name.toLowerCase(Locale.ROOT))
                        : new Token(Kind.AT_NAME, "@" + name, "@" + name.toLowerCase(Locale.ROOT)));
                i = possessive(s, j, out);
                continue;
            }
            if (Character.isLetterOrDigit(c)) {
                int j = i + 1;
                while (j < n) {
                    char d = s.charAt(j);
                    if (Character.isLetterOrDigit(d)) {
                        j++;
                    } else if ((d == '\'' || d == '’' || d == '-') && j + 1 < n
                            && Character.isLetterOrDigit(s.charAt(j + 1))) {
                        j += 2;
                    } else {
                        break;
                    }
                }
                word(s.substring(i, j).replace('’', '\''), out);
                i = j;
                continue;
            }
            if (";:()[]—–".indexOf(c) >= 0
                    || (c == '-' && (i + 1 == n || Character.isWhitespace(s.charAt(i + 1))))) {
                out.add(new Token(Kind.BREAK, String.valueOf(c), String.valueOf(c)));
            }
            i++;
        }
        return out;
    }

    private static void word(String w, List<Token> out) {
        String lower = w.toLowerCase(Locale.ROOT);
        if (lower.length() > 2 && lower.endsWith("'s") && !CONTRACTIONS_WITH_S.contains(lower)) {
            String base = w.substring(0, w.length() - 2);
            out.add(new Token(Kind.WORD, base, base.toLowerCase(Locale.ROOT)));
            out.add(new Token(Kind.POSSESSIVE, "'s", "'s"));
        } else {
            out.add(new Token(Kind.WORD, w, lower));
        }
    }

    /** Emits a possessive token when {@code 's} follows a mention at {@code i}; returns the next index. */
    private static int possessive(String s, int i, List<Token> out) {
        if (i + 1 < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '’')
                && (s.charAt(i + 1) == 's' || s.charAt(i + 1) == 'S')
                && (i + 2 == s.length() || !Character.isLetterOrDigit(s.charAt(i + 2)))) {
            out.add(new Token(Kind.POSSESSIVE, "'s", "'s"));
            return i + 2;
        }
        return i;
    }

    /** A Slack control's content (between {@code <} and {@code >}) as a token. */
    private static Token control(String content) {
        int bar = content.indexOf('|');
        String target = bar < 0 ? content : content.substring(0, bar);
        String label = bar < 0 ? "" : content.substring(bar + 1).strip();
        if (label.startsWith("@")) {
            label = label.substring(1);
        }
        if (target.startsWith("@") && target.length() > 1) {
            String display = "@" + (label.isEmpty() ? target.substring(1) : label);
            return new Token(Kind.MENTION, display, display.toLowerCase(Locale.ROOT));
        }
        if (target.startsWith("!subteam^") && !label.isEmpty()) {
            String display = "@" + label;
            return new Token(Kind.MENTION, display, display.toLowerCase(Locale.ROOT));
        }
        return new Token(Kind.OTHER, "<" + content + ">", "");
    }

    // ---------------------------------------------------------------------------------------------
    // Matching

    private static final int MAX_GAP = 3;

    private static Finding checkSentence(String sentence) {
        List<Token> tokens = tokens(sentence);
        for (int p = 0; p < tokens.size(); p++) {
            Person person = person(tokens, p);
            if (person == null || negated(tokens, p)) {
                continue;
            }
            Phrase phrase = forward(tokens, p);
            if (phrase == null && person.unambiguous) {
                phrase = backward(tokens, p);
            }
            if (phrase != null) {
                String quoted = phrase.words[0].equals("'s") ? person.word + phrase.label() : phrase.label();
                return new Finding(sentence, "blames " + person.display + ": '" + quoted + "'",
                        phrase.family.suggestion);
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            Phrase phrase = phraseAt(tokens, i);
            if (phrase != null && phrase.label().equals("human error")) {
                return new Finding(sentence, "blames a person: 'human error'", Family.ERROR.suggestion);
            }
        }
        return null;
    }

    /**
     * A person reference: how the reason names it, the word itself, and whether it is a person
     * whatever follows (mentions, roles) rather than a capitalised word taken as a name.
     */
    private record Person(String display, String word, boolean unambiguous) {
    }

    /** The person referred to by the token at {@code p}, or null when it is not a person reference. */
    private static Person person(List<Token> tokens, int p) {
        Token t = tokens.get(p);
        switch (t.kind) {
            case MENTION, AT_NAME -> {
                return new Person(t.text, t.text, true);
            }
            case WORD -> {
                if (isRole(tokens, p)) {
                    return new Person("a person ('" + t.lower + "')", t.lower, true);
                }
                // A capitalised word is a name only when a blaming phrase follows it.
                return looksLikeName(t.text) && forward(tokens, p) != null ? new Person(t.text, t.text, false) : null;
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean negated(List<Token> tokens, int p) {
        for (int k = Math.max(0, p - 2); k < p; k++) {
            if (NEGATIONS.contains(tokens.get(k).lower)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRole(List<Token> tokens, int p) {
        Token t = tokens.get(p);
        return t.kind == Kind.WORD && ROLES.contains(t.lower)
                && (p == 0 || !QUANTIFIERS.contains(tokens.get(p - 1).lower));
    }

    /** A blaming phrase after the person at {@code p}, with at most {@link #MAX_GAP} fillers between. */
    private static Phrase forward(List<Token> tokens, int p) {
        int gap = 0;
        for (int j = p + 1; j < tokens.size(); j++) {
            Phrase ph = phraseAt(tokens, j);
            if (ph != null) {
                return ph;
            }
            Token t = tokens.get(j);
            boolean filler = (t.kind == Kind.WORD || t.kind == Kind.POSSESSIVE) && FILLERS.contains(t.lower);
            if (!filler || ++gap > MAX_GAP) {
                return null;
            }
        }
        return null;
    }

    /**
     * A blaming phrase before the person at {@code p}, joined by connectors only ("blame @bob", "the
     * mistake was made by @bob"). Hindsight phrases are left out: "the job failed to page @bob"
     * does not blame Bob.
     */
    private static Phrase backward(List<Token> tokens, int p) {
        int gapStart = p;
        while (gapStart > 0 && p - gapStart < MAX_GAP) {
            Token t = tokens.get(gapStart - 1);
            if (t.kind != Kind.WORD || !CONNECTORS.contains(t.lower)) {
                break;
            }
            gapStart--;
        }
        // Try every phrase that ends at a position in [gapStart, p].
        for (int end = p; end >= gapStart; end--) {
            for (Phrase ph : PHRASES) {
                int start = end - ph.words.length;
                if (start >= 0 && ph.family != Family.HINDSIGHT && matches(tokens, start, ph)) {
                    return ph;
                }
            }
        }
        return null;
    }

    private static Phrase phraseAt(List<Token> tokens, int i) {
        for (Phrase ph : PHRASES) {
            if (matches(tokens, i, ph)) {
                return ph;
            }
        }
        return null;
    }

    private static boolean matches(List<Token> tokens, int i, Phrase ph) {
        if (i + ph.words.length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < ph.words.length; k++) {
            Token t = tokens.get(i + k);
            if ((t.kind != Kind.WORD && t.kind != Kind.POSSESSIVE) || !t.lower.equals(ph.words[k])) {
                return false;
            }
        }
        return true;
    }
}
