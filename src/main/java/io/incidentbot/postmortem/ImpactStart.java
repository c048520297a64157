package io.incidentbot.postmortem;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When impact began, as the conversation states it: a time said about the impact ("502s since ~23:35",
 * "errors started around 14:05", "checkout has been failing for the last 20 minutes", "23시 35분부터 502
 * 에러") or a firing alert's own time; the earliest of them. A time said about something else ("v2.41.0
 * went out at 23:31", "RDS connections hit the ceiling at 23:33") is a cause candidate, not the start;
 * so is any time with no impact word or no start word ("since", "began", "부터") next to it.
 */
final class ImpactStart {
    private ImpactStart() {
    }

    static final Pattern IMPACT = Phrases.ci("\\b(?:errors?|erroring|p9\\d|creep\\w*|public(?:ly)?|visible|5xx|4xx|50[0-9]s?|40[0-9]s?|failing|failures?|fail(?:s|ed)?|"
            + "down|outage|degraded|degradation|latency|slow(?:ness|ed)?|timeouts?|timing\\s+out|timed\\s+out|unavailable|"
            + "unreachable|broken|impact(?:ed)?|affected|users?|customers?|requests?|checkouts?|payments?|logins?|traffic|"
            + "alerts?|alarms?|page[sd]?|incident|spik(?:e|ed|ing)|drop(?:ped|ping)?|elevated|crash(?:es|ed|ing|looping)?|"
            + "oom(?:ing|killed)?|stuck|backlog|lag(?:ging)?|complaints?|reports?|tickets?|problems?|issues?|leak(?:ed|ing)?|"
            + "exposed|suspicious|unauthori[sz]ed|attack|ddos|exfiltrat\\w*)\\b"
            + "|에러|오류|장애|실패|지연|타임아웃|접속\\s*(?:불가|안)|응답\\s*없|다운|먹통|사용자|고객|요청|결제|주문|로그인|트래픽|알림|"
            + "알람|문의|영향|느려|증가|급증|유출|공격|이상");
    private static final Pattern START_CUE = Phrases.ci("(?:\\bsince|\\bstart(?:ed|ing|s)?|\\bbegan|\\bbegun|\\bbeginning|\\bfrom|"
            + "\\bkicked\\s+(?:in|off)|\\bfirst\\s+(?:\\S+\\s+){0,3}(?:at|around|about|was|were|seen|noticed|appeared|showed)|"
            + "\\bonset|\\bwent\\s+up|\\bspiked|\\bstarted\\s+seeing|\\bsaw\\s+the\\s+first|\\bfor\\s+(?:the\\s+)?(?:last|past))"
            + "[^\\d]{0,28}$");
    private static final Pattern START_CUE_AFTER = Phrases.ci("^\\s*(?:onwards?|and\\s+on|부터|쯤부터|경부터|무렵부터|께부터|"
            + "\\s*부터|에\\s*시작|쯤\\s*시작|경\\s*시작|부터\\s*시작|째)");
    private static final Pattern AGO_FORM = Phrases.ci("\\bago\\b|\\bfor\\s+(?:the\\s+)?(?:last|past)|전|째");
    private static final Pattern CAUSE = Phrases.ci("\\b(?:deploy(?:ed|ment|s)?|release[ds]?|went\\s+out|rolled\\s+out|roll[\\s-]?out|"
            + "merged?|shipped|pushed|migration|cron|job\\s+ran|maintenance|changed?|config\\s+change|upgrade[ds]?|"
            + "certificate\\s+expired|hit\\s+the\\s+ceiling|restarted|scaled)\\b|배포|릴리스|마이그레이션|변경|업그레이드|작업");
    private static final Pattern CLAUSE = Pattern.compile(",\\s+|;\\s+|\\s+[–—-]\\s+|\\s+but\\s+|\\s+and\\s+then\\s+|\\s+while\\s+");
    static final Pattern FIRING = Phrases.ci("\\[?firing\\b|\\btriggered\\b|\\balert(?:ing)?\\b|\\balarm\\b|\\bcritical\\b|"
            + "\\bwarning\\b|\\bdown\\b|\\bincident\\s+(?:#?\\d+\\s+)?(?:opened|triggered)|\\bthreshold\\b|\\bp[1-4]\\b|"
            + "\\bsev[\\s-]?[1-4]\\b|경보|알림|장애\\s*발생");
    private static final Pattern NOT_FIRING = Phrases.ci("\\[resolved\\]|\\bresolved\\b|\\brecovered\\b|\\bok\\b:?|\\bclosed\\b|"
            + "해소|복구|정상");
    private static final Pattern ALERT_SINCE = Phrases.ci("(?:since|started(?:\\s+at)?|starts\\s*at|startsAt|active\\s+since|"
            + "triggered\\s+at|fired\\s+at|시작)[:\\s]*$");

    /** The earliest start of impact the conversation states, with its source. */
    static Optional<Suggested<Instant>> find(List<Utterance> utterances) {
        Suggested<Instant> best = null;
        for (Utterance u : utterances) {
            for (Suggested<Instant> s : candidates(u)) {
                if (best == null || s.value().isBefore(best.value())) {
                    best = s;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    static List<Suggested<Instant>> candidates(Utterance u) {
        List<Suggested<Instant>> out = new java.util.ArrayList<>();
        if (u.bot()) {
            if (firingAlert(u.text())) {
                Instant at = u.at();
                for (StatedTimes.Stated t : StatedTimes.in(u.text(), u.at(), java.time.ZoneOffset.UTC)) {
                    String before = u.text().substring(0, t.start());
                    if (ALERT_SINCE.matcher(before.length() > 30 ? before.substring(before.length() - 30) : before).find()
                            && t.at().isBefore(at)) {
                        at = t.at();
                    }
                }
                out.add(new Suggested<>(at, u.sentences().isEmpty() ? u.text() : u.sentences().get(0), u.source()));
            }
            return out;
        }
        for (String sentence : u.sentences()) {
            if (Phrases.question(sentence)) {
                continue;
            }
            for (String clause : CLAUSE.split(sentence)) {
                if (!IMPACT.matcher(clause).find() || CAUSE.matcher(clause).find()) {
                    continue;
                }
                String plain = StatedTimes.withoutUrls(clause);
                for (StatedTimes.Stated t : StatedTimes.in(plain, u.at(), u.zone())) {
                    String before = plain.substring(0, t.start());
                    String after = plain.substring(t.end());
                    String written = plain.substring(t.start(), t.end());
                    boolean cued = START_CUE.matcher(before).find() || START_CUE_AFTER.matcher(after).find()
                            || AGO_FORM.matcher(written).find() && !t.at().isAfter(u.at());
                    if (cued && !t.at().isAfter(u.at())) {
                        out.add(new Suggested<>(t.at(), sentence, u.source()));
                    }
                }
            }
        }
        return out;
    }

    /** A bot message that reports a problem (an alert firing), not a recovery. */
    static boolean firingAlert(String text) {
        Matcher first = FIRING.matcher(text);
        return first.find() && !NOT_FIRING.matcher(text).find();
    }
}
