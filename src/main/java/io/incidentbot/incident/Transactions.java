package io.incidentbot.incident;

import java.util.function.Supplier;

/** Runs work atomically: every repository call inside commits together or not at all. */
public interface Transactions {
    <T> T atomically(Supplier<T> work);

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
