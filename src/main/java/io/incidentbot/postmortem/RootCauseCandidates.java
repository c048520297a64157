package io.incidentbot.postmortem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sentences that may hold the root cause, for when nobody set one: those that say so ("root cause",
 * "caused by", "because", "the reason was", "due to", "turns out", "원인은", "때문에", "로 인해"), and,
 * before the key decision, the pinned messages and the ones that name a change (a deploy, a version, a
 * config change) — what the decision was taken on. At most {@link #MAX} are proposed.
 */
final class RootCauseCandidates {
    private RootCauseCandidates() {
    }

    static final int MAX = 4;
    private static final Duration BEFORE_DECISION = Duration.ofMinutes(15);

    private static final Pattern SAYS = Phrases.ci("\\broot[\\s-]?cause\\b|\\bcaused\\s+by\\b|\\bbecause\\b|\\bthe\\s+reason\\s+"
            + "(?:was|is)\\b|\\bdue\\s+to\\b|\\bturns?\\s+out\\b|\\bthe\\s+(?:culprit|trigger)\\b|\\btriggered\\s+by\\b|"
            + "\\bthat'?s\\s+why\\b|\\bwhich\\s+is\\s+why\\b|\\bexplains?\\b|\\bthe\\s+(?:problem|issue)\\s+(?:was|is)\\b|"
            + "원인은|원인이|원인:|근본\\s*원인|때문에|때문입니다|로\\s*인해|으로\\s*인해|탓");
    private static final Pattern CHANGE = Phrases.ci("\\b(?:deploy(?:ed|ment)?|release[ds]?|went\\s+out|rolled\\s+out|"
            + "merged|shipped|config(?:uration)?\\s+change|changed|raises?|lowers?|bumped|migration|v\\d+\\.\\d+|upgrade[ds]?|"
            + "expired|renewed|rotated)\\b|배포|릴리스|변경|업그레이드|마이그레이션|만료");
    private static final Pattern NOT = Phrases.ci("\\b(?:not\\s+because|isn't|wasn't|ruled\\s+out|unrelated|not\\s+the\\s+cause)\\b|"
            + "아닌|아니");

    static List<Suggested<String>> find(List<Utterance> utterances, Suggested<String> keyDecision) {
        List<Suggested<String>> out = new ArrayList<>();
        for (Utterance u : utterances) {
            if (u.bot()) {
                continue;
            }
            boolean beforeDecision = keyDecision != null && !u.at().isAfter(keyDecision.source().at())
                    && !u.at().isBefore(keyDecision.source().at().minus(BEFORE_DECISION))
                    && u.source().entryId() != keyDecision.source().entryId();
            for (String sentence : u.sentences()) {
                if (Phrases.question(sentence) || NOT.matcher(sentence).find() || Decisions.decision(sentence)) {
                    continue;
                }
                boolean candidate = SAYS.matcher(sentence).find()
                        || beforeDecision && (u.pinned() || CHANGE.matcher(sentence).find()) && sentence.split("\\s+").length >= 4;
                if (candidate && out.stream().noneMatch(s -> s.quote().equals(sentence))) {
                    out.add(new Suggested<>(sentence, sentence, u.source()));
                }
            }
        }
        return out.size() > MAX ? out.subList(0, MAX) : out;
    }
}
