package io.incidentbot.postmortem;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follow-ups said in the channel: "Follow-up: …", "action item: …", "AI: …", "TODO: …", "we should add …",
 * "let's make sure …", "I'll open a ticket to …", "<@U> can you write a runbook for … by Friday", a reply
 * that adds one ("+1, and a staging load test …"), ticket keys ({@code ORD-1412}) and issue URLs;
 * Korean "후속 조치: …", "액션 아이템: …", "…해야 합니다", "티켓 만들겠습니다". The owner is the person
 * mentioned, else the speaker; a due date is read when stated; a ticket key or issue URL becomes the
 * item's reference (joined to the item it names, e.g. "ORD-1412 (pool sizing)").
 */
final class ActionItemMentions {
    private ActionItemMentions() {
    }

    private static final Pattern PREFIX = Phrases.ci("^\\W*(?:follow[\\s-]?ups?|action\\s+items?|ais?|todos?|next\\s+steps?|"
            + "to[\\s-]?do|후속\\s*(?:조치|작업|과제)?|액션\\s*아이템|할\\s*일|개선\\s*(?:사항|과제)|재발\\s*방지(?:\\s*(?:대책|책))?)"
            + "(?:\\s+for\\s+" + Phrases.MENTION + ")?\\s*(?:\\(\\S+\\))?\\s*[:：-]\\s*");
    private static final Pattern INLINE = Phrases.ci("\\baction\\s+item\\b|\\bfollow[\\s-]?up\\b(?!\\s+(?:question|on\\s+that))|"
            + "\\bwe\\s+(?:should|need\\s+to|must|ought\\s+to|have\\s+to)\\s+|\\blet'?s\\s+make\\s+sure\\b|"
            + "\\blet'?s\\s+(?:add|write|create|document|automate|set\\s+up|build|schedule|file|open|track|review|audit)\\b|"
            + "\\b" + Phrases.I_WILL + "\\s+(?:open|file|create|raise|write\\s+up)\\s+(?:a\\s+|an\\s+|the\\s+)?"
            + "(?:tickets?|issues?|jiras?|bugs?|follow[\\s-]?ups?)\\b|"
            + "\\b(?:after\\s+this|afterwards|post[\\s-]?incident|later|tomorrow|next\\s+week)\\b.*\\b(?:we|i)\\s+(?:should|need|will)\\b|"
            + "해야\\s*(?:합니다|할\\s*것\\s*같|겠습니다|겠어요|해요|함|됩니다|할\\s*듯)|해야겠|티켓\\s*(?:을|를)?\\s*(?:만들|생성|발행|끊|올리)|"
            + "이슈\\s*(?:를|을)?\\s*(?:만들|생성|등록|올리)|하도록\\s*하겠습니다|추가하겠습니다|개선하겠습니다|작성하겠습니다");
    private static final Pattern ASK = Phrases.ci("^(" + Phrases.MENTION + ")[,:]?\\s+(?:can|could|would)\\s+you\\s+(?:please\\s+)?"
            + "((?:add|write|create|document|automate|set\\s+up|build|schedule|file|open|own|fix|update|audit|review|draft)\\b.*)"
            + "\\b(?:after\\s+this|afterwards|later|tomorrow|next\\s+week|this\\s+week|by\\s+\\S+|once\\s+we'?re\\s+stable|"
            + "when\\s+things\\s+calm\\s+down)");
    private static final Pattern ADD_ON = Phrases.ci("^(?:\\+1|agreed|yes|yep|also|and|plus)[,!.]?\\s+(?:and\\s+|also\\s+|plus\\s+)?(.{12,})");
    private static final Pattern NOT_ITEM = Phrases.ci("\\bwe\\s+should\\s+(?:be|have\\s+been|see|know|probably\\s+wait|wait|"
            + "get\\s+(?:lunch|coffee)|grab|celebrate)\\b|\\bwe\\s+(?:should|need\\s+to|must)\\s+(?:now|first|quickly|immediately|"
            + "asap|right\\s+away)\\b|\\b(?:now|right\\s+now|immediately|asap|right\\s+away)\\b|\\blunch\\b|\\bcoffee\\b|\\bbeer\\b|"
            + "\\bshould\\s+(?:be\\s+)?(?:fine|ok|good|back|recover)|지금\\s*바로|당장");
    private static final Pattern IMMEDIATE = Phrases.ci("\\bwe\\s+(?:should|need\\s+to|must)\\s+(?:just\\s+)?" + Phrases.OPS_VERB + "\\b");
    static final Pattern TICKET = Pattern.compile("(?<![A-Za-z0-9-])([A-Z][A-Z0-9]{1,9}-\\d{1,6})(?![A-Za-z0-9-])");
    private static final Set<String> NOT_PROJECTS = Set.of("UTC", "GMT", "ISO", "UTF", "SHA", "HTTP", "TLS", "RFC", "CVE",
            "MD", "AES", "RSA", "HMAC", "WEST", "EAST", "NORTH", "SOUTH", "CENTRAL", "API", "INC", "P", "SEV", "TTL", "GPT",
            "COVID", "IPV", "HTTPS", "TCP", "UDP", "DB", "RDS", "EC", "US", "EU", "AP");
    static final Pattern ISSUE_URL = Pattern.compile("https?://[^\\s)>|]+?/(?:issues|-/issues|browse|issue|tickets?)/[A-Za-z0-9-]+");
    private static final Pattern TICKET_CONTEXT = Phrases.ci("\\btickets?\\b|\\bjiras?\\b|\\bissues?\\b|\\bfiled\\b|\\bopened\\b|"
            + "\\bcreated\\b|\\braised\\b|\\btracking\\b|\\btracked\\b|\\bfollow[\\s-]?ups?\\b|\\baction\\s+items?\\b|티켓|이슈|등록|생성");
    private static final Pattern JUST_TICKETS = Phrases.ci("^(?:and\\s+)?" + Phrases.I_WILL + "\\s+(?:open|file|create|raise)\\s+"
            + "(?:a\\s+|the\\s+)?(?:tickets?|issues?|jiras?)(?:\\s+for\\s+(?:these|those|them|both|this|that|it))?\\W*$|"
            + "^티켓\\s*(?:을|를)?\\s*(?:만들|생성|발행)\\S*\\W*$");
    private static final String VERBS = "(?:add|alert|create|write|document|derive|fix|update|remove|automate|test|run|set|enable|"
            + "disable|migrate|review|audit|rotate|page|implement|introduce|make|build|limit|cap|raise|lower|increase|reduce|"
            + "require|block|schedule|train|define|publish|configure|backfill|clean|refactor|upgrade|pin|track|measure|verify|"
            + "validate|check|notify|load[\\s-]test|drill|rehearse|send|email|revoke|offboard|delete|expire|split|shard|move)\\b";
    private static final Pattern SPLIT = Phrases.ci(",?\\s+and\\s+(?:also\\s+)?(?=" + VERBS + ")|,\\s+(?=" + VERBS + ")|;\\s+"
            );
    private static final Pattern OWNER = Phrases.ci("(?:owner|owned\\s+by|assign(?:ed)?\\s+to|for)\\s*[:=]?\\s*(" + Phrases.MENTION + ")|"
            + "^(" + Phrases.MENTION + ")[,:]?\\s+|(" + Phrases.MENTION + ")\\s*(?:님|님이|께서)|(" + Phrases.MENTION
            + ")\\s+(?:to|will|can\\s+you|could\\s+you|please)\\b");

    /** True when {@code sentence} is worded as a follow-up (so it is no decision). */
    static boolean cued(String sentence) {
        return PREFIX.matcher(sentence).find() || INLINE.matcher(sentence).find() && !NOT_ITEM.matcher(sentence).find()
                && !IMMEDIATE.matcher(sentence).find();
    }

    /** Gives an item to someone: "<@U> can you take the cache cap by Thursday?", "<@U>님이 금요일까지 해주세요". */
    private static final Pattern ASSIGN = Phrases.ci("(?:can|could|would)\\s+you\\s+(?:please\\s+)?(?:take|own|handle|do|pick\\s+up|"
            + "grab|drive|look\\s+after)|\\bplease\\s+(?:take|own|handle|do|pick\\s+up|drive)|\\b(?:is|are)\\s+(?:on|taking|owning)\\s+"
            + "(?:that|this|it|those|these|both)|해\\s*주세요|해주시|부탁|맡아\\s*주|담당해");
    private static final Pattern PAREN_OWNER = Pattern.compile("\\(\\s*(" + Phrases.MENTION + ")[^)]*\\)");
    private static final Pattern PAREN_NOTE = Pattern.compile("\\s*\\((?:[^)]*(?:" + Phrases.MENTION + "|\\bby\\b|\\bdue\\b|까지)[^)]*)\\)");
    private static final java.time.Duration CONTINUES = java.time.Duration.ofMinutes(5);

    static List<SuggestedAction> find(List<Utterance> utterances) {
        List<SuggestedAction> out = new ArrayList<>();
        java.util.Map<String, Integer> itemsByThread = new java.util.HashMap<>();
        java.util.Map<String, java.time.Instant> lastItemBy = new java.util.HashMap<>();
        for (Utterance u : utterances) {
            if (u.bot() || u.speaker() == null) {
                continue;
            }
            String thread = u.source().threadTs() != null ? u.source().threadTs() : u.source().ts();
            java.time.Instant previous = lastItemBy.get(u.speaker());
            boolean continuing = u.source().threadTs() != null && itemsByThread.containsKey(thread)
                    || previous != null && !u.at().isAfter(previous.plus(CONTINUES));
            int firstOfMessage = out.size();
            for (String sentence : u.sentences()) {
                List<String> tickets = tickets(sentence);
                String what = item(sentence, continuing);
                if (what == null && !tickets.isEmpty()) {
                    attachTickets(sentence, tickets, u, out);
                    continue;
                }
                if (what == null) {
                    assign(sentence, u, out, firstOfMessage);
                    continue;
                }
                String cue = sentence.substring(0, Math.max(0, sentence.indexOf(what)));
                String[] parts = SPLIT.split(what);
                for (String part : parts) {
                    String owner = ownerOf(part, cue, u.speaker());
                    LocalDate due = due(part, u);
                    if (due == null && parts.length == 1) {
                        due = due(sentence, u);
                    }
                    String p = tidy(PAREN_NOTE.matcher(part).replaceAll(""));
                    for (String t : tickets) {
                        p = p.replace(t, "").strip();
                    }
                    p = tidy(p);
                    if (words(p) >= 3) {
                        out.add(new SuggestedAction(p, owner, due, tickets.isEmpty() ? null : tickets.get(0), u.source()));
                        itemsByThread.merge(thread, 1, Integer::sum);
                        lastItemBy.put(u.speaker(), u.at());
                    }
                }
            }
        }
        return out;
    }

    /** An owner for the part of an item: someone named in it, else in its cue ("Follow-up for <@U>:"), else the speaker. */
    private static String ownerOf(String part, String cue, String speaker) {
        Matcher paren = PAREN_OWNER.matcher(part);
        if (paren.find()) {
            return Utterance.mentions(paren.group(1)).get(0);
        }
        String fromPart = owner(part, null);
        if (fromPart != null) {
            return fromPart;
        }
        String fromCue = owner(cue, null);
        return fromCue != null ? fromCue : speaker;
    }

    /** "<@U> can you take the cache cap?" gives the matching item (this message's, else an earlier one) an owner. */
    private static void assign(String sentence, Utterance u, List<SuggestedAction> out, int firstOfMessage) {
        List<String> named = Utterance.mentions(sentence);
        if (named.size() != 1 || named.get(0).equals(u.speaker()) || !ASSIGN.matcher(sentence).find() || out.isEmpty()) {
            return;
        }
        String owner = named.get(0);
        LocalDate due = due(sentence, u);
        if (out.size() - firstOfMessage == 1) {
            SuggestedAction a = out.get(firstOfMessage);
            out.set(firstOfMessage, new SuggestedAction(a.what(), owner, a.due() != null ? a.due() : due, a.reference(),
                    a.source()));
            return;
        }
        int best = -1;
        int bestScore = 0;
        for (int i = firstOfMessage < out.size() ? firstOfMessage : 0; i < out.size(); i++) {
            int score = shared(sentence, out.get(i).what());
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        if (best >= 0) {
            SuggestedAction a = out.get(best);
            out.set(best, new SuggestedAction(a.what(), owner, a.due() != null ? a.due() : due, a.reference(), a.source()));
        }
    }

    /** The follow-up {@code sentence} states (without its cue), or null. */
    static String item(String sentence, boolean replyToItems) {
        if (JUST_TICKETS.matcher(sentence).find() || PostmortemAuthor.about(sentence)) {
            return null;
        }
        Matcher p = PREFIX.matcher(sentence);
        if (p.find()) {
            return sentence.substring(p.end());
        }
        Matcher ask = ASK.matcher(sentence);
        if (ask.find()) {
            return sentence.substring(ask.start(2));
        }
        if (INLINE.matcher(sentence).find() && !NOT_ITEM.matcher(sentence).find() && !IMMEDIATE.matcher(sentence).find()
                && !Phrases.question(sentence)) {
            String s = sentence.replaceFirst("(?i)^.*?\\b(?:we\\s+(?:should|need\\s+to|must|ought\\s+to|have\\s+to)|"
                    + "let'?s(?=\\s+make\\s+sure)|let'?s)\\s+", "");
            s = s.replaceFirst("(?i)^(?:also|really|probably|definitely)\\s+", "");
            s = s.replaceFirst("(?i)^.*?\\b" + Phrases.I_WILL + "\\s+(?:open|file|create|raise)\\s+(?:a\\s+|an\\s+|the\\s+)?"
                    + "(?:tickets?|issues?|jiras?|bugs?)\\s+(?:to|for|about|so\\s+(?:that\\s+)?we)\\s+", "");
            s = s.replaceFirst("(?i)^action\\s+item\\s*(?:is|here|for\\s+later)?\\s*[:,-]?\\s*", "");
            return s;
        }
        if (replyToItems) {
            Matcher add = ADD_ON.matcher(sentence);
            if (add.find() && !Phrases.question(sentence)) {
                return add.group(1);
            }
        }
        return null;
    }

    static String owner(String sentence, String speaker) {
        Matcher paren = PAREN_OWNER.matcher(sentence);
        if (paren.find()) {
            return Utterance.mentions(paren.group(1)).get(0);
        }
        Matcher m = OWNER.matcher(sentence);
        if (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    return Utterance.mentions(m.group(g)).get(0);
                }
            }
        }
        return speaker;
    }

    private static final Pattern DUE_ISO = Phrases.ci("(?:\\b(?:by|due|before|until|deadline|eta)\\b[:\\s]*(\\d{4}-\\d{2}-\\d{2}))|"
            + "(\\d{4}-\\d{2}-\\d{2})\\s*까지");
    private static final Pattern DUE_WEEKDAY = Phrases.ci("\\b(?:by|due|before|until|on)\\s+(?:next\\s+)?(monday|tuesday|wednesday|"
            + "thursday|friday|saturday|sunday|mon|tue|wed|thu|fri)\\b|(월|화|수|목|금|토|일)요일\\s*까지");
    private static final Pattern DUE_WORDS = Phrases.ci("\\b(?:by|due)\\s+(tomorrow|eod|end\\s+of\\s+(?:the\\s+)?day|eow|"
            + "end\\s+of\\s+(?:the\\s+|this\\s+)?week|next\\s+week|eom|end\\s+of\\s+(?:the\\s+|this\\s+)?month)\\b|"
            + "(내일|이번\\s*주|다음\\s*주|이번\\s*달)\\s*(?:중|안|내)?\\s*(?:으로|에)?\\s*까지");
    private static final Pattern DUE_MONTH_DAY = Phrases.ci("\\b(?:by|due|before|until)\\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
            + "nov|dec)[a-z]*\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b|(\\d{1,2})\\s*월\\s*(\\d{1,2})\\s*일\\s*까지");
    private static final Pattern DUE_WITHIN = Phrases.ci("\\bwithin\\s+(\\d+|a|one|two)\\s+(days?|weeks?)\\b|(\\d+)\\s*(일|주)\\s*(?:안에|이내)");
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);
    private static final String KO_DAYS = "월화수목금토일";

    /** A due date stated in {@code sentence} (in the speaker's calendar), or null. */
    static LocalDate due(String sentence, Utterance u) {
        LocalDate today = u.at().atZone(u.zone()).toLocalDate();
        Matcher m = DUE_ISO.matcher(sentence);
        if (m.find()) {
            try {
                return LocalDate.parse(m.group(1) != null ? m.group(1) : m.group(2));
            } catch (RuntimeException e) {
                return null;
            }
        }
        m = DUE_WEEKDAY.matcher(sentence);
        if (m.find()) {
            DayOfWeek d = m.group(1) != null ? DAYS.get(m.group(1).substring(0, 3).toLowerCase(Locale.ROOT))
                    : DayOfWeek.of(KO_DAYS.indexOf(m.group(2)) + 1);
            return today.with(TemporalAdjusters.next(d));
        }
        m = DUE_WORDS.matcher(sentence);
        if (m.find()) {
            String w = (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            if (w.equals("tomorrow") || w.equals("내일")) {
                return today.plusDays(1);
            }
            if (w.equals("eod") || w.startsWith("end of") && w.endsWith("day")) {
                return today;
            }
            if (w.equals("next week") || w.equals("다음 주") || w.equals("다음주")) {
                return today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusDays(4);
            }
            if (w.equals("eom") || w.endsWith("month") || w.startsWith("이번 달") || w.startsWith("이번달")) {
                return today.with(TemporalAdjusters.lastDayOfMonth());
            }
            return today.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
        }
        m = DUE_MONTH_DAY.matcher(sentence);
        if (m.find()) {
            int month = m.group(1) != null
                    ? "janfebmaraprmayjunjulaugsepoctnovdec".indexOf(m.group(1).toLowerCase(Locale.ROOT).substring(0, 3)) / 3 + 1
                    : Integer.parseInt(m.group(3));
            int day = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(4));
            try {
                LocalDate d = LocalDate.of(today.getYear(), month, day);
                return d.isBefore(today) ? d.plusYears(1) : d;
            } catch (RuntimeException e) {
                return null;
            }
        }
        m = DUE_WITHIN.matcher(sentence);
        if (m.find()) {
            String n = m.group(1) != null ? m.group(1) : m.group(3);
            int count = n.equalsIgnoreCase("a") || n.equalsIgnoreCase("one") ? 1 : n.equalsIgnoreCase("two") ? 2 : Integer.parseInt(n);
            String unit = m.group(2) != null ? m.group(2) : m.group(4);
            return unit.startsWith("w") || unit.equals("주") ? today.plusWeeks(count) : today.plusDays(count);
        }
        return null;
    }

    /** Ticket keys and issue URLs named as follow-ups in {@code sentence}. */
    static List<String> tickets(String sentence) {
        List<String> out = new ArrayList<>();
        if (!TICKET_CONTEXT.matcher(sentence).find()) {
            return out;
        }
        Matcher url = ISSUE_URL.matcher(sentence);
        while (url.find()) {
            out.add(url.group());
        }
        String noUrls = ISSUE_URL.matcher(sentence).replaceAll(" ");
        Matcher m = TICKET.matcher(noUrls);
        while (m.find()) {
            String project = m.group(1).substring(0, m.group(1).indexOf('-'));
            if (!NOT_PROJECTS.contains(project) && !out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /**
     * Each ticket in {@code sentence} joins the earlier item it names (shared words with its label,
     * e.g. "ORD-1412 (pool sizing)" and "derive the pool size …"), else becomes an item of its own.
     */
    private static void attachTickets(String sentence, List<String> tickets, Utterance u, List<SuggestedAction> out) {
        for (String ticket : tickets) {
            String label = label(sentence, ticket);
            int best = -1;
            int bestScore = 0;
            for (int i = 0; i < out.size(); i++) {
                SuggestedAction a = out.get(i);
                if (a.reference() != null) {
                    continue;
                }
                int score = shared(label, a.what());
                if (score > bestScore) {
                    best = i;
                    bestScore = score;
                }
            }
            if (best < 0) {
                // "tracking both in PLAT-902 and PLAT-903": the recent items without a ticket, in order
                for (int i = 0; i < out.size(); i++) {
                    SuggestedAction a = out.get(i);
                    if (a.reference() == null && !a.source().at().isBefore(u.at().minus(RECENT))) {
                        best = i;
                        break;
                    }
                }
            }
            if (best >= 0) {
                out.set(best, out.get(best).withReference(ticket));
            } else if (words(label) >= 2) {
                out.add(new SuggestedAction(tidy(label), owner(sentence, u.speaker()), due(sentence, u), ticket, u.source()));
            }
        }
    }

    private static final java.time.Duration RECENT = java.time.Duration.ofHours(2);

    /** What a ticket is for: "(pool sizing)" after it, or "for X"/"to X" after it, else the sentence. */
    static String label(String sentence, String ticket) {
        int at = sentence.indexOf(ticket);
        String after = sentence.substring(at + ticket.length());
        Matcher paren = Pattern.compile("^\\s*[(（]([^)）]+)[)）]").matcher(after);
        if (paren.find()) {
            return paren.group(1).strip();
        }
        Matcher dash = Pattern.compile("^\\s*(?:[:–—-]|for|to|tracks|covers)\\s+([^,;]+)").matcher(after);
        if (dash.find()) {
            return tidy(dash.group(1));
        }
        String rest = sentence.replace(ticket, " ").replaceAll("(?i)\\b(?:tickets?|issues?|jiras?|filed|opened|created|"
                + "here'?s|here\\s+are|is|are|follow[\\s-]?ups?)\\b", " ").replaceAll("[:,]", " ").strip();
        return tidy(rest);
    }

    private static final Set<String> STOP = Set.of("the", "and", "for", "with", "from", "into", "that", "this", "when", "instead",
            "about", "after", "before", "our", "all", "any", "per");

    /** How many significant words (their first four letters) two texts share. */
    static int shared(String a, String b) {
        Set<String> left = stems(a);
        int n = 0;
        for (String s : stems(b)) {
            if (left.contains(s)) {
                n++;
            }
        }
        return n;
    }

    private static Set<String> stems(String text) {
        Set<String> out = new java.util.HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 3 && !STOP.contains(w)) {
                out.add(w.length() > 4 ? w.substring(0, 4) : w);
            }
        }
        return out;
    }

    static String tidy(String s) {
        String t = s.strip().replaceAll("^[-–—:,.;\\s]+", "").replaceAll("[\\s,;:]+$", "");
        t = t.replaceFirst("(?i)\\s*\\b" + Phrases.I_WILL + "\\s+(?:open|file|create)\\s+(?:a\\s+)?tickets?\\W*$", "");
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }

    private static int words(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return 0;
        }
        if (t.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL)) {
            return Math.max(3, t.split("\\s+").length); // Korean packs a phrase into few words
        }
        return t.split("\\s+").length;
    }
}
