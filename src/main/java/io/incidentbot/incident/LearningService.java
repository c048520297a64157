package io.incidentbot.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The learning loop after an incident: near misses, tags, publishing the postmortem (or closing a
 * minor incident without one), and what the scheduler needs to remind, archive and review.
 * Every method that a command's answer depends on commits before it returns.
 */
public final class LearningService {
    /** A near miss without a severity is stored at the lowest level; it is shown as "near miss". */
    static final Severity NEAR_MISS_PLACEHOLDER = Severity.P4;

    private final IncidentService service;
    private final IncidentRepository incidents;
    private final TimelineRepository timeline;
    private final LearningRepository learning;
    private final Transactions tx;
    private final Clock clock;

    public LearningService(IncidentService service, IncidentRepository incidents, TimelineRepository timeline,
                           LearningRepository learning, Transactions tx, Clock clock) {
        this.service = service;
        this.incidents = incidents;
        this.timeline = timeline;
        this.learning = learning;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Records a close call: the incident, its "recorded" entry and the near-miss mark commit together.
     * {@code potentialSeverity} may be null (none given).
     */
    public Incident openNearMiss(String teamId, String userId, String title, String summary, Severity potentialSeverity) {
        return openNearMiss(teamId, null, userId, title, summary, potentialSeverity, false);
    }

    /**
     * A near miss, in a private channel when {@code isPrivate}; {@code enterpriseId} is the Enterprise
     * Grid organization Slack named with the request, or null.
     */
    public Incident openNearMiss(String teamId, String enterpriseId, String userId, String title, String summary,
                                 Severity potentialSeverity, boolean isPrivate) {
        String t = title == null ? "" : title.strip();
        if (t.isEmpty()) {
            throw new IncidentRuleException.TitleRequired("a near miss");
        }
        if (t.codePointCount(0, t.length()) > IncidentService.MAX_TITLE_LENGTH) {
            t = t.substring(0, t.offsetByCodePoints(0, IncidentService.MAX_TITLE_LENGTH));
        }
        String s = summary == null || summary.isBlank() ? null : summary.strip();
        Severity stored = potentialSeverity == null ? NEAR_MISS_PLACEHOLDER : potentialSeverity;
        Instant now = clock.instant();
        var created = new IncidentRepository.NewIncident(teamId, t, s, stored, userId, now, isPrivate, enterpriseId);
        return tx.atomically(() -> {
            Incident incident = incidents.create(created);
            timeline.appendLifecycle(incident.id(), teamId, userId, "Near miss recorded by <@" + userId + ">"
                    + (potentialSeverity == null ? "" : " (potential " + potentialSeverity.name() + ")"), now);
            learning.markNearMiss(incident.id(), potentialSeverity);
            return incident;
        });
    }

    public LearningState state(Incident incident) {
        return learning.state(incident.id());
    }

    public List<String> tags(Incident incident) {
        return learning.tags(incident.id());
    }

    /** Adds tags (already present ones are kept); returns those that were new. */
    public List<String> addTags(Incident incident, String userId, List<String> tags) {
        return learning.addTags(incident.id(), tags, userId, clock.instant());
    }

    /** Removes a tag; the timeline records who did (the tag's row, which named who added it, is gone). */
    public boolean removeTag(Incident incident, String userId, String tag) {
        return tx.atomically(() -> {
            if (!learning.removeTag(incident.id(), tag)) {
                return false;
            }
            timeline.appendLifecycle(incident.id(), incident.teamId(), userId,
                    "Tag " + tag + " removed by <@" + userId + ">", clock.instant());
            return true;
        });
    }

    public Map<Long, List<String>> allTags() {
        return learning.allTags();
    }

    /** Marks the postmortem published now; the version follows with {@link #storePublishedVersion}. */
    public LearningState markPublished(Incident incident, String userId, boolean anyway) {
        return markPublished(incident, userId, anyway, null);
    }

    /**
     * As {@link #markPublished(Incident, String, boolean)}; with {@code --anyway} over what the review
     * found ({@code overridden}, e.g. "Summary and Impact not written, 3 review findings"), the timeline
     * says who published anyway and over what.
     */
    public LearningState markPublished(Incident incident, String userId, boolean anyway, String overridden) {
        Instant now = clock.instant();
        tx.atomically(() -> {
            learning.markPublished(incident.id(), userId, anyway, now);
            if (anyway && overridden != null && !overridden.isBlank()) {
                timeline.appendLifecycle(incident.id(), incident.teamId(), userId, "Postmortem published anyway by <@"
                        + userId + "> (`--anyway`) over: " + overridden, now);
            }
        });
        return learning.state(incident.id());
    }

    /** The published text as stored: a new version only when it differs from the latest draft. */
    public record PublishedVersion(int version, boolean newVersion, boolean sameAsBefore) {
    }

    /**
     * Makes {@code markdown} the published version: the latest stored draft when it is the same text,
     * else a new version (older ones are kept). {@code sameAsBefore} says the previous publication
     * was exactly this version.
     */
    public PublishedVersion storePublishedVersion(Incident incident, String markdown) {
        return tx.atomically(() -> {
            Integer before = learning.state(incident.id()).publishedVersion();
            Optional<LearningRepository.Draft> latest = learning.latestDraft(incident.id());
            boolean reuse = latest.isPresent() && latest.get().markdown().equals(markdown);
            int version = reuse ? latest.get().version() : service.saveDraft(incident, markdown);
            learning.setPublishedVersion(incident.id(), version);
            service.postmortemPublished(incident, version);
            return new PublishedVersion(version, !reuse, before != null && before == version);
        });
    }

    public Optional<LearningRepository.Draft> latestDraft(Incident incident) {
        return learning.latestDraft(incident.id());
    }

    public void closeWithoutPostmortem(Incident incident, String userId, String reason) {
        learning.markClosed(incident.id(), userId, reason.strip(), clock.instant());
    }

    /** Resolved P1/P2 postmortems still unpublished {@code after} their resolution, not yet reminded today. */
    public List<Incident> unpublishedToRemind(Duration after, LocalDate today) {
        return found(learning.unpublishedToRemind(clock.instant().minus(after), today));
    }

    public void markPublishReminded(Incident incident, LocalDate today) {
        learning.markPublishReminded(incident.id(), today);
    }

    /** Published (or closed) incidents whose channel is due to be archived {@code after} that. */
    public List<Incident> toArchive(Duration after) {
        return found(learning.toArchive(clock.instant().minus(after)));
    }

    public void markArchived(Incident incident) {
        learning.markArchived(incident.id(), clock.instant());
    }

    /** Incidents first published {@code months} or more ago whose review was not yet posted. */
    public List<Incident> toReview(int months) {
        Instant by = clock.instant().atZone(ZoneOffset.UTC).minusMonths(months).toInstant();
        return found(learning.toReview(by));
    }

    public void markReviewed(Incident incident) {
        learning.markReviewed(incident.id(), clock.instant());
    }

    public List<LearningRepository.ActionItemFact> actionItemFacts() {
        return learning.actionItemFacts();
    }

    public List<LearningRepository.TagFact> tagFacts() {
        return learning.tagFacts();
    }

    public Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private List<Incident> found(List<Long> ids) {
        return ids.stream().map(service::find).flatMap(Optional::stream).toList();
    }
}
