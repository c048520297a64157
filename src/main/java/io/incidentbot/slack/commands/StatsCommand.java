package io.incidentbot.slack.commands;

import io.incidentbot.incident.LearningService;
import io.incidentbot.postmortem.LearningStats;

import java.util.List;
import java.util.stream.Collectors;

/** {@code /incident stats}: action-item completion per quarter and incidents per tag per month. */
public final class StatsCommand implements Subcommand {
    static final int QUARTERS = 8;
    static final int MONTHS = 12;
    private final LearningService learning;

    public StatsCommand(LearningService learning) {
        this.learning = learning;
    }

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public String syntax() {
        return "stats";
    }

    @Override
    public String description() {
        return "action-item completion per quarter and incidents per tag per month";
    }

    @Override
    public String run(Invocation inv, String args) {
        StringBuilder sb = new StringBuilder("*Action items done, by the quarter they were added*");
        List<LearningStats.Completion> quarters = LearningStats.completionByQuarter(learning.actionItemFacts());
        if (quarters.isEmpty()) {
            sb.append("\nNo action items yet.");
        }
        for (LearningStats.Completion c : last(quarters, QUARTERS)) {
            sb.append("\n• ").append(c.quarter()).append(": ").append(c.done()).append(" of ").append(c.total())
                    .append(" done (").append(c.percent()).append("%)");
        }
        sb.append("\n*Incidents per tag, by the month they were opened*");
        List<LearningStats.TagMonth> months = LearningStats.incidentsPerTagPerMonth(learning.tagFacts());
        if (months.isEmpty()) {
            sb.append("\nNo tagged incidents yet: `/incident tag <tag> …` in an incident's channel.");
        }
        for (LearningStats.TagMonth m : last(months, MONTHS)) {
            sb.append("\n• ").append(m.month()).append(": ").append(m.counts().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" · ")));
        }
        return sb.toString();
    }

    private static <T> List<T> last(List<T> list, int n) {
        return list.subList(Math.max(0, list.size() - n), list.size());
    }
}
