package io.incidentbot.postmortem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decisions taken during the incident: "Decision: roll back orders-api", "we decided to fail over",
 * "let's roll back", "we'll fail over to us-west-2", "going with the rollback", "I'm going to restart the
 * primary", "결정: 롤백", "롤백하기로 했습니다", "페일오버 진행하겠습니다". Questions ("should we roll back?"),
 * follow-ups for later (those are action items) and small talk ("let's see", "let's grab lunch") are not.
 */
final class Decisions {
    private Decisions() {
    }

    private static final List<Pattern> SAYS = List.of(
            Phrases.ci("^\\W*(?:decision|decided|the\\s+call|call|plan|결정(?:\\s*사항)?)\\s*[:：-]\\s*\\S"),
            Phrases.ci("\\b(?:we|i)(?:'ve|\\s+have)?\\s+(?:just\\s+)?decided\\b|\\bdecision\\s+(?:is|was|made)\\b|"
                    + "\\b(?:making|made)\\s+the\\s+call\\b|\\bthe\\s+call\\s+is\\b|\\bwe\\s+agreed\\s+to\\b|\\bagreed\\s*:"),
            Phrases.ci("\\blet'?s\\s+(?:just\\s+|go\\s+ahead\\s+and\\s+|now\\s+)?" + Phrases.OPS_VERB + "\\b"),
            Phrases.ci("\\b(?:we|i)(?:'ll|\\s+will|'re\\s+going\\s+to|\\s+are\\s+going\\s+to|'m\\s+going\\s+to|\\s+am\\s+going\\s+to|"
                    + "'re\\s+gonna|'m\\s+gonna|\\s+are\\s+gonna)\\s+(?:now\\s+|just\\s+|go\\s+ahead\\s+and\\s+)?"
                    + Phrases.OPS_VERB + "\\b"),
            Phrases.ci("\\bwe(?:'re|\\s+are)\\s+(?:now\\s+)?(?:rolling\\s+back|failing\\s+over|reverting|restarting|draining|"
                    + "disabling|blocking|rotating|revoking|scaling|switching)\\b"),
            Phrases.ci("\\b(?:we'?re\\s+|i'?m\\s+|we\\s+are\\s+)?going\\s+(?:with|for)\\s+(?:the\\s+|a\\s+|option\\s+)?\\S+"),
            Phrases.ci("\\bgo(?:ing)?\\s+ahead\\s+with\\b|\\bproceed(?:ing)?\\s+with\\b|\\b(?:rollback|roll\\s+back|failover|"
                    + "revert|restart)\\s+it\\s+is\\b|\\bapproved?\\s+(?:the\\s+)?(?:rollback|failover|revert|restart|change)\\b"),
            Pattern.compile("(?:하기로|가기로|진행하기로|적용하기로)\\s*(?:했|결정|합니다|하겠|하죠|합시다|하였)|결정\\s*(?:했|하였|합니다|됐)"),
            Pattern.compile(Phrases.OPS_VERB_KO + "\\s*(?:을|를)?\\s*(?:합시다|하죠|하겠습니다|할게요|진행하겠습니다|"
                    + "갑시다|하기로)"),
            Pattern.compile("(?:로|으로)\\s*(?:가겠습니다|갑시다|가죠)"));

    private static final Pattern NOT = Phrases.ci("\\b(?:should\\s+we|shall\\s+we|do\\s+we|can\\s+we|could\\s+we|maybe|"
            + "perhaps|might|wonder|thinking\\s+about|not\\s+sure|unless)\\b|할까|될까|어떨까|어떠|괜찮을까");
    private static final Pattern SMALL_TALK = Phrases.ci("\\blet'?s\\s+(?:see|wait\\s+and\\s+see|hope|grab|get\\s+(?:lunch|coffee|food)|"
            + "chat|talk|sync|take\\s+a\\s+break|call\\s+it\\s+a\\s+day)\\b|\\b(?:lunch|coffee|beer|pizza|weekend)\\b");

    /** Each sentence that states a decision, in order. */
    static List<Suggested<String>> find(List<Utterance> utterances) {
        List<Suggested<String>> out = new ArrayList<>();
        for (Utterance u : utterances) {
            if (u.bot() || u.speaker() == null) {
                continue;
            }
            for (String sentence : u.sentences()) {
                if (decision(sentence)) {
                    out.add(new Suggested<>(sentence, sentence, u.source()));
                }
            }
        }
        return out;
    }

    static boolean decision(String sentence) {
        if (Phrases.question(sentence) || NOT.matcher(sentence).find() || SMALL_TALK.matcher(sentence).find()
                || ActionItemMentions.cued(sentence)) {
            return false;
        }
        for (Pattern p : SAYS) {
            Matcher m = p.matcher(sentence);
            if (m.find()) {
                return true;
            }
        }
        return false;
    }
}
