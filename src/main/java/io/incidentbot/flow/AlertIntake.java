package io.incidentbot.flow;

import io.incidentbot.incident.Alert;
import io.incidentbot.incident.AlertNotification;
import io.incidentbot.incident.AlertRepository;
import io.incidentbot.incident.AlertRepository.Group;
import io.incidentbot.incident.AlertRules;
import io.incidentbot.incident.AlertSource;
import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.PageKeys;
import io.incidentbot.incident.PagerEvent;
import io.incidentbot.incident.Severity;
import io.incidentbot.incident.Transactions;
import io.incidentbot.metrics.LogContext;
import io.incidentbot.outbox.Outbox;
import io.incidentbot.outbox.SlackJob;
import io.incidentbot.slackapi.AlertBlocks;
import io.incidentbot.slackapi.Blocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What an alert does. A firing alert of a group linked to an open incident joins its timeline; one
 * of an unlinked group declares an incident when its severity says so and the budget allows, or is
 * offered in the triage channel; a group firing again soon after its incident was resolved is told
 * to that incident's channel. A resolved alert is recorded — an incident is never resolved by an
 * alert. Everything a delivery changes commits in one transaction, and each alert state is acted on
 * once however often its source delivers it.
 */
public final class AlertIntake {
    private static final Logger log = LoggerFactory.getLogger(AlertIntake.class);
    /** Sources stop redelivering within hours; keys are kept this long, then forgotten. */
    static final Duration REMEMBER = Duration.ofDays(30);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final int MAX_LABELS_SHOWN = 8;
    private static final int MAX_VALUE = 120;
    private static final int MAX_TITLE = 150;

    /** What a delivery did (also the label of its metric). */
    public enum Outcome {
        /** Seen before: nothing changed. */
        DUPLICATE,
        /** Recorded in the timeline of the incident it is linked to. */
        ADDED,
        /** An incident was declared from it. */
        DECLARED,
        /** Offered in the triage channel (or already offered there). */
        TRIAGED,
        /** Fired again soon after its incident was resolved: told in that incident's channel. */
        REFIRED,
        /** Ignored in triage until it resolves. */
        MUTED,
        /** Not declared and no triage channel: only logged and counted. */
        NOT_DECLARED,
        /** Resolved alerts of a group that belongs to no incident. */
        NOTHING
    }

    /**
     * Declares an incident through the one declare path (as {@code /incident open} does), inside the
     * caller's transaction.
     */
    public interface Declarer {
        Declared declare(Declaration declaration);
    }

    /**
     * An incident to declare from an alert. {@code openerId}: the person who declared it from triage,
     * or the source's {@link AlertSource#openerId()}; {@code leadId} null until a person takes it;
     * {@code detectedAt}: when monitoring saw it, {@code detectedBy} which source; {@code invite}:
     * user ids (or user groups) to invite.
     */
    public record Declaration(String teamId, String openerId, String leadId, String title, String summary,
                              Severity severity, Instant detectedAt, String detectedBy, List<String> invite) {
    }

    /** The incident as stored, and what starts once the transaction that stored it commits (its channel). */
    public record Declared(Incident incident, Runnable afterCommit) {
    }

    /** A workspace is needed to declare: Slack has not answered {@code auth.test} yet. */
    public static final class NotReady extends RuntimeException {
        public NotReady(String message) {
            super(message);
        }
    }

    /** What a triage button did. */
    public record TriageResult(String text, Incident incident) {
    }

    private final IncidentService service;
    private final AlertRepository alerts;
    private final Transactions tx;
    private final AlertRules rules;
    private final String triageChannel;
    private final List<String> invite;
    private final Outbox outbox;
    private final Declarer declarer;
    private final Supplier<Optional<String>> teamId;
    private final Clock clock;
    private volatile Instant prunedAt = Instant.EPOCH;

    public AlertIntake(IncidentService service, AlertRepository alerts, Transactions tx, AlertRules rules,
                       String triageChannel, List<String> invite, Outbox outbox, Declarer declarer,
                       Supplier<Optional<String>> teamId, Clock clock) {
        this.service = service;
        this.alerts = alerts;
        this.tx = tx;
        this.rules = rules;
        this.triageChannel = triageChannel;
        this.invite = List.copyOf(invite);
        this.outbox = outbox;
        this.declarer = declarer;
        this.teamId = teamId;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- alerts

    /** Acts on one delivery; returns after everything it changed is committed. */
    public Outcome receive(AlertNotification n) {
        String team = team();
        Instant now = clock.instant();
        pruneNowAndThen(now);
        List<Runnable> afterCommit = new ArrayList<>();
        Outcome outcome = tx.atomically(() -> {
            List<Alert> fresh = n.alerts().stream().filter(a -> alerts.firstSeen(key(n, a), now)).toList();
            if (fresh.isEmpty()) {
                return Outcome.DUPLICATE;
            }
            return act(team, n, fresh, now, afterCommit);
        });
        afterCommit.forEach(Runnable::run);
        return outcome;
    }

    private Outcome act(String team, AlertNotification n, List<Alert> fresh, Instant now, List<Runnable> afterCommit) {
        Group group = alerts.group(n.source(), n.groupKey(), now);
        List<Alert> firing = n.firing();
        boolean firingNow = fresh.stream().anyMatch(Alert::firing);
        Incident linked = group.incidentId() == null ? null : service.find(group.incidentId()).orElse(null);
        if (linked != null && linked.isResolved() && firingNow) {
            if (!linked.resolvedAt().plus(AlertRules.REFIRE_WINDOW).isBefore(now)) {
                Incident resolved = linked;
                LogContext.incident(resolved.id());
                fresh.forEach(a -> record(resolved, n.source(), a));
                if (resolved.botCanPostInChannel()) {
                    String text = ":repeat: " + n.source().title() + " fired again: " + Blocks.escape(clip(title(n),
                            MAX_TITLE)) + " — " + resolved.humanId() + " was resolved " + ago(resolved.resolvedAt(), now)
                            + " ago. Reopen it if it is not over.";
                    outbox.add(resolved, new SlackJob.Post(resolved.channelId(), text,
                            Blocks.json(AlertBlocks.refired(resolved, text))));
                }
                log.info("{}: {} group fired again after its resolution", resolved.humanId(), n.source().title());
                return Outcome.REFIRED;
            }
            alerts.unlink(group.id()); // resolved long ago: this is a new incident
            linked = null;
        }
        if (linked != null) {
            LogContext.incident(linked.id());
            Incident incident = linked;
            fresh.forEach(a -> record(incident, n.source(), a));
            earliestStart(fresh).ifPresent(at -> service.detectedByIntegration(incident, n.source().title(), at));
            return firingNow ? Outcome.ADDED : Outcome.NOTHING;
        }
        if (!firingNow || firing.isEmpty()) {
            if (firing.isEmpty()) {
                // the whole group resolved: an Ignore lasts until then, and a triage offer is moot
                alerts.mute(group.id(), false);
                alerts.clearTriage(group.id());
            }
            return Outcome.NOTHING;
        }
        if (group.muted()) {
            return Outcome.MUTED;
        }
        Optional<Severity> severity = rules.highest(firing);
        Instant detected = earliestStart(firing).orElse(now);
        if (severity.isPresent() && rules.declares(severity.get())
                && alerts.declaredSince(now.minus(AlertRules.DECLARE_WINDOW)) < rules.maxDeclares()) {
            Declared declared = declarer.declare(new Declaration(team, n.source().openerId(), null,
                    Blocks.escape(clip(title(n), MAX_TITLE)), summary(n), severity.get(), detected, n.source().title(),
                    invite));
            afterCommit.add(declared.afterCommit());
            Incident incident = declared.incident();
            LogContext.incident(incident.id());
            alerts.link(group.id(), incident.id(), AlertRepository.Link.DECLARED, now);
            firing.forEach(a -> record(incident, n.source(), a));
            log.info("{} declared from a {} alert ({})", incident.humanId(), n.source().title(), severity.get());
            return Outcome.DECLARED;
        }
        String why = severity.isEmpty() ? "its severity maps to none of ALERT_AUTO_DECLARE"
                : !rules.declares(severity.get()) ? severity.get() + " is not in ALERT_AUTO_DECLARE"
                : "ALERT_MAX_DECLARES incidents were already declared from alerts in the last 10 minutes";
        if (triageChannel == null) {
            log.info("{} alert {} not declared ({}); set ALERT_TRIAGE_CHANNEL to be asked", n.source().title(),
                    clip(firing.get(0).name(), 80), why);
            return Outcome.NOT_DECLARED;
        }
        String title = Blocks.escape(clip(title(n), MAX_TITLE));
        Alert first = firing.stream().min(Comparator.comparing(Alert::startsAt,
                Comparator.nullsLast(Comparator.naturalOrder()))).orElseThrow();
        if (alerts.offerTriage(group.id(), title, severity.orElse(null), detected, entry(n.source(), first))) {
            String text = ":rotating_light: *Declare an incident?* " + n.source().title() + ": " + title
                    + severity.map(s -> " (" + s.name() + ")").orElse("") + " — " + why + ".";
            outbox.add((Long) null, new SlackJob.Post(triageChannel, text,
                    Blocks.json(AlertBlocks.triage(group.id(), text, lines(n.source(), firing)))));
        }
        return Outcome.TRIAGED;
    }

    /** Declare in the triage message: the alert group becomes an incident declared by {@code userId}. */
    public TriageResult declareFromTriage(long groupId, String userId) {
        String team = team();
        Instant now = clock.instant();
        List<Runnable> afterCommit = new ArrayList<>();
        TriageResult result = tx.atomically(() -> {
            Group group = alerts.group(groupId).orElse(null);
            if (group == null) {
                return new TriageResult(":information_source: That alert is no longer known.", null);
            }
            Optional<Incident> linked = Optional.ofNullable(group.incidentId()).flatMap(service::find)
                    .filter(i -> !i.isResolved());
            if (linked.isPresent()) {
                return new TriageResult(":information_source: This alert already belongs to *" + linked.get().humanId()
                        + "*.", linked.get());
            }
            if (group.triageTitle() == null) {
                return new TriageResult(":information_source: This alert resolved or was handled already.", null);
            }
            Declared declared = declarer.declare(new Declaration(team, userId, userId, group.triageTitle(), null,
                    group.triageSeverity() == null ? Severity.DEFAULT : group.triageSeverity(),
                    group.triageStartsAt(), group.source().title(), invite));
            afterCommit.add(declared.afterCommit());
            Incident incident = declared.incident();
            LogContext.incident(incident.id());
            alerts.link(group.id(), incident.id(), AlertRepository.Link.LINKED, now);
            service.recordIntegration(incident, group.source().title(), group.triageEntry(),
                    group.triageStartsAt() == null ? now : group.triageStartsAt());
            alerts.clearTriage(group.id());
            log.info("{} declared by {} from a {} alert in triage", incident.humanId(), userId, group.source().title());
            return new TriageResult(":white_check_mark: <@" + userId + "> declared *" + incident.humanId() + "* from this "
                    + group.source().title() + " alert.", incident);
        });
        afterCommit.forEach(Runnable::run);
        return result;
    }

    /** Ignore in the triage message: the group stays quiet until it resolves. */
    public TriageResult ignoreFromTriage(long groupId, String userId) {
        return tx.atomically(() -> {
            Group group = alerts.group(groupId).orElse(null);
            if (group == null || group.triageTitle() == null) {
                return new TriageResult(":information_source: This alert resolved or was handled already.", null);
            }
            alerts.mute(group.id(), true);
            alerts.clearTriage(group.id());
            log.info("{} alert group {} ignored by {} until it resolves", group.source().title(), group.id(), userId);
            return new TriageResult(":no_bell: <@" + userId + "> ignored this " + group.source().title()
                    + " alert until it resolves.", null);
        });
    }

    // ---------------------------------------------------------------- PagerDuty's own incidents

    /**
     * Acts on what PagerDuty says about one of its incidents: for a page the bot sent or an incident
     * linked to it, a timeline entry; a new PagerDuty incident the bot did not page is taken like an
     * alert (its urgency through the severity map).
     */
    public Outcome receive(PagerEvent e) {
        String team = team();
        Instant now = clock.instant();
        List<Runnable> afterCommit = new ArrayList<>();
        Outcome outcome = tx.atomically(() -> {
            if (!alerts.firstSeen(digest("pagerduty-webhook", e.deliveryId()), now)) {
                return Outcome.DUPLICATE;
            }
            Group group = alerts.group(AlertSource.PAGERDUTY, e.pagerId(), now);
            Optional<Incident> paged = PageKeys.incidentOf(team, e.incidentKey()).flatMap(service::find);
            if (paged.isPresent() && group.incidentId() == null) {
                // later events (a note) name only PagerDuty's incident: remember whose page it is
                alerts.link(group.id(), paged.get().id(), AlertRepository.Link.PAGE, now);
            }
            Optional<Incident> linked = paged.isPresent() ? paged
                    : Optional.ofNullable(group.incidentId()).flatMap(service::find);
            if (linked.isPresent()) {
                Incident incident = linked.get();
                LogContext.incident(incident.id());
                service.recordIntegration(incident, AlertSource.PAGERDUTY.title(), pagerText(e), e.occurredAt());
                return Outcome.ADDED;
            }
            if (e.type() != PagerEvent.Type.TRIGGERED) {
                return Outcome.NOTHING;
            }
            Map<String, String> labels = new TreeMap<>();
            labels.put("alertname", e.title() == null ? "PagerDuty incident" : e.title());
            if (e.urgency() != null) {
                labels.put("severity", e.urgency());
            }
            Alert alert = new Alert(true, labels, e.title() == null ? Map.of() : Map.of("summary", e.title()),
                    e.occurredAt(), null, e.pagerId(), e.url() == null ? List.of()
                    : List.of(new Alert.Link("PagerDuty incident", e.url())), null);
            AlertNotification n = new AlertNotification(AlertSource.PAGERDUTY, e.pagerId(), List.of(alert), e.title(), null);
            alerts.firstSeen(key(n, alert), now);
            return act(team, n, List.of(alert), now, afterCommit);
        });
        afterCommit.forEach(Runnable::run);
        return outcome;
    }

    private static String pagerText(PagerEvent e) {
        String by = e.agent() == null ? "" : " by " + Blocks.escape(e.agent());
        String to = e.assignees().isEmpty() ? "" : " to " + Blocks.escape(String.join(", ", e.assignees()));
        String text = switch (e.type()) {
            case ACKNOWLEDGED -> "Acknowledged in PagerDuty" + by;
            case ESCALATED -> "Escalated in PagerDuty" + (to.isEmpty() ? by : to);
            case REASSIGNED -> "Reassigned in PagerDuty" + (to.isEmpty() ? by : to);
            case RESOLVED -> "[RESOLVED] Resolved in PagerDuty" + by;
            case ANNOTATED -> "Note in PagerDuty" + by + (e.note() == null ? "" : ": " + Blocks.escape(clip(e.note(), 1000)));
            case TRIGGERED -> "Triggered in PagerDuty" + (e.title() == null ? "" : ": " + Blocks.escape(clip(e.title(), 200)));
            case OTHER -> "Updated in PagerDuty" + by;
        };
        return e.url() == null ? text : text + " · <" + e.url() + "|PagerDuty incident>";
    }

    // ---------------------------------------------------------------- timeline text

    /** An alert as one timeline entry at the source's own time (its start, or its end once resolved). */
    private void record(Incident incident, AlertSource source, Alert a) {
        Instant at = a.firing() ? a.startsAt() : a.endsAt();
        service.recordIntegration(incident, source.title(), entry(source, a), at == null ? clock.instant() : at);
    }

    /** "[FIRING] HighErrorRate — 5xx above 5% · severity=critical, service=orders · <url|graph>" (Slack mrkdwn). */
    static String entry(AlertSource source, Alert a) {
        StringBuilder sb = new StringBuilder(a.firing() ? "[FIRING] " : "[RESOLVED] ");
        sb.append(Blocks.escape(clip(a.name(), MAX_VALUE)));
        if (a.summary() != null) {
            sb.append(" — ").append(Blocks.escape(clip(a.summary(), 500)));
        }
        Map<String, String> shown = new TreeMap<>(a.labels());
        shown.remove("alertname");
        if (!shown.isEmpty()) {
            sb.append(" · ");
            int n = 0;
            for (Map.Entry<String, String> label : shown.entrySet()) {
                if (n++ == MAX_LABELS_SHOWN) {
                    sb.append(", …");
                    break;
                }
                sb.append(n > 1 ? ", " : "").append(Blocks.escape(clip(label.getKey(), 40))).append('=')
                        .append(Blocks.escape(clip(label.getValue(), MAX_VALUE)));
            }
        }
        if (a.values() != null && !a.values().isBlank()) {
            sb.append(" · values ").append(Blocks.escape(clip(a.values(), 200)));
        }
        for (Alert.Link link : a.links()) {
            if (isWebUrl(link.url())) {
                sb.append(" · <").append(link.url().replace("|", "%7C").replace(">", "%3E")).append('|')
                        .append(link.text()).append('>');
            }
        }
        return sb.toString();
    }

    private static List<String> lines(AlertSource source, List<Alert> firing) {
        List<String> out = new ArrayList<>();
        for (Alert a : firing.subList(0, Math.min(5, firing.size()))) {
            out.add(entry(source, a));
        }
        if (firing.size() > 5) {
            out.add("… and " + (firing.size() - 5) + " more");
        }
        return out;
    }

    /** The incident title: the first firing alert's summary, else its name, else the source's own title. */
    static String title(AlertNotification n) {
        List<Alert> firing = n.firing().isEmpty() ? n.alerts() : n.firing();
        for (Alert a : firing) {
            String summary = a.annotations().get("summary");
            if (summary != null && !summary.isBlank()) {
                return oneLine(summary);
            }
        }
        if (!firing.isEmpty() && firing.get(0).labels().containsKey("alertname")) {
            return oneLine(firing.get(0).name());
        }
        return n.title() == null || n.title().isBlank() ? n.source().title() + " alert" : oneLine(n.title());
    }

    /** The first alert's description, when it says more than the title. */
    private static String summary(AlertNotification n) {
        return n.firing().stream().map(a -> a.annotations().get("description")).filter(Objects::nonNull)
                .filter(d -> !d.isBlank()).findFirst().map(d -> Blocks.escape(clip(oneLine(d), 1000))).orElse(null);
    }

    private static Optional<Instant> earliestStart(List<Alert> alerts) {
        return alerts.stream().filter(Alert::firing).map(Alert::startsAt).filter(Objects::nonNull).min(Instant::compareTo);
    }

    private static boolean isWebUrl(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) && url.length() <= 2000
                && url.chars().noneMatch(c -> c <= ' ');
    }

    private static String ago(Instant then, Instant now) {
        long minutes = Math.max(0, Duration.between(then, now).toMinutes());
        return minutes < 1 ? "less than a minute" : minutes + " min";
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static String clip(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    // ---------------------------------------------------------------- bookkeeping

    /** An alert state's key: source, group, the alert (fingerprint, else its labels), its start and status. */
    static String key(AlertNotification n, Alert a) {
        String identity = a.fingerprint() != null && !a.fingerprint().isBlank() ? a.fingerprint()
                : new TreeMap<>(a.labels()).toString();
        return digest(n.source().name(), n.groupKey(), identity, String.valueOf(a.startsAt()), a.firing() ? "firing" : "resolved");
    }

    /** Keys of any length, stored in a fixed width. */
    static String digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private String team() {
        return teamId.get().orElseThrow(() -> new NotReady("Slack has not confirmed SLACK_BOT_TOKEN yet (auth.test), "
                + "so the workspace for incidents is unknown; the source will retry"));
    }

    private void pruneNowAndThen(Instant now) {
        if (prunedAt.plus(PRUNE_EVERY).isAfter(now)) {
            return;
        }
        prunedAt = now;
        int forgotten = alerts.forgetSeenBefore(now.minus(REMEMBER));
        if (forgotten > 0) {
            log.debug("Forgot {} alert deliveries older than {} days", forgotten, REMEMBER.toDays());
        }
    }
}
