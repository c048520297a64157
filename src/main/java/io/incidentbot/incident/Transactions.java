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
}
