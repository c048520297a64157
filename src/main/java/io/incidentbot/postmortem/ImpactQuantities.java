package io.incidentbot.postmortem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentences that put a number on the impact: users, customers, requests, errors, tickets, orders,
 * payments, money or a percentage of something that failed ("~35% of users", "37 tickets about failed
 * checkouts", "5xx rate 23.4%", "about $12k in refunds", "사용자 35%", "주문 1,200건 실패", "약 2천만 원").
 * Versions, times, thresholds ("threshold 2%", "alert at > 80%"), capacity numbers ("12 pods × 50
 * connections"), recovery figures ("down to 0.4% and falling") and follow-ups are not impact.
 */
final class ImpactQuantities {
    private ImpactQuantities() {
    }

    /** The kind of impact a quantity measures: the draft's Impact bullets. */
    enum Kind { USERS, ERRORS, MONEY, OTHER }

    record Quantity(Kind kind, String sentence) {
    }

    private static final String NUM = "(?:~|≈|about\\s+|around\\s+|roughly\\s+|approx\\.?\\s+|over\\s+|more\\s+than\\s+|almost\\s+|"
            + "nearly\\s+|at\\s+least\\s+|약\\s*)?\\d[\\d,.]*\\s*(?:k|m|K|M|천|만|백만|억)?";
    private static final Pattern USERS = Phrases.ci(NUM + "\\s*(?:%\\s+of\\s+(?:all\\s+|our\\s+|the\\s+)?)?(?:\\w+\\s+){0,2}"
            + "(?:users?|customers?|accounts?|merchants?|tenants?|subscribers?|members?|people|players|drivers|sellers|"
            + "tickets?|support\\s+tickets?|complaints?|reports?|orgs?|organi[sz]ations?|sites?|stores?)\\b"
            + "|(?:사용자|고객|회원|가맹점|판매자|문의|티켓|민원|계정)\\s*(?:의\\s*)?(?:약\\s*)?\\d[\\d,.]*\\s*(?:%|명|건|개|곳|천|만)?"
            + "|\\d[\\d,.]*\\s*(?:천|만)?\\s*(?:명|곳)(?:의)?(?:\\s*(?:사용자|고객|회원))?|\\d[\\d,.]*\\s*건(?:의)?\\s*(?:문의|민원|티켓)");
    private static final Pattern ERRORS = Phrases.ci("(?:5xx|4xx|50\\d|error|failure|success|timeout|availability|drop)\\w*"
            + "(?:\\s+rate)?\\s*(?:is\\s+|was\\s+|at\\s+|of\\s+|hit\\s+|peaked\\s+at\\s+|reached\\s+|up\\s+to\\s+)?" + NUM + "\\s*%"
            + "|" + NUM + "\\s*%\\s+(?:of\\s+)?(?:\\w+\\s+){0,3}(?:requests?|calls?|errors?|traffic|checkouts?|payments?|logins?|"
            + "orders?|transactions?|queries|jobs|messages|uploads|deliveries|5xx|50\\d|failed|failing|errored|timed\\s+out)"
            + "|" + NUM + "\\s*(?:\\w+\\s+){0,2}(?:failed|failing|errored|dropped|lost|stuck|rejected|declined|duplicated)?\\s*"
            + "(?:requests?|errors?|5xx|50\\ds?|exceptions?|failures?|timeouts?|orders?|checkouts?|payments?|transactions?|"
            + "(?:api\\s+)?calls?|searches|queries|logins?|sign[\\s-]?ins?|renewals?|charges?|refunds?|bookings?|"
            + "messages?|emails?|jobs?|events?|webhooks?|notifications?|uploads?|records?|rows?)\\b"
            + "|p9[059]\\s*(?:latency\\s*)?(?:of\\s+|at\\s+|is\\s+|was\\s+|hit\\s+|~)?\\d[\\d.]*\\s*(?:ms|s|sec|seconds)\\b"
            + "|" + NUM + "\\s*%\\s+of\\s+(?:\\w+\\s+){1,3}(?:failing|failed|erroring|timing\\s+out|timed\\s+out|down|broken|affected|"
            + "impacted|rejected|dropped|lost|errors?|5xx|50\\d)"
            + "|(?:에러|오류|실패|타임아웃|5xx|50\\d)\\s*(?:율|률|비율)?\\s*(?:이|가|은|는)?\\s*(?:약\\s*)?\\d[\\d,.]*\\s*(?:%|건|개)"
            + "|(?:요청|주문|결제|거래|트랜잭션|메시지|알림|작업)\\s*(?:의\\s*)?(?:약\\s*)?\\d[\\d,.]*\\s*(?:%|건|개)"
            + "|\\d[\\d,.]*\\s*(?:천|만)?\\s*건(?:의)?\\s*(?:요청|주문|결제|거래|에러|오류|실패)");
    private static final Pattern MONEY = Phrases.ci("[$€£¥₩]\\s*\\d[\\d,.]*\\s*(?:k|m|K|M)?|\\d[\\d,.]*\\s*(?:k|m|K|M)?\\s*"
            + "(?:usd|eur|gbp|dollars|euros|krw)\\b|\\d[\\d,.]*\\s*(?:천|만|백만|억)?\\s*원|"
            + "\\b(?:revenue|refunds?|gmv|sales|chargebacks?|credits?|sla\\s+credits?)\\b[^.]{0,20}\\d|매출|환불|손실");
    private static final Pattern IMPACT_CONTEXT = Phrases.ci("fail|error|5xx|50\\d|down|outage|timing\\s+out|slow|latency|p9\\d|impact|affect|broken|lost|drop|"
            + "cannot|can't|couldn't|unable|timeout|timed\\s+out|complain|ticket|report|charge|double|stuck|delay|late|missing|"
            + "expos|leak|locked\\s+out|declin|reject|refund|revenue|users|customers|so\\s+far|in\\s+total|total|실패|에러|오류|장애|"
            + "영향|불가|지연|누락|문의|민원|손실|매출|환불|유출|피해|사용자|고객");
    private static final Pattern NOT_IMPACT = Phrases.ci("\\bthreshold\\b|\\b(?:alert|page|alarm)\\s+(?:on|at|when|if)\\b|"
            + "\\bdown\\s+to\\b|\\bback\\s+to\\b|\\bfalling\\b|\\bdropping\\b|\\brecover|\\bresolved\\b|\\bmax_connections\\b|"
            + "\\bpool\\b|\\breplicas?\\b|\\bpods?\\b|\\bnodes?\\b|\\bcpu\\b|\\bmemory\\b|\\bdisk\\b|\\bconnections\\b|"
            + "\\bversion\\b|\\bv\\d+\\.\\d|\\bdone\\b|\\bcompleted?\\b|\\bfinished\\b|정상|복구|임계|감소|떨어|완료|내려");
    private static final Pattern THRESHOLD = Phrases.ci("\\(\\s*threshold[^)]*\\)|\\(\\s*임계[^)]*\\)");
    private static final Pattern NOT_QUANTITIES = Phrases.ci("\\b\\d{1,2}:\\d{2}(?::\\d{2})?\\b|\\bv\\d+(?:\\.\\d+)+\\b|"
            + "\\b[45]0\\d(?:s)?\\b(?!\\s*(?:%|requests?|errors?|users?|customers?|tickets?|orders?|calls?))");

    static List<Suggested<Quantity>> find(List<Utterance> utterances) {
        List<Suggested<Quantity>> out = new ArrayList<>();
        for (Utterance u : utterances) {
            for (String sentence : u.sentences()) {
                Quantity q = quantity(sentence, u.bot());
                if (q != null && out.stream().noneMatch(s -> s.quote().equals(sentence))) {
                    out.add(new Suggested<>(q, sentence, u.source()));
                }
            }
        }
        return out;
    }

    /** The quantity of impact {@code sentence} states, or null. */
    static Quantity quantity(String sentence, boolean bot) {
        String s = NOT_QUANTITIES.matcher(THRESHOLD.matcher(StatedTimes.withoutUrls(sentence)).replaceAll(" ")).replaceAll(" ");
        if (Phrases.question(s) || ActionItemMentions.cued(s) || NOT_IMPACT.matcher(s).find()) {
            return null;
        }
        if (MONEY.matcher(s).find() && IMPACT_CONTEXT.matcher(s).find() && hasDigit(s)) {
            return new Quantity(Kind.MONEY, sentence);
        }
        Matcher users = USERS.matcher(s);
        if (users.find() && hasDigit(users.group()) && (IMPACT_CONTEXT.matcher(s).find() || users.group().contains("%"))) {
            return new Quantity(Kind.USERS, sentence);
        }
        Matcher errors = ERRORS.matcher(s);
        while (errors.find()) {
            if (hasDigit(errors.group()) && (bot || IMPACT_CONTEXT.matcher(s).find() || errors.group().contains("%")
                    || errors.group().matches("(?i).*(?:error|fail|5xx|50\\d|timeout).*"))) {
                return new Quantity(Kind.ERRORS, sentence);
            }
        }
        return null;
    }

    private static boolean hasDigit(String s) {
        return s.chars().anyMatch(Character::isDigit);
    }
}
