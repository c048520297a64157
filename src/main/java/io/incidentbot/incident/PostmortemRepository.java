package io.incidentbot.incident;

import java.time.Instant;
import java.util.Optional;

/** Stored postmortem drafts; every draft is a new version, old ones are kept. */
public interface PostmortemRepository {

    /** Stores a draft and returns its version number (1, 2, …). */
    int saveDraft(long incidentId, String markdown, Instant createdAt);

    Optional<String> latestDraft(long incidentId);

    /** One stored version of the draft. */
    Optional<String> draft(long incidentId, int version);
}
