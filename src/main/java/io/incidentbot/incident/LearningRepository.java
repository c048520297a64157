package io.incidentbot.incident;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Storage of the learning loop: near misses, publication, tags and the scheduler's bookkeeping. */
public interface LearningRepository {

    /** The incident's state; {@link LearningState#none} when nothing is stored. */
    LearningState state(long incidentId);

    void markNearMiss(long incidentId, Severity potentialSeverity);

    /**
     * Records a publication: the first one sets {@code published_at}; every one sets who and whether
     * the review findings were overridden, and clears the stored version until the new one is saved.
     */
    void markPublished(long incidentId, String userId, boolean anyway, Instant at);

    void setPublishedVersion(long incidentId, int version);

    void markClosed(long incidentId, String userId, String reason, Instant at);

    void markPublishReminded(long incidentId, LocalDate day);

    void markArchived(long incidentId, Instant at);

    void markReviewed(long incidentId, Instant at);

    /** The number of the latest stored postmortem draft and its text. */
    Optional<Draft> latestDraft(long incidentId);

    /** Adds tags (existing ones are kept); returns those that were new. */
    List<String> addTags(long incidentId, List<String> tags, String userId, Instant at);

    /** Removes a tag; false when the incident did not have it. */
    boolean removeTag(long incidentId, String tag);

    /** The incident's tags, sorted. */
    List<String> tags(long incidentId);

    /** Every incident's tags (incidents without tags left out), each list sorted. */
    Map<Long, List<String>> allTags();

    /**
     * Resolved P1/P2 incidents (not near misses) resolved at or before {@code resolvedBy}, neither
     * published nor closed, whose lead was not yet reminded on {@code today}.
     */
    List<Long> unpublishedToRemind(Instant resolvedBy, LocalDate today);

    /** Published or closed incidents with a channel, not yet archived, published/closed at or before {@code by}. */
    List<Long> toArchive(Instant by);

    /** Incidents first published at or before {@code by} whose review was not yet posted. */
    List<Long> toReview(Instant by);

    /** Every action item's creation time and whether (and when) it was done, for the stats. */
    List<ActionItemFact> actionItemFacts();

    /** Every tag with its incident's open time, for the stats. */
    List<TagFact> tagFacts();

    record Draft(int version, String markdown) {
    }

    record ActionItemFact(Instant createdAt, boolean done) {
    }

    record TagFact(long incidentId, String tag, Instant openedAt) {
    }
}
