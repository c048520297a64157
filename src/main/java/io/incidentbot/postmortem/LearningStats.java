package io.incidentbot.postmortem;

import io.incidentbot.incident.LearningRepository.ActionItemFact;
import io.incidentbot.incident.LearningRepository.TagFact;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learning loop in numbers: how many action items get done (by the quarter they were added) and
 * how often each tag comes up (incidents per tag, by the month they were opened). All UTC.
 */
public final class LearningStats {

    private LearningStats() {
    }

    /** Action items added in one quarter ("2030-Q1") and how many of them are done now. */
    public record Completion(String quarter, int done, int total) {
        public int percent() {
            return LearningStats.percent(done, total);
        }
    }

    /** Incidents opened in one month ("2030-03"), counted per tag (sorted by tag). */
    public record TagMonth(String month, Map<String, Integer> counts) {
    }

    /** Rounded percentage; 0 of 0 is 0. */
    public static int percent(long done, long total) {
        return total == 0 ? 0 : (int) Math.round(100.0 * done / total);
    }

    public static String quarter(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return t.getYear() + "-Q" + ((t.getMonthValue() - 1) / 3 + 1);
    }

    public static String month(Instant at) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return String.format("%04d-%02d", t.getYear(), t.getMonthValue());
    }

    /** Oldest quarter first. */
    public static List<Completion> completionByQuarter(List<ActionItemFact> items) {
        Map<String, int[]> byQuarter = new TreeMap<>();
        for (ActionItemFact item : items) {
            int[] counts = byQuarter.computeIfAbsent(quarter(item.createdAt()), q -> new int[2]);
            counts[1]++;
            if (item.done()) {
                counts[0]++;
            }
        }
        List<Completion> out = new ArrayList<>();
        byQuarter.forEach((q, c) -> out.add(new Completion(q, c[0], c[1])));
        return Collections.unmodifiableList(out);
    }

    /** Oldest month first; an incident with two tags counts once for each. */
    public static List<TagMonth> incidentsPerTagPerMonth(List<TagFact> tags) {
        Map<String, Map<String, Integer>> byMonth = new TreeMap<>();
        for (TagFact t : tags) {
            byMonth.computeIfAbsent(month(t.openedAt()), m -> new TreeMap<>()).merge(t.tag(), 1, Integer::sum);
        }
        List<TagMonth> out = new ArrayList<>();
        byMonth.forEach((m, counts) -> out.add(new TagMonth(m, Collections.unmodifiableMap(counts))));
        return Collections.unmodifiableList(out);
    }
}
