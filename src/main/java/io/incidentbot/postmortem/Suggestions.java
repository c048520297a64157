package io.incidentbot.postmortem;

import io.incidentbot.incident.Role;
import io.incidentbot.incident.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the extractors read from one conversation, each with its source message. Pure: the same
 * timeline always gives the same suggestions (no network, no model).
 */
public record Suggestions(
        Map<Role, Suggested<String>> roles,
        Optional<Suggested<String>> author,
        Optional<Suggested<Instant>> start,
        Optional<Suggested<Instant>> firstAlert,
        Optional<Suggested<Instant>> firstReport,
        Optional<Suggested<Instant>> mitigation,
        List<Suggested<String>> decisions,
        List<Suggested<ImpactQuantities.Quantity>> impact,
        List<SuggestedAction> actions,
        List<Suggested<String>> rootCauses) {

    public static Suggestions from(List<TimelineEntry> entries, UserNames names) {
        List<Utterance> said = Utterance.of(entries, names);
        List<Suggested<String>> decisions = Decisions.find(said);
        Suggested<String> key = keyDecision(decisions);
        return new Suggestions(RoleClaims.find(said), PostmortemAuthor.find(said), ImpactStart.find(said),
                Detection.firstAlert(said), Detection.firstReport(said), Mitigation.find(said), decisions,
                ImpactQuantities.find(said), ActionItemMentions.find(said), RootCauseCandidates.find(said, key));
    }

    /** The decision the response turned on: the first pinned one, else the first. */
    static Suggested<String> keyDecision(List<Suggested<String>> decisions) {
        return decisions.isEmpty() ? null : decisions.get(0);
    }

    public Optional<Suggested<String>> keyDecision() {
        return Optional.ofNullable(keyDecision(decisions));
    }
}
