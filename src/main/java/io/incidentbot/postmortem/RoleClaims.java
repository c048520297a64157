package io.incidentbot.postmortem;

import io.incidentbot.incident.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who said they hold a role: "I'm taking IC", "IC here", "I'll lead", "<@U> is IC", "handing IC to
 * <@U>", "제가 IC 맡겠습니다" (lead); "I'll handle comms", "커뮤니케이션은 제가" (comms); "I'll take notes",
 * "기록은 제가 할게요" (scribe). The latest claim of a role wins (a hand-over replaces the first lead).
 * Questions ("who's IC?") and requests ("can someone take IC?") claim nothing.
 */
final class RoleClaims {
    private RoleClaims() {
    }

    private static final String LEAD_NOUN = "(?:ic|i\\.c\\.|incident\\s+commander|incident\\s+command|incident\\s+lead|"
            + "incident\\s+manager|commander|point\\s+on\\s+this|lead\\s+on\\s+this|incident\\s+lead\\s+role)";
    private static final String COMMS_NOUN = "(?:comms|communications?|stakeholder\\s+(?:updates|comms|communication)|"
            + "customer\\s+(?:updates|comms|communication)|status\\s*page\\s+updates|external\\s+comms|internal\\s+comms|"
            + "updates\\s+to\\s+stakeholders|the\\s+status\\s+page)";
    private static final String SCRIBE_NOUN = "(?:notes|note[\\s-]?taking|the\\s+notes|scribe|the\\s+timeline|minutes)";

    private static final Map<Role, List<Pattern>> SELF = new EnumMap<>(Map.of(
            Role.LEAD, List.of(
                    Phrases.ci("\\b" + Phrases.I_AM + "\\s+(?:now\\s+)?(?:taking|got|have|the|your|on|acting\\s+as(?:\\s+the)?|"
                            + "taking\\s+over\\s+as(?:\\s+the)?|the\\s+new)?\\s*(?:over\\s+)?" + LEAD_NOUN + "\\b"),
                    Phrases.ci("\\b" + Phrases.I_WILL + "\\s+(?:take|be|run|lead|act\\s+as|grab|take\\s+over(?:\\s+as)?)\\s+(?:the\\s+)?"
                            + "(?:" + LEAD_NOUN + "|this(?:\\s+one|\\s+incident)?|lead|point|the\\s+incident)\\b"),
                    Phrases.ci("\\b" + Phrases.I_WILL + "\\s+lead\\b"),
                    Phrases.ci("^(?:ic|incident\\s+commander|incident\\s+lead)\\s+(?:here|is\\s+me)\\b"),
                    Phrases.ci("^(?:ic|incident\\s+lead)\\s*[:=]\\s*me\\b"),
                    Phrases.ci("\\btaking\\s+(?:ic|incident\\s+command|lead|point)\\b"),
                    Pattern.compile("(?:제가|저는|내가)\\s*(?:IC|ic|인시던트\\s*(?:커맨더|리드|지휘관?)|커맨더|지휘|리드|총괄)"
                            + "\\s*(?:를|을|은|는|로)?\\s*(?:맡|하겠|할게|할께|진행|담당)"),
                    Pattern.compile("(?:IC|ic|인시던트\\s*(?:커맨더|리드)|커맨더|지휘|총괄)\\s*(?:는|은|를|을)?\\s*(?:제가|저|내가)\\s*"
                            + "(?:맡|하겠|할게|할께|담당|진행)?"),
                    Pattern.compile("(?:IC|ic|인시던트\\s*커맨더)\\s*(?:를|을)?\\s*(?:맡겠습니다|맡을게요|맡습니다|맡을게|담당하겠습니다)")),
            Role.COMMS, List.of(
                    Phrases.ci("\\b" + Phrases.I_WILL + "\\s+(?:handle|take|do|own|run|cover|be\\s+on|manage|look\\s+after|"
                            + "keep)\\s+(?:the\\s+)?" + COMMS_NOUN + "\\b"),
                    Phrases.ci("\\b" + Phrases.I_AM + "\\s+(?:on|handling|doing|taking|owning|running|covering)\\s+(?:the\\s+)?"
                            + COMMS_NOUN + "\\b"),
                    Phrases.ci("\\b" + Phrases.I_WILL + "\\s+(?:keep\\s+stakeholders|update\\s+(?:the\\s+)?(?:stakeholders|customers|"
                            + "status\\s*page|support))\\b"),
                    Phrases.ci("^comms\\s*(?:[:=]\\s*me|here|is\\s+me)\\b"),
                    Pattern.compile("(?:커뮤니케이션|소통|대외\\s*소통|공지|고객\\s*안내|상황\\s*공유|전파)\\s*(?:은|는|을|를)?\\s*(?:제가|저|내가)"),
                    Pattern.compile("(?:제가|저는|내가)\\s*(?:커뮤니케이션|소통|대외\\s*소통|공지|고객\\s*안내|상황\\s*공유|전파)"
                            + "\\s*(?:을|를|은|는)?\\s*(?:맡|하겠|할게|담당|진행)")),
            Role.SCRIBE, List.of(
                    Phrases.ci("\\b" + Phrases.I_WILL + "\\s+(?:take|keep|write|do|handle|be\\s+taking)\\s+(?:the\\s+)?"
                            + "(?:notes|minutes|timeline|scribe\\s+duty)\\b"),
                    Phrases.ci("\\b" + Phrases.I_WILL + "\\s+(?:scribe|be\\s+(?:the\\s+)?scribe|be\\s+taking\\s+notes)\\b"),
                    Phrases.ci("\\b" + Phrases.I_AM + "\\s+(?:taking|keeping|on|the|doing)\\s+(?:the\\s+)?(?:notes|scribe|"
                            + "note[\\s-]?taking|timeline|minutes)\\b"),
                    Phrases.ci("^(?:scribe|notes)\\s*(?:[:=]\\s*me|here)\\b"),
                    Pattern.compile("(?:기록|서기|노트|메모|타임라인\\s*정리|회의록)\\s*(?:은|는|을|를)?\\s*(?:제가|저|내가)"),
                    Pattern.compile("(?:제가|저는|내가)\\s*(?:기록|서기|노트|메모|타임라인\\s*정리|회의록)\\s*(?:을|를|은|는)?\\s*"
                            + "(?:맡|하겠|할게|담당|남기|정리)"))));

    /** "<@U> is IC", "<@U> will be IC", "handing IC to <@U>", "IC: <@U>", "<@U>님이 IC" — someone else named. */
    private static final Map<Role, List<Pattern>> NAMED = new EnumMap<>(Map.of(
            Role.LEAD, List.of(
                    Phrases.ci("(" + Phrases.MENTION + ")\\s+(?:is|will\\s+be|is\\s+now|'s)\\s+(?:the\\s+)?(?:new\\s+)?" + LEAD_NOUN + "\\b"),
                    Phrases.ci("\\b(?:hand(?:ing)?|pass(?:ing)?|handed|passed)\\s+(?:over\\s+)?(?:ic|incident\\s+command|"
                            + "the\\s+lead)\\s+(?:over\\s+)?to\\s+(" + Phrases.MENTION + ")"),
                    Phrases.ci("^(?:ic|incident\\s+commander|incident\\s+lead)\\s*[:=]\\s*(" + Phrases.MENTION + ")"),
                    Phrases.ci("(" + Phrases.MENTION + ")\\s*(?:님이|님께서|님)?\\s*(?:IC|인시던트\\s*커맨더)\\s*(?:입니다|맡습니다|맡으실|담당)")),
            Role.COMMS, List.of(
                    Phrases.ci("(" + Phrases.MENTION + ")\\s+(?:is|will\\s+be|is\\s+now)\\s+(?:on|handling|doing)\\s+(?:the\\s+)?"
                            + COMMS_NOUN + "\\b"),
                    Phrases.ci("^comms\\s*[:=]\\s*(" + Phrases.MENTION + ")")),
            Role.SCRIBE, List.of(
                    Phrases.ci("(" + Phrases.MENTION + ")\\s+(?:is|will\\s+be|is\\s+now)\\s+(?:taking\\s+notes|(?:the\\s+)?scribe|"
                            + "on\\s+notes)\\b"),
                    Phrases.ci("^(?:scribe|notes)\\s*[:=]\\s*(" + Phrases.MENTION + ")"))));

    private static final Pattern NEGATED = Phrases.ci("\\b(?:not|n't|no\\s+longer|anymore|can't|cannot|unable)\\b|"
            + "\\bif\\s+|\\bwho\\b|\\bsomeone\\b|\\banyone\\b|\\bcan\\s+you\\b|\\bcould\\s+you\\b|아니|못|누가|안\\s*하");

    /** The latest claim of each role in the conversation. */
    static Map<Role, Suggested<String>> find(List<Utterance> utterances) {
        Map<Role, Suggested<String>> found = new EnumMap<>(Role.class);
        for (Utterance u : utterances) {
            if (u.bot() || u.speaker() == null) {
                continue;
            }
            for (String sentence : u.sentences()) {
                if (Phrases.question(sentence)) {
                    continue;
                }
                for (Role role : Role.values()) {
                    String who = claim(role, sentence, u.speaker());
                    if (who != null) {
                        found.put(role, new Suggested<>(who, sentence, u.source()));
                    }
                }
            }
        }
        return found;
    }

    /** Who {@code sentence} says holds {@code role}, or null. */
    static String claim(Role role, String sentence, String speaker) {
        for (Pattern p : NAMED.get(role)) {
            Matcher m = p.matcher(sentence);
            if (m.find() && !NEGATED.matcher(sentence.substring(0, m.start())).find()) {
                return Utterance.mentions(m.group(1)).get(0);
            }
        }
        for (Pattern p : SELF.get(role)) {
            Matcher m = p.matcher(sentence);
            if (m.find() && !NEGATED.matcher(sentence.substring(Math.max(0, m.start() - 20), m.end())).find()) {
                return speaker;
            }
        }
        return null;
    }
}
