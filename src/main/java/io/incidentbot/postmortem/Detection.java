package io.incidentbot.postmortem;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When the problem was noticed, when nobody set it: the first alert a bot posted, or the declaration
 * (the first human message of an imported channel), whichever came first. The source says by what.
 */
final class Detection {
    private Detection() {
    }

    /** The first firing alert in the conversation. */
    static Optional<Suggested<Instant>> firstAlert(List<Utterance> utterances) {
        for (Utterance u : utterances) {
            if (u.bot() && ImpactStart.firingAlert(u.text())) {
                return Optional.of(new Suggested<>(u.at(), u.sentences().isEmpty() ? u.text() : u.sentences().get(0),
                        u.source()));
            }
        }
        return Optional.empty();
    }

    /** The first message a person wrote (an imported channel has no declaration: this is the nearest). */
    static Optional<Suggested<Instant>> firstReport(List<Utterance> utterances) {
        for (Utterance u : utterances) {
            if (!u.bot()) {
                return Optional.of(new Suggested<>(u.at(), u.sentences().isEmpty() ? u.text() : u.sentences().get(0),
                        u.source()));
            }
        }
        return Optional.empty();
    }
}
