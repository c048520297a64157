package io.incidentbot.postmortem;

import io.incidentbot.incident.ActionItem;
import io.incidentbot.incident.Incident;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The review some months after a postmortem was published: each action item with its status and age,
 * the completion percentage, and later incidents with a shared tag and a similar title or root cause
 * (a repeat means the actions did not work). Slack mrkdwn; pure.
 */
public final class AfterActionReview {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    static final int MAX_REPEATS = 5;

    private AfterActionReview() {
    }

    /** A later incident that looks like a repeat: the tags and meaningful words both share. */
    public record Repeat(Incident incident, List<String> sharedTags, Set<String> sharedWords) {
    }

    /**
     * Incidents opened after {@code incident} was resolved (or opened, while unresolved) that share a
     * tag with it and resemble it (SimilarIncidents), most similar first.
     */
    public static List<Repeat> repeats(Incident incident, List<String> tags, List<Incident> others,
                                       Map<Long, List<String>> tagsById) {
        if (tags.isEmpty()) {
            return List.of();
        }
        Instant after = incident.resolvedAt() != null ? incident.resolvedAt() : incident.openedAt();
        Map<Long, Incident> byId = new HashMap<>();
        List<SimilarIncidents.Candidate> candidates = new ArrayList<>();
        for (Incident other : others) {
            if (other.id() == incident.id() || !other.openedAt().isAfter(after) || byId.containsKey(other.id())) {
                continue;
            }
            if (tagsById.getOrDefault(other.id(), List.of()).stream().anyMatch(tags::contains)) {
                byId.put(other.id(), other);
                candidates.add(new SimilarIncidents.Candidate(other.id(), other.title(), other.rootCause()));
            }
        }
        List<Repeat> out = new ArrayList<>();
        for (SimilarIncidents.Match m : SimilarIncidents.find(
                new SimilarIncidents.Candidate(incident.id(), incident.title(), incident.rootCause()), candidates,
                MAX_REPEATS)) {
            Incident later = byId.get(m.id());
            List<String> shared = tagsById.get(later.id()).stream().filter(tags::contains).sorted().toList();
            out.add(new Repeat(later, shared, m.sharedWords()));
        }
        return out;
    }

    /**
     * The review message.
     *
     * @param severityLabel "P1 (Critical)" or a near miss's label
     * @param months        how long after publishing the review comes
     */
    public static String text(Incident incident, String severityLabel, int months, Instant publishedAt,
                              List<ActionItem> actions, List<Repeat> repeats, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(":mag: *").append(months).append("-month review of ")
                .append(incident.humanId()).append(" · ").append(oneLine(incident.title())).append("* (")
                .append(severityLabel).append(", postmortem published ").append(DATE.format(publishedAt)).append(")");
        long done = actions.stream().filter(ActionItem::done).count();
        long counted = actions.stream().filter(a -> !a.dropped()).count(); // dropped on purpose: not owed
        if (actions.isEmpty()) {
            sb.append("\n*Action items:* none were recorded.");
        } else {
            sb.append("\n*Action items: ").append(done).append(" of ").append(counted).append(" done (")
                    .append(LearningStats.percent(done, counted)).append("%)*");
            for (ActionItem item : actions) {
                sb.append("\n").append(item.done() ? ":white_check_mark: " : item.dropped() ? ":heavy_minus_sign: " : ":x: ")
                        .append("#").append(item.number())
                        .append(" ").append(oneLine(item.what())).append(" — ")
                        .append(item.ownerId() == null ? "no owner" : "<@" + item.ownerId() + ">");
                if (item.due() != null) {
                    sb.append(", due ").append(item.due());
                }
                if (item.done() && item.doneAt() != null) {
                    sb.append(" — done after ").append(days(item.createdAt(), item.doneAt()));
                } else {
                    sb.append(" — open for ").append(days(item.createdAt(), now));
                    if (item.isOverdue(today)) {
                        sb.append(" (overdue)");
                    }
                }
            }
        }
        if (repeats.isEmpty()) {
            sb.append("\n*Later incidents:* none with a shared tag and a similar root cause so far.");
        } else {
            sb.append("\n*Later incidents with a shared tag and a similar root cause:*");
            for (Repeat r : repeats) {
                Incident later = r.incident();
                sb.append("\n• *").append(later.humanId()).append(" · ").append(oneLine(later.title())).append("* (")
                        .append(DATE.format(later.openedAt())).append(", ").append(later.severity().name())
                        .append(") — tags: ").append(String.join(", ", r.sharedTags()))
                        .append("; similar: ").append(String.join(", ", r.sharedWords()));
                if (later.channelId() != null) {
                    sb.append(" · <#").append(later.channelId()).append(">");
                }
            }
            sb.append("\n:warning: ").append(repeats.size() == 1 ? "This looks like a repeat" : "These look like repeats")
                    .append(": a repeat means the actions of ").append(incident.humanId())
                    .append(" did not work. Revisit them, and the open ones above.");
        }
        return sb.toString();
    }

    static String days(Instant from, Instant to) {
        long d = Math.max(0, Duration.between(from, to).toDays());
        return d + (d == 1 ? " day" : " days");
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replace('\n', ' ');
        return t.length() > 200 ? t.substring(0, 199) + "…" : t;
    }
}
