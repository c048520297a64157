package io.incidentbot.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signals that are the normal way to stop a command that serves. */
final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /**
     * SIGTERM (docker stop, systemd, Kubernetes) or SIGINT (Ctrl-C) stops the process normally: the
     * shutdown hooks close it gracefully, and the exit status is 0 rather than the JVM's 143 or 130.
     */
    @SuppressWarnings("removal")
    static void exitZeroOn(String signal, String logLine) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                log.info(logLine);
                System.exit(Main.OK);
            });
        } catch (RuntimeException | LinkageError unsupported) {
            log.debug("SIG{} keeps the JVM's default handling: {}", signal, unsupported.toString());
        }
    }
}
