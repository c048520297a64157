package io.incidentbot.incident;

import java.time.Instant;
import java.util.List;

/** Storage of back-fill jobs. */
public interface BackfillRepository {

    void save(BackfillJob job, Instant at);

    /** Jobs not yet done, e.g. to resume after a restart. */
    List<BackfillJob> unfinished();
}
