package io.incidentbot.flow;

import io.incidentbot.outbox.Outbox;
import io.incidentbot.outbox.SlackJob;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The bot's scheduler. Its state lives in the database (when each incident was last updated and
 * nudged, which day each action item's owner was last reminded), so a restart neither forgets nor
 * repeats a reminder.
 * <ul>
 *   <li>An unresolved incident with no update or status change for 30 minutes gets one nudge per period.</li>
 *   <li>Action items past due are sent to their owners once a day (a DM from the bot).</li>
 * </ul>
 */
public final class Reminders implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reminders.class);
    public static final Duration UPDATE_PERIOD = Duration.ofMinutes(30);

    private final IncidentService service;
    private final Outbox outbox;
    private final Clock clock;
    private final Transactions jobs;
    /** Further checks run on every pass (e.g. {@link LearningReminders}), each on its own. */
    private final List<Runnable> checks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reminders");
        t.setDaemon(true);
        return t;
    });

    /**
     * With {@code jobs} deciding who runs a pass when several bot processes share the database
     * (see {@link Transactions#runAlone}): one replica nudges, the others skip that round. Each
     * reminder is queued in the outbox in the transaction that records it was sent.
     */
    public Reminders(IncidentService service, Outbox outbox, Clock clock, Transactions jobs) {
        this.service = service;
        this.outbox = outbox;
        this.clock = clock;
        this.jobs = jobs;
    }

    /** Adds a check to every pass; like the built-in ones it must be idempotent, with its state in the database. */
    public void add(Runnable check) {
        checks.add(check);
    }

    public void start(Duration every) {
        timer.scheduleWithFixedDelay(this::checkSafely, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkSafely() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            log.warn("Reminder check failed, will try again: {}", e.getMessage());
        }
    }

    /**
     * One pass over everything due; safe to call at any time, and idempotent. False when another bot
     * process on the same database was running a pass at that moment (this one then did nothing).
     */
    public synchronized boolean checkNow() {
        return jobs.runAlone("reminders", this::pass);
    }

    private void pass() {
        Instant now = clock.instant();
        for (Incident incident : service.unresolved()) {
            // no nudge where the bot can no longer post (archived, removed, deleted): it would fail every period
            if (incident.botCanPostInChannel() && updateOverdue(incident, now)) {
                nudge(incident, now);
            }
        }
        remindOwners(LocalDate.ofInstant(now, ZoneOffset.UTC));
        for (Runnable check : checks) {
            try {
                check.run();
            } catch (RuntimeException e) {
                log.warn("Scheduled check {} failed, will try again: {}", check.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    static boolean updateOverdue(Incident i, Instant now) {
        Instant last = latest(i.openedAt(), i.lastUpdateAt(), i.nudgedAt());
        return !now.isBefore(last.plus(UPDATE_PERIOD));
    }

    private static Instant latest(Instant... times) {
        Instant latest = Instant.EPOCH;
        for (Instant t : times) {
            if (t != null && t.isAfter(latest)) {
                latest = t;
            }
        }
        return latest;
    }

    private void nudge(Incident i, Instant now) {
        Instant last = latest(i.openedAt(), i.lastUpdateAt());
        long minutes = Duration.between(last, now).toMinutes();
        String text = ":alarm_clock: No update on *" + i.humanId() + "* for " + minutes + " minutes. "
                + (i.leadId() == null ? "Nobody leads it yet: `/incident role lead @you`, then" : "<@" + i.leadId()
                + ">, please") + " tell stakeholders where things stand: `/incident update <text>` "
                + "(or change the status).";
        jobs.atomically(() -> {
            outbox.add(i, new SlackJob.Post(i.channelId(), text, null));
            service.markNudged(i);
        });
        log.info("{}: nudged for an update ({} min since the last one)", i.humanId(), minutes);
    }

    private void remindOwners(LocalDate today) {
        Map<String, List<ActionItem>> byOwner = service.overdueActionsToRemind(today).stream()
                .collect(Collectors.groupingBy(ActionItem::ownerId, LinkedHashMap::new, Collectors.toList()));
        byOwner.forEach((owner, items) -> {
            StringBuilder sb = new StringBuilder(":hourglass: These incident action items of yours are past due:");
            for (ActionItem item : items) {
                String incident = service.find(item.incidentId()).map(Incident::humanId).orElse("INC-" + item.incidentId());
                sb.append("\n• *").append(incident).append(" #").append(item.number()).append("* ").append(item.what())
                        .append(" — due ").append(item.due());
            }
            sb.append("\nClose one with `/incident done <n>` in its incident channel.");
            jobs.atomically(() -> {
                outbox.add((Long) null, new SlackJob.Post(owner, sb.toString(), null));
                items.forEach(item -> service.markReminded(item, today));
            });
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
