package io.incidentbot.postmortem;

import java.util.regex.Pattern;

/** Shared pieces of the extractors' patterns (English and Korean). */
final class Phrases {
    private Phrases() {
    }

    static Pattern ci(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** A mention token as {@link Utterance#plain} writes it. */
    static final String MENTION = "<@[UW][A-Z0-9]+>";

    /** First person, English: I'm / I am / I'll / I will / I can / let me / me. */
    static final String I_WILL = "(?:i'?ll|i\\s+will|i\\s+can|i\\s+could|let\\s+me|i'?m\\s+going\\s+to|i'?m\\s+gonna|i\\s+am\\s+going\\s+to)(?:\\s+(?:also|just|now|happily|gladly|then))?";
    static final String I_AM = "(?:i'?m|i\\s+am|i'?ve|i\\s+have)";

    /** Verbs of operational moves during an incident (roll back, fail over, restart …). */
    static final String OPS_VERB = "(?:roll(?:ing)?[\\s-]?back|revert(?:ing)?|fail(?:ing)?[\\s-]?over|failover|restart(?:ing)?|"
            + "reboot(?:ing)?|redeploy(?:ing)?|re-?deploy|scale|scaling|scale[\\s-]?(?:up|out|down)|disable|disabling|"
            + "enable|enabling|turn(?:ing)?\\s+off|turn(?:ing)?\\s+on|drain(?:ing)?|block(?:ing)?|rotate|rotating|revoke|"
            + "revoking|pause|pausing|stop|stopping|promote|promoting|switch(?:ing)?|cut(?:ting)?\\s+over|bump(?:ing)?|"
            + "increase|increasing|raise|raising|reduce|reducing|lower(?:ing)?|shed(?:ding)?|rate[\\s-]?limit(?:ing)?|"
            + "throttl(?:e|ing)|flip(?:ping)?|purge|purging|flush(?:ing)?|isolate|isolating|reroute|rerouting|route|routing|"
            + "hot[\\s-]?fix|patch(?:ing)?|kill(?:ing)?|freeze|freezing|pin(?:ning)?|evacuate|evacuating|quarantine|"
            + "take\\s+\\S+\\s+out\\s+of\\s+rotation|put\\s+up\\s+a\\s+maintenance|roll\\s+forward|rolling\\s+forward|"
            + "invalidate|refund(?:ing)?|re-?publish(?:ing)?|re-?enable|re-?run|replay(?:ing)?|reprocess(?:ing)?|requeue|retry|backfill|restore|restoring|add\\s+capacity|deploy\\s+the\\s+fix|ship\\s+the\\s+fix|push\\s+the\\s+fix)";

    /** Korean verbs of operational moves. */
    static final String OPS_VERB_KO = "(?:롤백|원복|되돌리|페일\\s*오버|페일오버|장애\\s*조치|재시작|재기동|리부트|재배포|스케일\\s*(?:업|아웃)|"
            + "증설|차단|비활성화|활성화|전환|교체|중단|롤포워드|핫픽스|패치|격리|회전|폐기|무효화|증가|감소|늘리|줄이|내리|올리)";

    /** A sentence that asks rather than says. */
    static boolean question(String sentence) {
        String s = sentence.strip();
        return s.endsWith("?") || s.endsWith("？") || s.endsWith("까요") || s.endsWith("나요") || s.endsWith("을까")
                || s.endsWith("할까");
    }
}
