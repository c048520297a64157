package io.incidentbot.metrics;

import org.slf4j.MDC;

import java.util.Map;

/**
 * What every log line written while handling one Slack request (or the work it leaves behind) says
 * about it, as SLF4J MDC keys that logback.xml prints: the incident, Slack's id of the request
 * (an Events API {@code event_id}, an interaction's or command's {@code trigger_id}, else the
 * request's timestamp and signature prefix) and Slack's {@code X-Slack-Retry-Num}.
 */
public final class LogContext {
    public static final String INCIDENT = "incident";
    public static final String REQUEST = "slack_request";
    public static final String RETRY = "slack_retry";

    private LogContext() {
    }

    /** Names the incident for the rest of this request or job. */
    public static void incident(long incidentId) {
        MDC.put(INCIDENT, io.incidentbot.incident.Incident.ID_PREFIX + incidentId);
    }

    /** The request being handled (null: unknown) and Slack's retry number (null: the first delivery). */
    public static void request(String requestId, String retryNum) {
        putOrRemove(REQUEST, requestId);
        putOrRemove(RETRY, retryNum);
    }

    /** The request id of the current thread, or null: kept with outbox jobs so their log lines name it. */
    public static String requestId() {
        return MDC.get(REQUEST);
    }

    /** Forgets everything: a pooled thread must not carry one request's context into the next. */
    public static void clear() {
        MDC.remove(INCIDENT);
        MDC.remove(REQUEST);
        MDC.remove(RETRY);
    }

    /** {@code work} run with the caller's context on another thread (background work after an ack). */
    public static Runnable carry(Runnable work) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (context == null || context.isEmpty()) {
            return work;
        }
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            MDC.setContextMap(context);
            try {
                work.run();
            } finally {
                if (before == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(before);
                }
            }
        };
    }

    private static void putOrRemove(String key, String value) {
        if (value == null || value.isBlank()) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
