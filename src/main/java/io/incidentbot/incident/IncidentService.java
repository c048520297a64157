package io.incidentbot.incident;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The incident lifecycle and its timeline. Every method that Slack's acknowledgement depends on
 * commits before it returns. Event-driven writes take Slack's event id so a redelivery is a no-op.
 */
public final class IncidentService {
    /** Source of a pin made with Slack's own "Pin to channel". */
    public static final String SLACK_PIN = "slack-pin";
    /** Manual notes start with this in the timeline (the postmortem lint reads them). */
    public static final String NOTE_PREFIX = ":memo: ";
    static final int MAX_TITLE_LENGTH = 200;
    /** Pin source for messages an export marks pinned (a pin reaction or Slack's own pin). */
    public static final String EXPORT_PIN = "export";
    /** The last entry of an imported incident (an export does not say who resolved it). */
    private static final String IMPORT_RESOLVED = "Incident resolved";
    private static final java.time.format.DateTimeFormatter MINUTE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneOffset.UTC);

    private final IncidentRepository incidents;
    private final TimelineRepository timeline;
    private final PostmortemRepository postmortems;
    private final ActionItemRepository actions;
    private final Transactions tx;
    private final Clock clock;
    /** channel → incident id (or none): every message event asks this, so it must not hit the database. */
    private final Cache<String, Optional<Long>> incidentByChannel = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    /** Who hears about lifecycle changes (outgoing webhooks; nobody unless {@link #useEvents} is called). */
    private volatile EventSink events = EventSink.NONE;
    /** When the on-call is paged (off unless {@link #usePaging} is called). */
    private volatile Paging paging = Paging.off();

    public IncidentService(IncidentRepository incidents, TimelineRepository timeline,
                           PostmortemRepository postmortems, ActionItemRepository actions,
                           Transactions tx, Clock clock) {
        this.incidents = incidents;
        this.timeline = timeline;
        this.postmortems = postmortems;
        this.actions = actions;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * What an incident is declared with; a private one gets a private channel and is never announced.
     * {@code enterpriseId}: the Enterprise Grid organization Slack named with the request, or null.
     */
    public record OpenRequest(String teamId, String userId, String title, String summary, Severity severity,
                              boolean isPrivate, String enterpriseId) {
        /** A public incident outside Enterprise Grid. */
        public OpenRequest(String teamId, String userId, String title, String summary, Severity severity) {
            this(teamId, userId, title, summary, severity, false, null);
        }

        public OpenRequest(String teamId, String userId, String title, String summary, Severity severity,
                           boolean isPrivate) {
            this(teamId, userId, title, summary, severity, isPrivate, null);
        }
    }

    /** Pages the on-call as {@code paging} says, from now on (integrations act only on what happens after they are on). */
    public void usePaging(Paging paging) {
        this.paging = paging;
    }

    public Paging paging() {
        return paging;
    }

    /** Sends lifecycle events to {@code sink} from now on. */
    public void useEvents(EventSink sink) {
        this.events = sink;
    }

    /** Tells the event sink, inside the caller's transaction, with the incident as stored now. */
    private void emit(LifecycleEvent.Type type, long incidentId, ActionItem item, Integer version) {
        if (events == EventSink.NONE) {
            return;
        }
        incidents.findById(incidentId).ifPresent(now ->
                events.publish(new LifecycleEvent(type, now, clock.instant(), item, version)));
    }

    /** A postmortem draft was stored as {@code version} (call inside the transaction that stored it). */
    public void postmortemDrafted(Incident incident, int version) {
        emit(LifecycleEvent.Type.POSTMORTEM_DRAFTED, incident.id(), null, version);
    }

    /** {@code version} was published as the final postmortem (call inside the transaction that recorded it). */
    public void postmortemPublished(Incident incident, int version) {
        emit(LifecycleEvent.Type.POSTMORTEM_PUBLISHED, incident.id(), null, version);
    }

    /**
     * {@code /incident page}: pages the on-call now whatever the severity, unless the incident's
     * page is open already; commits before it returns.
     */
    public Paging.Outcome page(Incident incident, String userId) {
        return tx.atomically(() -> {
            Incident now = incidents.findById(incident.id()).orElseThrow();
            return paging.pageNow(now, userId);
        });
    }

    /** Stores a new incident and its "declared" entry; the channel is bound later. */
    public Incident open(OpenRequest request) {
        var newIncident = prepare(request);
        return tx.atomically(() -> create(newIncident));
    }

    /**
     * The same person declaring the same title again within this time is a double submission (Enter
     * pressed twice, a replayed request), not a second incident.
     */
    public static final Duration DOUBLE_SUBMISSION_WINDOW = Duration.ofSeconds(10);

    /** What {@link #openOnce} did: {@code isNew} is false when {@code incident} is the one declared moments ago. */
    public record Opened(Incident incident, boolean isNew) {
    }

    /**
     * Like {@link #open}, unless the same person declared an incident with the same title (ignoring
     * case, spacing and Unicode width) within {@link #DOUBLE_SUBMISSION_WINDOW}: then that one is
     * returned and nothing is stored. The check and the insert are one transaction, so two
     * concurrent submissions cannot both create.
     */
    public Opened openOnce(OpenRequest request) {
        var newIncident = prepare(request);
        String title = normalizedTitle(newIncident.title());
        Instant since = newIncident.openedAt().minus(DOUBLE_SUBMISSION_WINDOW);
        return tx.atomically(() -> incidents.openedBySince(newIncident.teamId(), newIncident.openedBy(), since).stream()
                .filter(earlier -> normalizedTitle(earlier.title()).equals(title))
                .findFirst()
                .map(earlier -> new Opened(earlier, false))
                .orElseGet(() -> new Opened(create(newIncident), true)));
    }

    static String normalizedTitle(String title) {
        return java.text.Normalizer.normalize(title, java.text.Normalizer.Form.NFKC)
                .toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    private IncidentRepository.NewIncident prepare(OpenRequest request) {
        String title = request.title() == null ? "" : request.title().strip();
        if (title.isEmpty()) {
            throw new IncidentRuleException.TitleRequired("an incident");
        }
        if (title.codePointCount(0, title.length()) > MAX_TITLE_LENGTH) {
            title = title.substring(0, title.offsetByCodePoints(0, MAX_TITLE_LENGTH)); // never split an emoji
        }
        Severity severity = request.severity() == null ? Severity.DEFAULT : request.severity();
        String summary = request.summary() == null || request.summary().isBlank() ? null : request.summary().strip();
        return new IncidentRepository.NewIncident(request.teamId(), title, summary, severity,
                request.userId(), clock.instant(), request.isPrivate(), request.enterpriseId());
    }

    /** Call inside a transaction. */
    private Incident create(IncidentRepository.NewIncident newIncident) {
        Incident incident = incidents.create(newIncident);
        timeline.appendLifecycle(incident.id(), incident.teamId(), newIncident.openedBy(),
                "Incident declared by " + Actors.mention(newIncident.openedBy()) + " (" + newIncident.severity().name() + ")",
                newIncident.openedAt());
        paging.declared(incident);
        emit(LifecycleEvent.Type.DECLARED, incident.id(), null, null);
        return incident;
    }

    /**
     * Stores an incident declared from an alert: as {@link #open}, but its lead is {@code leadId}
     * (null: none until a person takes the role) and detection is {@code detectedAt}, when
     * monitoring saw it ({@code source} says which), unless that is after the declaration.
     */
    public Incident openFromAlert(OpenRequest request, String leadId, Instant detectedAt, String source) {
        var newIncident = prepare(request);
        return tx.atomically(() -> {
            Incident incident = create(newIncident);
            if (!java.util.Objects.equals(leadId, incident.leadId())) {
                incidents.setRole(incident.id(), Role.LEAD, leadId);
            }
            if (detectedAt != null && detectedAt.isBefore(incident.detectedAt())) {
                detectedAt(incident, source, detectedAt);
            }
            return incidents.findById(incident.id()).orElseThrow();
        });
    }

    /**
     * Adds what an integration reported (an alert, a PagerDuty acknowledgement) to the timeline as a
     * bot entry by {@code source}, at the source's own time.
     */
    public void recordIntegration(Incident incident, String source, String text, Instant at) {
        timeline.appendIntegration(incident.id(), incident.teamId(), source, text, at);
    }

    /**
     * Sets detection to when an integration's alert began, when nobody set it and it is earlier than
     * the declaration (monitoring saw it before people did); true when it changed.
     */
    public boolean detectedByIntegration(Incident incident, String source, Instant at) {
        Incident now = incidents.findById(incident.id()).orElseThrow();
        if (!now.detectedAt().equals(now.openedAt()) || !at.isBefore(now.detectedAt())) {
            return false;
        }
        tx.atomically(() -> detectedAt(now, source, at));
        return true;
    }

    private void detectedAt(Incident incident, String source, Instant at) {
        incidents.setTimes(incident.id(), null, at, null);
        lifecycle(incident, null, Milestone.DETECTED.title() + " set to " + MINUTE.format(at) + " UTC (" + source
                + ": the first alert fired then)", clock.instant());
    }

    /**
     * Declares an incident in an existing channel (it becomes the incident's channel); empty when
     * that channel already belongs to an incident.
     */
    public Optional<Incident> openInChannel(OpenRequest request, String channelId, String channelName) {
        if (incidentIdFor(request.teamId(), channelId).isPresent()) {
            return Optional.empty();
        }
        return tx.atomically(() -> {
            if (incidents.findByChannel(request.teamId(), channelId).isPresent()) {
                return Optional.<Incident>empty();
            }
            Incident opened = open(request);
            incidents.bindChannel(opened.id(), channelId, channelName);
            return incidents.findById(opened.id());
        }).map(incident -> {
            incidentByChannel.invalidate(key(incident.teamId(), channelId));
            return incident;
        });
    }

    public void bindChannel(Incident incident, String channelId, String channelName) {
        incidents.bindChannel(incident.id(), channelId, channelName);
        incidentByChannel.invalidate(key(incident.teamId(), channelId));
    }

    /**
     * Makes an incident private (its channel turned out to be private) and returns it as stored now.
     * There is no way back: whoever could not see it must not start seeing it.
     */
    public Incident markPrivate(Incident incident) {
        incidents.markPrivate(incident.id());
        return incidents.findById(incident.id()).orElseThrow();
    }

    /** Every private incident, newest first. */
    public List<Incident> privateIncidents() {
        return incidents.privateIncidents();
    }

    public void setAnnouncement(Incident incident, String channelId, String ts) {
        incidents.setAnnouncement(incident.id(), channelId, ts);
    }

    public Optional<Incident> find(long id) {
        return incidents.findById(id);
    }

    /** Records that an adopted channel's history was read in (asked for by whoever adopted the channel). */
    public void noteBackfilled(Incident incident, int messages, Instant since) {
        timeline.appendLifecycle(incident.id(), incident.teamId(), incident.openedBy(), "Channel history since "
                + MINUTE.format(since) + " UTC back-filled (" + messages + " messages)", clock.instant());
    }

    public Optional<Incident> forChannel(String teamId, String channelId) {
        return incidentIdFor(teamId, channelId).flatMap(incidents::findById);
    }

    public List<Incident> recent(int limit) {
        return incidents.recent(limit);
    }

    /** One page of incidents matching the filter, newest first. */
    public List<Incident> find(IncidentFilter filter, int offset, int limit) {
        return incidents.find(filter, offset, limit);
    }

    public int count(IncidentFilter filter) {
        return incidents.count(filter);
    }

    /** The id of the incident whose channel this is (cached; for every event, so it must stay cheap). */
    public Optional<Long> incidentIdFor(String teamId, String channelId) {
        if (teamId == null || channelId == null) {
            return Optional.empty();
        }
        return incidentByChannel.get(key(teamId, channelId),
                k -> incidents.findByChannel(teamId, channelId).map(Incident::id));
    }

    private static String key(String teamId, String channelId) {
        return teamId + "/" + channelId;
    }

    /**
     * Stores a message posted in an incident channel; false when ignored (other channel or a
     * redelivery). A message is stored once by its own key (team, channel, ts), whatever event id
     * Slack redelivers it under, so unlike edits and pins it needs no processed-event row.
     */
    public boolean recordMessage(IncomingMessage message) {
        Optional<Long> incidentId = incidentIdFor(message.teamId(), message.channelId());
        if (incidentId.isEmpty()) {
            return false;
        }
        return tx.groupCommitted(() -> timeline.insertMessage(incidentId.get(), message));
    }

    /**
     * Adds a message read from Slack (e.g. back-filled history); false when already there. Without an
     * Enterprise Grid organization of its own (history pages name none) it takes the incident's.
     */
    public boolean addMessage(Incident incident, IncomingMessage message) {
        return timeline.insertMessage(incident.id(), inOrganizationOf(incident, message));
    }

    private static IncomingMessage inOrganizationOf(Incident incident, IncomingMessage m) {
        return m.enterpriseId() != null || incident.enterpriseId() == null ? m
                : new IncomingMessage(m.teamId(), m.channelId(), m.ts(), m.threadTs(), m.userId(), m.botName(), m.text(),
                        m.files(), incident.enterpriseId());
    }

    /**
     * Adds a message {@code userId} picked from any channel (the "Add to incident timeline" shortcut),
     * recording who added it; false when it was already there (then nothing is recorded).
     */
    public boolean addMessageBy(Incident incident, IncomingMessage message, String userId) {
        Instant now = clock.instant();
        return tx.atomically(() -> {
            if (!timeline.insertMessage(incident.id(), inOrganizationOf(incident, message))) {
                return false;
            }
            lifecycle(incident, userId, "Message from <#" + message.channelId() + "> added to the timeline by <@"
                    + userId + ">", now);
            return true;
        });
    }

    public boolean recordEdit(String eventId, IncomingMessage edited, Instant editedAt) {
        Optional<Long> incidentId = incidentIdFor(edited.teamId(), edited.channelId());
        if (incidentId.isEmpty()) {
            return false;
        }
        return tx.groupCommitted(() -> firstDelivery(eventId) && timeline.editMessage(incidentId.get(), edited, editedAt));
    }

    /**
     * A {@code message_changed} that Slack did not mark {@code edited}: a link preview (unfurl) or
     * Slack's own bookkeeping when the text is the same, an edit at {@code changedAt} only when the
     * text differs from what is stored. A preview of a message never seen stores it, unedited.
     */
    public boolean recordChange(String eventId, IncomingMessage changed, Instant changedAt) {
        Optional<Long> incidentId = incidentIdFor(changed.teamId(), changed.channelId());
        if (incidentId.isEmpty()) {
            return false;
        }
        return tx.groupCommitted(() -> {
            if (!firstDelivery(eventId)) {
                return false;
            }
            Optional<TimelineEntry> stored = timeline.findMessage(changed.teamId(), changed.channelId(), changed.ts());
            if (stored.isEmpty()) {
                return timeline.insertMessage(incidentId.get(), changed);
            }
            String before = stored.get().text() == null ? "" : stored.get().text();
            String after = changed.text() == null ? "" : changed.text();
            if (before.equals(after)) {
                return false; // not an edit: the text people wrote is unchanged
            }
            return timeline.editMessage(incidentId.get(), changed, changedAt);
        });
    }

    public boolean recordDelete(String eventId, String teamId, String channelId, String ts) {
        Optional<Long> incidentId = incidentIdFor(teamId, channelId);
        if (incidentId.isEmpty()) {
            return false;
        }
        return tx.groupCommitted(() -> {
            if (!firstDelivery(eventId)) {
                return false;
            }
            timeline.deleteMessage(incidentId.get(), teamId, channelId, ts);
            return true;
        });
    }

    /** Pins a message from one source (a user's reaction or Slack's pin); true when it changed anything. */
    public boolean pin(String eventId, String teamId, String enterpriseId, String channelId, String ts, String source) {
        if (incidentIdFor(teamId, channelId).isEmpty()) {
            return false;
        }
        return tx.groupCommitted(() -> firstDelivery(eventId) && timeline.addPin(teamId, enterpriseId, channelId, ts, source));
    }

    public boolean unpin(String eventId, String teamId, String channelId, String ts, String source) {
        if (incidentIdFor(teamId, channelId).isEmpty()) {
            return false;
        }
        return tx.groupCommitted(() -> firstDelivery(eventId) && timeline.removePin(teamId, channelId, ts, source));
    }

    /** What Slack can tell about an incident's channel besides its name. */
    public enum ChannelEvent {
        ARCHIVED(Set.of(ChannelState.ACTIVE, ChannelState.BOT_REMOVED), ChannelState.ARCHIVED, "Channel archived"),
        UNARCHIVED(Set.of(ChannelState.ARCHIVED), ChannelState.ACTIVE, "Channel unarchived"),
        BOT_REMOVED(Set.of(ChannelState.ACTIVE), ChannelState.BOT_REMOVED, "Bot removed from the channel"),
        BOT_ADDED(Set.of(ChannelState.BOT_REMOVED), ChannelState.ACTIVE, "Bot added back to the channel"),
        DELETED(Set.of(ChannelState.ACTIVE, ChannelState.ARCHIVED, ChannelState.BOT_REMOVED), ChannelState.DELETED,
                "Channel deleted");

        private final Set<ChannelState> from;
        private final ChannelState to;
        private final String text;

        ChannelEvent(Set<ChannelState> from, ChannelState to, String text) {
            this.from = from;
            this.to = to;
            this.text = text;
        }
    }

    /**
     * Records what happened to an incident's channel (by {@code userId}, null when Slack does not
     * say) as a lifecycle entry and moves its state; false when the channel is no incident's, the
     * event is a redelivery, or the state was already so (Slack tells a removal twice:
     * {@code channel_left} and {@code member_left_channel}). The incident's record keeps working in every state.
     */
    public boolean recordChannelEvent(String eventId, String teamId, String channelId, ChannelEvent event, String userId) {
        Optional<Long> incidentId = incidentIdFor(teamId, channelId);
        if (incidentId.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        return tx.atomically(() -> {
            if (!firstDelivery(eventId) || !incidents.moveChannelState(incidentId.get(), event.from, event.to)) {
                return false;
            }
            timeline.appendLifecycle(incidentId.get(), teamId, userId, event.text + by(userId), now);
            return true;
        });
    }

    /** Stores the channel's new name and records "Channel renamed to #name"; false when nothing changed. */
    public boolean recordChannelRename(String eventId, String teamId, String channelId, String newName, String userId) {
        Optional<Long> incidentId = incidentIdFor(teamId, channelId);
        if (incidentId.isEmpty() || newName == null || newName.isBlank()) {
            return false;
        }
        String name = newName.strip();
        Instant now = clock.instant();
        return tx.atomically(() -> {
            if (!firstDelivery(eventId) || !incidents.renameChannel(incidentId.get(), name)) {
                return false;
            }
            timeline.appendLifecycle(incidentId.get(), teamId, userId, "Channel renamed to #" + name + by(userId), now);
            return true;
        });
    }

    private static String by(String userId) {
        return userId == null ? "" : " by <@" + userId + ">";
    }

    private boolean firstDelivery(String eventId) {
        return eventId == null || timeline.markEventProcessed(eventId, clock.instant());
    }

    /** Marks the incident resolved; the root cause given here replaces an earlier one only when non-blank. */
    public Incident resolve(Incident incident, String userId, String rootCause) {
        if (incident.isResolved()) {
            throw new IncidentRuleException.AlreadyResolved(incident);
        }
        Instant now = clock.instant();
        String cause = rootCause == null || rootCause.isBlank() ? incident.rootCause() : rootCause.strip();
        boolean resolved = tx.atomically(() -> {
            if (!incidents.markResolved(incident.id(), now, cause)) {
                return false;
            }
            timeline.appendLifecycle(incident.id(), incident.teamId(), userId,
                    "Incident resolved by <@" + userId + ">", now);
            paging.resolved(incident);
            emit(LifecycleEvent.Type.RESOLVED, incident.id(), null, null);
            return true;
        });
        if (!resolved) {
            throw new IncidentRuleException.AlreadyResolved(incident);
        }
        return incidents.findById(incident.id()).orElseThrow();
    }

    /**
     * Stores a channel read from a Slack export as a resolved incident, in one transaction: a new
     * incident, or the one imported from that channel before, merged by {@code ts} or (with
     * {@link ChannelImport#replace}) with its timeline replaced. The incident runs from the first
     * message to the last of everything stored; lifecycle entries bracket them.
     */
    public ChannelImport.Outcome importChannel(ChannelImport in) {
        List<ChannelImport.Message> messages = in.messages();
        Instant first = messages.get(0).message().occurredAt().truncatedTo(ChronoUnit.MILLIS);
        Instant last = messages.get(messages.size() - 1).message().occurredAt().truncatedTo(ChronoUnit.MILLIS);
        String imported = "Incident imported from Slack export (#" + in.channelName() + ")";
        return tx.atomically(() -> {
            Optional<Incident> existing = incidents.findByChannel(in.teamId(), in.channelId());
            boolean merge = existing.isPresent() && !in.replace();
            Instant from = first;
            Instant to = last;
            long id;
            if (existing.isPresent()) {
                Incident stored = existing.get();
                id = stored.id();
                if (merge) {
                    from = min(first, stored.openedAt());
                    to = stored.resolvedAt() == null ? last : max(last, stored.resolvedAt());
                } else {
                    timeline.deleteTimeline(id);
                }
            } else {
                String openedBy = in.openedBy() == null ? "import" : in.openedBy();
                id = incidents.create(new IncidentRepository.NewIncident(in.teamId(), clipTitle(in.channelName()), null,
                        Severity.DEFAULT, openedBy, first)).id();
                incidents.bindChannel(id, in.channelId(), in.channelName());
                incidentByChannel.invalidate(key(in.teamId(), in.channelId()));
            }
            String title = in.title() != null && !in.title().isBlank() ? clipTitle(in.title())
                    : existing.map(Incident::title).orElse(clipTitle(in.channelName()));
            Severity severity = in.severity() != null ? in.severity()
                    : existing.map(Incident::severity).orElse(Severity.DEFAULT);
            incidents.updateImported(id, new IncidentRepository.Imported(title, severity, in.channelName(), from, to));
            // Lifecycle entries have no ts; a millisecond apart keeps them first and last in any database.
            if (!merge || timeline.moveLifecycle(id, imported, from.minusMillis(1)) == 0) {
                timeline.appendLifecycle(id, in.teamId(), null, imported, from.minusMillis(1));
            }
            String skipped = in.skippedNote();
            if (skipped != null && (!merge || timeline.moveLifecycle(id, skipped, from.minusMillis(1)) == 0)) {
                timeline.appendLifecycle(id, in.teamId(), null, skipped, from.minusMillis(1));
            }
            int added = 0;
            int pinned = 0;
            for (ChannelImport.Message m : messages) {
                IncomingMessage message = m.message();
                if (m.editedAt() != null && (!merge
                        || timeline.findMessage(message.teamId(), message.channelId(), message.ts()).isEmpty())) {
                    // The export holds the final text: stored as an edit so the draft marks it.
                    timeline.editMessage(id, message, m.editedAt());
                    added++;
                } else if (timeline.insertMessage(id, message)) {
                    added++;
                }
                if (m.pinned() && timeline.addPin(in.teamId(), null, message.channelId(), message.ts(), EXPORT_PIN)) {
                    pinned++;
                }
            }
            if (!merge || timeline.moveLifecycle(id, IMPORT_RESOLVED, to.plusMillis(1)) == 0) {
                timeline.appendLifecycle(id, in.teamId(), null, IMPORT_RESOLVED, to.plusMillis(1));
            }
            return new ChannelImport.Outcome(incidents.findById(id).orElseThrow(), existing.isPresent(), added,
                    messages.size() - added, pinned);
        });
    }

    private static String clipTitle(String title) {
        String t = title.strip();
        return t.codePointCount(0, t.length()) > MAX_TITLE_LENGTH
                ? t.substring(0, t.offsetByCodePoints(0, MAX_TITLE_LENGTH)) : t; // never split an emoji
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Times that drive TTD/TTM/TTR. */
    public enum Milestone {
        STARTED("Start of impact"), DETECTED("Detection"), MITIGATED("Mitigation");

        private final String title;

        Milestone(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /**
     * Moves the incident to a status other than resolved (use {@link #resolve} for that). The first
     * move to monitoring records the mitigation time unless one was set explicitly.
     */
    public Incident changeStatus(Incident incident, String userId, Status status) {
        if (status == Status.RESOLVED) {
            throw new IllegalArgumentException("resolve with resolve()");
        }
        if (incident.isResolved()) {
            throw new IncidentRuleException.ReopenFirst(incident);
        }
        Instant now = clock.instant();
        return change(incident, () -> {
            boolean firstMitigation = status == Status.MONITORING && incident.mitigatedAt() == null;
            incidents.setStatus(incident.id(), status, firstMitigation ? now : null, now);
            lifecycle(incident, userId, "Status → " + status.display() + " (set by <@" + userId + ">)", now);
            if (firstMitigation) {
                lifecycle(incident, userId, "Mitigated (first move to monitoring)", now);
            }
            emit(LifecycleEvent.Type.STATUS_CHANGED, incident.id(), null, null);
        });
    }

    public Incident changeSeverity(Incident incident, String userId, Severity severity) {
        Instant now = clock.instant();
        return change(incident, () -> {
            Incident before = incidents.findById(incident.id()).orElseThrow();
            incidents.setSeverity(incident.id(), severity);
            lifecycle(incident, userId, "Severity " + incident.severity().name() + " → " + severity.name()
                    + " (set by <@" + userId + ">)", now);
            paging.severityChanged(before, incidents.findById(incident.id()).orElseThrow());
            emit(LifecycleEvent.Type.SEVERITY_CHANGED, incident.id(), null, null);
        });
    }

    public Incident assignRole(Incident incident, String userId, Role role, String assigneeId) {
        Instant now = clock.instant();
        return change(incident, () -> {
            incidents.setRole(incident.id(), role, assigneeId);
            lifecycle(incident, userId, "<@" + assigneeId + "> is now " + role.title() + " (set by <@" + userId + ">)", now);
            emit(LifecycleEvent.Type.ROLE_ASSIGNED, incident.id(), null, null);
        });
    }

    /** A manual timeline entry, possibly backdated ("impact started 14:10"). */
    public Incident addNote(Incident incident, String userId, Instant at, String text) {
        return change(incident, () -> lifecycle(incident, userId, NOTE_PREFIX + "<@" + userId + ">: " + text.strip(), at));
    }

    public Incident setMilestone(Incident incident, String userId, Milestone milestone, Instant at) {
        Instant now = clock.instant();
        return change(incident, () -> {
            incidents.setTimes(incident.id(), milestone == Milestone.STARTED ? at : null,
                    milestone == Milestone.DETECTED ? at : null, milestone == Milestone.MITIGATED ? at : null);
            lifecycle(incident, userId, milestone.title() + " set to " + MINUTE.format(at) + " UTC (by <@" + userId + ">)", now);
        });
    }

    /** A stakeholder update: recorded in the timeline, and it resets the 30-minute nudge timer. */
    public Incident postUpdate(Incident incident, String userId, String text) {
        Instant now = clock.instant();
        return change(incident, () -> {
            incidents.markUpdated(incident.id(), now);
            lifecycle(incident, userId, "Update from <@" + userId + ">: " + text.strip(), now);
            emit(LifecycleEvent.Type.UPDATED, incident.id(), null, null);
        });
    }

    public Incident setSection(Incident incident, String userId, Section section, String text) {
        Instant now = clock.instant();
        return change(incident, () -> {
            incidents.setSection(incident.id(), section, text.strip());
            lifecycle(incident, userId, "Postmortem " + section.title() + " written by <@" + userId + ">", now);
        });
    }

    public Incident reopen(Incident incident, String userId) {
        Instant now = clock.instant();
        return change(incident, () -> {
            if (!incidents.reopen(incident.id(), now)) {
                throw new IncidentRuleException.NotResolved(incident);
            }
            lifecycle(incident, userId, "Incident reopened by <@" + userId + ">", now);
            paging.reopened(incidents.findById(incident.id()).orElseThrow());
            emit(LifecycleEvent.Type.REOPENED, incident.id(), null, null);
        });
    }

    public ActionItem addAction(Incident incident, String userId, String what, String ownerId, java.time.LocalDate due) {
        Instant now = clock.instant();
        return tx.atomically(() -> {
            ActionItem item = actions.add(incident.id(), what.strip(), ownerId, due, now);
            lifecycle(incident, userId, "Action item " + item.number() + " added by <@" + userId + ">: " + item.what(), now);
            emit(LifecycleEvent.Type.ACTION_ITEM_CREATED, incident.id(), item, null);
            return item;
        });
    }

    public List<ActionItem> actions(Incident incident) {
        return actions.forIncident(incident.id());
    }

    /** The action items of several incidents, read in one query: incident id → its items by number. */
    public Map<Long, List<ActionItem>> actions(List<Incident> incidentsToRead) {
        if (incidentsToRead.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<ActionItem>> byIncident = new HashMap<>();
        for (ActionItem item : actions.forIncidents(incidentsToRead.stream().map(Incident::id).toList())) {
            byIncident.computeIfAbsent(item.incidentId(), k -> new ArrayList<>()).add(item);
        }
        return byIncident;
    }

    /** Closes action item {@code number}; false when there is no such open item. */
    public boolean completeAction(Incident incident, String userId, int number) {
        Instant now = clock.instant();
        return tx.atomically(() -> {
            if (!actions.markDone(incident.id(), number, now)) {
                return false;
            }
            lifecycle(incident, userId, "Action item " + number + " done (<@" + userId + ">)", now);
            actions.forIncident(incident.id()).stream().filter(a -> a.number() == number).findFirst()
                    .ifPresent(item -> emit(LifecycleEvent.Type.ACTION_ITEM_DONE, incident.id(), item, null));
            return true;
        });
    }

    /**
     * Drops open action item {@code number} on purpose (no longer worth doing, or done elsewhere);
     * {@code why} is kept in the timeline. False when there is no such open item.
     */
    public boolean dropAction(Incident incident, String userId, int number, String why) {
        Instant now = clock.instant();
        return tx.atomically(() -> {
            if (!actions.markDropped(incident.id(), number, now)) {
                return false;
            }
            lifecycle(incident, userId, "Action item " + number + " dropped (<@" + userId + ">)"
                    + (why == null || why.isBlank() ? "" : ": " + why.strip()), now);
            actions.forIncident(incident.id()).stream().filter(a -> a.number() == number).findFirst()
                    .ifPresent(item -> emit(LifecycleEvent.Type.ACTION_ITEM_DROPPED, incident.id(), item, null));
            return true;
        });
    }

    /**
     * Earlier resolved incidents, newest first, to compare with this one. A public incident's draft
     * and review are read by everyone, so private incidents are left out of its comparisons.
     */
    public List<Incident> earlierIncidents(Incident incident, int limit) {
        List<Incident> earlier = incidents.resolvedBefore(incident.id(), limit);
        return incident.isPrivate() ? earlier : earlier.stream().filter(other -> !other.isPrivate()).toList();
    }

    public List<Incident> unresolved() {
        return incidents.unresolved();
    }

    public void markNudged(Incident incident) {
        incidents.markNudged(incident.id(), clock.instant());
    }

    /** Open action items of every incident. */
    public List<ActionItem> openActions() {
        return actions.open();
    }

    public List<ActionItem> overdueActionsToRemind(java.time.LocalDate today) {
        return actions.overdueNotRemindedOn(today);
    }

    public void markReminded(ActionItem item, java.time.LocalDate today) {
        actions.markReminded(item.incidentId(), item.number(), today);
    }

    private void lifecycle(Incident incident, String userId, String text, Instant at) {
        timeline.appendLifecycle(incident.id(), incident.teamId(), userId, text, at);
    }

    /** Runs a change atomically and returns the incident as stored afterwards. */
    private Incident change(Incident incident, Runnable work) {
        tx.atomically(work);
        return incidents.findById(incident.id()).orElseThrow();
    }

    /** A page of the entries people see (not deleted), after {@code after}, matching {@code search}; see {@link TimelineRepository#page}. */
    public List<TimelineEntry> timelinePage(Incident incident, TimelinePosition after, String search,
                                            java.util.Set<String> authors, int limit) {
        return timeline.page(incident.id(), after, search, authors, limit);
    }

    /** Who wrote in the incident's timeline (user ids). */
    public List<String> timelineAuthors(Incident incident) {
        return timeline.authors(incident.id());
    }

    /** How many entries people see in the incident's timeline. */
    public int timelineSize(Incident incident) {
        return timeline.countShown(incident.id());
    }

    public List<TimelineEntry> timeline(Incident incident) {
        return timeline.entries(incident.id());
    }

    public int saveDraft(Incident incident, String markdown) {
        return postmortems.saveDraft(incident.id(), markdown, clock.instant());
    }

    public Optional<String> draft(long incidentId, int version) {
        return postmortems.draft(incidentId, version);
    }

    public Optional<String> latestDraft(Incident incident) {
        return postmortems.latestDraft(incident.id());
    }
}
