package io.incidentbot.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;

/** The root log level, as {@code LOG_LEVEL} (environment or {@code .env}, read by the config reader) sets it. */
final class Logs {
    private Logs() {
    }

    /** The root logger at {@code level} (one of {@link io.incidentbot.config.Config#LOG_LEVELS}); null leaves it. */
    static void level(String level) {
        ch.qos.logback.classic.Logger root = root();
        if (root != null && level != null) {
            root.setLevel(Level.toLevel(level));
        }
    }

    /**
     * For the commands that are not the bot itself: log lines go to stderr (stdout carries the
     * command's output, e.g. a draft or a manifest) and only warnings show unless LOG_LEVEL asks for more.
     */
    static void toStderr(String logLevel) {
        ch.qos.logback.classic.Logger root = root();
        if (root == null) {
            return;
        }
        root.setLevel(logLevel == null ? Level.WARN : Level.toLevel(logLevel));
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                console.stop();
                console.setTarget("System.err");
                console.start();
            }
        }
    }

    private static ch.qos.logback.classic.Logger root() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                ? context.getLogger(Logger.ROOT_LOGGER_NAME) : null;
    }
}
