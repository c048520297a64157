package io.incidentbot.postmortem;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the impact stopped, as the conversation says it: the first message that says mitigated,
 * recovered, back to normal, error rate back to baseline, service restored ("복구됨", "정상화"), or an
 * alert's {@code [RESOLVED]}. "Not recovered yet", "once it's back to normal", "recovering" and
 * questions are not.
 */
final class Mitigation {
    private Mitigation() {
    }

    private static final Pattern SAYS = Phrases.ci("\\bmitigated\\b|\\bmitigation\\s+(?:is\\s+)?(?:in\\s+place|done|complete|"
            + "worked|applied|holding)|\\brecovered\\b|\\bfully\\s+recovered|\\bback\\s+to\\s+(?:normal|baseline|green|healthy)|"
            + "\\bback\\s+(?:at|under|below)\\s+(?:baseline|normal|threshold|the\\s+threshold)|\\breturned\\s+to\\s+(?:normal|baseline)|"
            + "\\b(?:service|services|site|api|app|checkout|everything|traffic)\\s+(?:is\\s+|are\\s+|has\\s+been\\s+|have\\s+been\\s+)?"
            + "(?:restored|back\\s+up|back\\s+online|healthy\\s+again|working\\s+again)|\\b(?:is|are)\\s+back\\s+(?:up|online)|"
            + "\\brestored\\b|\\bhealthy\\s+again|\\bstable\\s+(?:again|now)|\\bstabili[sz]ed|\\ball\\s+green|\\bgreen\\s+again|"
            + "\\berrors?\\s+(?:have\\s+|has\\s+)?(?:stopped|gone|cleared)|\\bno\\s+more\\s+(?:errors|5xx|502s|failures|timeouts)|"
            + "\\bimpact\\s+(?:is\\s+|has\\s+)?(?:over|ended|stopped)|\\bworking\\s+again"
            + "|복구\\s*(?:됨|되었|됐|완료|했|되었습니다|확인)|정상화|정상\\s*(?:으로|적으로)?\\s*(?:돌아|복귀|동작|작동|처리)|"
            + "정상\\s*(?:입니다|이에요|확인)|완화\\s*(?:됨|되었|됐|완료)|에러(?:율)?\\s*(?:가|이)?\\s*(?:사라|멈|없어|0)|해소\\s*(?:됨|되었|됐)");
    private static final Pattern NOT = Phrases.ci("\\bnot\\b|n't\\b|\\bno\\s+longer\\b|\\byet\\b|\\buntil\\b|\\bonce\\b|\\bwhen\\b|"
            + "\\bif\\b|\\bbefore\\b|\\bafter\\b\\s+(?:we|it)|\\bexpect|\\bshould\\b|\\bhopefully\\b|\\bmight\\b|\\bwill\\b|"
            + "\\bnearly\\b|\\balmost\\b|\\bpartially\\b|\\bpartly\\b|\\bstill\\b|\\bwait(?:ing)?\\s+for|"
            + "아직|않|안\\s*됐|안\\s*되|미복구|복구\\s*중|되면|하면|되는지|예정|기다|부분");
    private static final Pattern BOT_RESOLVED = Phrases.ci("\\[resolved\\]|\\bresolved\\b|\\brecovered\\b|\\brecovery\\b|"
            + "^\\s*ok\\b|\\bis\\s+(?:back\\s+)?up\\b|\\bback\\s+to\\s+normal|해소|복구|정상");

    /** The first message that says the impact stopped. */
    static Optional<Suggested<Instant>> find(List<Utterance> utterances) {
        for (Utterance u : utterances) {
            String s = says(u);
            if (s != null) {
                return Optional.of(new Suggested<>(u.at(), s, u.source()));
            }
        }
        return Optional.empty();
    }

    /** The sentence of {@code u} that says the impact stopped, or null. */
    static String says(Utterance u) {
        if (u.bot()) {
            return BOT_RESOLVED.matcher(u.text()).find() && !NOT.matcher(u.text()).find()
                    ? u.sentences().get(0) : null;
        }
        for (String sentence : u.sentences()) {
            if (Phrases.question(sentence)) {
                continue;
            }
            Matcher m = SAYS.matcher(sentence);
            if (m.find() && !NOT.matcher(sentence.substring(0, m.start())).find()
                    && !NOT.matcher(sentence.substring(m.end(), Math.min(sentence.length(), m.end() + 12))).find()) {
                return sentence;
            }
        }
        return null;
    }
}
