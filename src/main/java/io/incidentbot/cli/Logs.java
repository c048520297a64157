package io.incidentbot.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;

/** Logging for the commands that are not the bot itself. */
final class Logs {
    private Logs() {
    }

    /**
     * Log lines go to stderr (stdout carries the command's output, e.g. a draft or a manifest) and
     * only warnings show unless LOG_LEVEL asks for more.
     */
    static void toStderr(String logLevel) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (logLevel == null || logLevel.isBlank()) {
            root.setLevel(Level.WARN);
        }
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                console.stop();
                console.setTarget("System.err");
                console.start();
            }
        }
    }
}
