package io.incidentbot.postmortem;

import io.incidentbot.incident.LearningRepository.ActionItemFact;
import io.incidentbot.incident.LearningRepository.TagFact;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LearningStatsTest {

    @Test
    void completionIsCountedByTheQuarterItemsWereAdded() {
        List<LearningStats.Completion> q = LearningStats.completionByQuarter(List.of(
                new ActionItemFact(Instant.parse("2030-04-01T00:00:00Z"), false),
                new ActionItemFact(Instant.parse("2030-03-31T23:59:59Z"), true),
                new ActionItemFact(Instant.parse("2030-01-01T00:00:00Z"), false),
                new ActionItemFact(Instant.parse("2030-02-15T10:00:00Z"), true),
                new ActionItemFact(Instant.parse("2029-12-31T10:00:00Z"), true)));
        assertEquals(List.of(new LearningStats.Completion("2029-Q4", 1, 1), new LearningStats.Completion("2030-Q1", 2, 3),
                new LearningStats.Completion("2030-Q2", 0, 1)), q);
        assertEquals(67, q.get(1).percent());
        assertEquals(0, LearningStats.percent(0, 0));
    }

    @Test
    void incidentsAreCountedPerTagByTheMonthTheyOpened() {
        List<LearningStats.TagMonth> m = LearningStats.incidentsPerTagPerMonth(List.of(
                new TagFact(1, "db", Instant.parse("2030-03-02T00:00:00Z")),
                new TagFact(1, "deploy", Instant.parse("2030-03-02T00:00:00Z")),
                new TagFact(2, "db", Instant.parse("2030-03-30T00:00:00Z")),
                new TagFact(3, "network", Instant.parse("2030-01-30T00:00:00Z"))));
        assertEquals(List.of(new LearningStats.TagMonth("2030-01", Map.of("network", 1)),
                new LearningStats.TagMonth("2030-03", Map.of("db", 2, "deploy", 1))), m);
        assertEquals(List.of("db", "deploy"), List.copyOf(m.get(1).counts().keySet()), "tags in order");
    }
}
