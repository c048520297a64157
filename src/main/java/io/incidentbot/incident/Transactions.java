package io.incidentbot.incident;

import java.util.function.Supplier;

/** Runs work atomically: every repository call inside commits together or not at all. */
public interface Transactions {
    <T> T atomically(Supplier<T> work);

    /**
     * As {@link #atomically}, for small independent writes that arrive in bursts (Slack events): the
     * work may share one commit with other callers' work of the same moment (group commit), and
     * returns only after that commit. Work that throws changes nothing and does not affect the
     * others. By default it is simply {@link #atomically}.
     */
    default <T> T groupCommitted(Supplier<T> work) {
        return atomically(work);
    }

    default void atomically(Runnable work) {
        atomically(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs a scheduled job (e.g. the reminders pass) unless another bot process on the same database
     * is running it right now; then returns false without running it. The job's writes commit when it
     * ends, so the next run, wherever it happens, sees what this one did. With a single process (the
     * default) it simply runs.
     */
    default boolean runAlone(String job, Runnable work) {
        work.run();
        return true;
    }
}
