package io.incidentbot.postmortem;

import io.incidentbot.incident.Incident;
import io.incidentbot.incident.IncidentService;
import io.incidentbot.incident.Role;
import io.incidentbot.incident.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a draft states about roles and times: what people set with commands wins; else what the
 * conversation suggests (marked, with its source); else the default (the opener as lead) or unknown.
 * The start of impact is never the first message: with nothing set or stated it is unknown.
 */
public final class DraftFacts {

    /** A value and, when it was read from the conversation rather than set, the suggestion. */
    public record Fact<T>(T value, Suggested<?> suggestion) {
        public boolean known() {
            return value != null;
        }

        public boolean suggested() {
            return suggestion != null;
        }

        static <T> Fact<T> set(T value) {
            return new Fact<>(value, null);
        }

        static <T> Fact<T> unknown() {
            return new Fact<>(null, null);
        }
    }

    private static final Pattern ROLE_SET = Pattern.compile("^<@([A-Z0-9]+)> is now (incident lead|communications lead|scribe) \\(set by");
    private static final String DECLARED = "Incident declared by";
    private static final String UPDATE = "Update from ";
    private static final String STATUS = "Status → ";

    public final Suggestions suggestions;
    public final Fact<String> lead;
    public final Fact<String> comms;
    public final Fact<String> scribe;
    public final Fact<String> author;
    public final Fact<Instant> started;
    public final Fact<Instant> detected;
    public final Fact<Instant> mitigated;
    public final Instant resolved;
    /** What detected it: a bot's name (an alert), or null for a person (the declaration, a report). */
    public final String detectedByAlert;
    /** Stakeholder updates and status changes, in time order. */
    public final List<Instant> updates;

    private DraftFacts(Incident incident, List<TimelineEntry> entries, Suggestions s) {
        this.suggestions = s;
        Set<Role> roleSet = EnumSet.noneOf(Role.class);
        boolean startSet = false;
        boolean detectionSet = false;
        Instant declared = null;
        List<Instant> ups = new ArrayList<>();
        for (TimelineEntry e : entries == null ? List.<TimelineEntry>of() : entries) {
            if (e == null || e.deleted() || e.kind() != TimelineEntry.Kind.LIFECYCLE || e.text() == null) {
                continue;
            }
            String t = e.text();
            Matcher m = ROLE_SET.matcher(t);
            if (m.find()) {
                roleSet.add(switch (m.group(2)) {
                    case "incident lead" -> Role.LEAD;
                    case "communications lead" -> Role.COMMS;
                    default -> Role.SCRIBE;
                });
            }
            startSet |= t.startsWith(IncidentService.Milestone.STARTED.title() + " set to");
            detectionSet |= t.startsWith(IncidentService.Milestone.DETECTED.title() + " set to");
            if (t.startsWith(DECLARED) && declared == null) {
                declared = e.occurredAt();
            }
            if (t.startsWith(UPDATE) || t.startsWith(STATUS)) {
                ups.add(e.occurredAt());
            }
        }
        this.updates = List.copyOf(ups);

        Map<Role, Fact<String>> roles = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            String holder = incident.holder(role);
            Suggested<String> claim = s.roles().get(role);
            boolean defaultLead = role == Role.LEAD && !roleSet.contains(Role.LEAD);
            if (holder != null && !holder.isBlank() && (!defaultLead || claim == null || claim.value().equals(holder))) {
                roles.put(role, Fact.set(holder));
            } else if (claim != null && (role == Role.LEAD ? defaultLead : holder == null || holder.isBlank())) {
                roles.put(role, new Fact<>(claim.value(), claim));
            } else {
                roles.put(role, Fact.unknown());
            }
        }
        this.lead = roles.get(Role.LEAD);
        this.comms = roles.get(Role.COMMS);
        this.scribe = roles.get(Role.SCRIBE);
        if (s.author().isPresent()) {
            this.author = new Fact<>(s.author().get().value(), s.author().get());
        } else {
            this.author = scribe;
        }

        Instant opened = incident.openedAt();
        if (incident.startedAt() != null && (startSet || !incident.startedAt().equals(opened))) {
            this.started = Fact.set(incident.startedAt());
        } else if (s.start().isPresent()) {
            this.started = new Fact<>(s.start().get().value(), s.start().get());
        } else {
            this.started = Fact.unknown();
        }

        if (incident.detectedAt() != null && (detectionSet || !incident.detectedAt().equals(opened))) {
            this.detected = Fact.set(incident.detectedAt());
            this.detectedByAlert = s.firstAlert().filter(a -> !a.value().isAfter(incident.detectedAt()))
                    .map(a -> a.source().botName()).orElse(null);
        } else {
            Optional<Suggested<Instant>> alert = s.firstAlert();
            Instant person = declared != null ? declared : s.firstReport().map(Suggested::value).orElse(null);
            if (alert.isPresent() && (person == null || !alert.get().value().isAfter(person))) {
                this.detected = new Fact<>(alert.get().value(), alert.get());
                this.detectedByAlert = alert.get().source().botName();
            } else if (declared != null) {
                this.detected = Fact.set(declared);
                this.detectedByAlert = null;
            } else if (s.firstReport().isPresent()) {
                this.detected = new Fact<>(s.firstReport().get().value(), s.firstReport().get());
                this.detectedByAlert = null;
            } else {
                this.detected = incident.detectedAt() == null ? Fact.unknown() : Fact.set(incident.detectedAt());
                this.detectedByAlert = null;
            }
        }

        if (incident.mitigatedAt() != null) {
            this.mitigated = Fact.set(incident.mitigatedAt());
        } else if (s.mitigation().isPresent()) {
            this.mitigated = new Fact<>(s.mitigation().get().value(), s.mitigation().get());
        } else {
            this.mitigated = Fact.unknown();
        }
        this.resolved = incident.resolvedAt();
    }

    public static DraftFacts of(Incident incident, List<TimelineEntry> entries, UserNames names) {
        return new DraftFacts(incident, entries, Suggestions.from(entries, names));
    }

    static DraftFacts of(Incident incident, List<TimelineEntry> entries, Suggestions suggestions) {
        return new DraftFacts(incident, entries, suggestions);
    }

    /** A response time: empty when either end is unknown; {@code suggested} when an end was read, not set. */
    public record Measure(Optional<Duration> value, boolean suggested) {
    }

    public Measure ttd() {
        return between(started, detected.value(), detected.suggested());
    }

    public Measure ttm() {
        return between(detected, mitigated.value(), mitigated.suggested());
    }

    public Measure ttr() {
        return between(started, resolved, false);
    }

    private static Measure between(Fact<Instant> from, Instant to, boolean toSuggested) {
        if (from.value() == null || to == null) {
            return new Measure(Optional.empty(), from.suggested() || toSuggested);
        }
        Duration d = Duration.between(from.value(), to);
        return new Measure(Optional.of(d.isNegative() ? Duration.ZERO : d), from.suggested() || toSuggested);
    }
}
